/**
 * The repo's policy (`.hindsight/policy.yaml`): severities, statuses, roles, services, escalation policies,
 * review and runbook requirements, record folders. Loaded with precise, ranged problems; what is wrong
 * is reported and left out, what is right is used.
 */
import { parseYaml } from './yaml/index';
import { get, type YMap, type YNode, type YScalar } from './yaml/ast';
import { parseDuration } from './time';
import { listValues, moreYamlErrors, type Problem } from './problem';
import type { Calendar } from './calendar';
import { loadProcess } from './policyProcess';

export const MILESTONES = ['started', 'detected', 'acknowledged', 'mitigated', 'resolved'] as const;
export type Milestone = typeof MILESTONES[number];
/** Whether a key, a kind or a value names one of the milestones. */
export function isMilestone(s: string | undefined): s is Milestone { return (MILESTONES as readonly (string | undefined)[]).includes(s); }
export const BUILTIN_TIMELINE_KINDS = ['detected', 'acknowledged', 'escalated', 'action', 'communication', 'mitigated', 'resolved', 'note', 'status', 'severity', 'priority', 'role'];
export const INCIDENT_FIELDS = ['id', 'title', 'severity', 'status', 'services', 'commander', 'roles', 'escalation', ...MILESTONES, 'runbooks', 'review', 'timeline',
  'impact', 'urgency', 'priority', 'category', 'assigned_to'];
export const POLICY_PATH = '.hindsight/policy.yaml';

export interface Targets { acknowledge?: number; mitigate?: number; resolve?: number }
export interface Severity {
  id: string; title?: string; description?: string; escalation?: string;
  requires: string[]; reviewWithin?: number; reviewWithinText?: string; targets: Targets; targetsText: Record<string, string>;
}
export interface Status { id: string; title?: string; requires: Milestone[] }
export type EscalationKind = 'functional' | 'hierarchical';
/** `kind`: functional (to the next support group) or hierarchical (to management). */
export interface EscalationStep { after: number; afterText: string; notify: string[]; kind: EscalationKind }
/** An impact or urgency level, widest or most urgent first. */
export interface Level { id: string; title?: string; description?: string }
export interface Priority { id: string; title?: string; description?: string; targets: Targets; targetsText: Record<string, string>; calendar?: string; escalation?: string }
export interface Category { id: string; title?: string; subcategories: string[] }
export interface EscalationPolicy { id: string; repeat: number; steps: EscalationStep[] }
export interface Policy {
  severities: Severity[];
  statuses: Status[];
  roles: string[];
  /** undefined: any service; a list: the closed list. */
  services?: string[];
  timelineKinds: string[];
  escalationPolicies: EscalationPolicy[];
  /** The incident process (all optional: empty lists and no matrix when the policy does not define them). */
  impacts: Level[];
  urgencies: Level[];
  /** Most urgent first. */
  priorities: Priority[];
  /** impact -> urgency -> priority id; undefined when the policy has no matrix. */
  matrix?: Record<string, Record<string, string>>;
  calendars: Calendar[];
  /** undefined: any category (no check); a list: the closed two-level list. */
  categories?: Category[];
  /** A running target is at risk once this share of it has passed (0..1; `at_risk: 75%`). */
  atRisk: number;
  review: { requiredSections: string[]; reviewStatuses: string[] };
  /** `runUnlabeled`: the runbook panel offers Run for code blocks without a language (default: only shell-like ones). */
  runbook: { requiredSections: string[]; runUnlabeled: boolean };
  paths: { incidents: string[]; runbooks: string[]; reviews: string[] };
  /** Where the policy came from: the file path, or 'built-in'. */
  source: string;
}

export function defaultPolicy(): Policy {
  const t = (ack?: string, mit?: string, res?: string) => {
    const targetsText: Record<string, string> = {};
    if (ack) targetsText.acknowledge = ack; if (mit) targetsText.mitigate = mit; if (res) targetsText.resolve = res;
    return { targets: { acknowledge: parseDuration(ack), mitigate: parseDuration(mit), resolve: parseDuration(res) }, targetsText };
  };
  return {
    severities: [
      { id: 'SEV1', title: 'Critical', description: 'Customer-facing outage of a core service or data loss', requires: ['commander'], reviewWithin: parseDuration('5d'), reviewWithinText: '5d', ...t('5m', '1h', '4h') },
      { id: 'SEV2', title: 'Major', description: 'Major degradation for many customers', requires: ['commander'], reviewWithin: parseDuration('10d'), reviewWithinText: '10d', ...t('15m', '4h', '24h') },
      { id: 'SEV3', title: 'Minor', description: 'Minor degradation, a workaround exists', requires: [], ...t('1h', '1d') },
      { id: 'SEV4', title: 'Low', description: 'Cosmetic or internal-only impact', requires: [], ...t() },
    ],
    statuses: [
      { id: 'investigating', requires: [] },
      { id: 'identified', requires: [] },
      { id: 'mitigated', requires: ['mitigated'] },
      { id: 'resolved', requires: ['resolved'] },
      { id: 'closed', requires: ['mitigated', 'resolved'] },
    ],
    roles: ['commander', 'scribe', 'communications', 'subject-matter-expert'],
    services: undefined,
    timelineKinds: [...BUILTIN_TIMELINE_KINDS],
    escalationPolicies: [],
    impacts: [], urgencies: [], priorities: [], matrix: undefined, calendars: [], categories: undefined, atRisk: 0.75,
    review: { requiredSections: ['Summary', 'Impact', 'Timeline', 'Contributing Factors', 'Action Items', 'Lessons Learned'], reviewStatuses: ['draft', 'in-review', 'published'] },
    runbook: { requiredSections: [], runUnlabeled: false },
    paths: { incidents: ['incidents'], runbooks: ['runbooks'], reviews: ['reviews', 'postmortems'] },
    source: 'built-in',
  };
}

/** A timeline kind that records the incident's lifecycle: a status change (`status`, or a status's own id), `severity`, `priority` or `role` (who holds a role). */
export function isLifecycleKind(policy: Policy, kind: string): boolean {
  return kind === 'status' || kind === 'severity' || kind === 'priority' || kind === 'role' || policy.statuses.some((s) => s.id === kind);
}

/** A status is terminal (the incident is over) when it requires the `resolved` milestone. */
export function isActiveStatus(policy: Policy, status: string | undefined): boolean {
  const s = policy.statuses.find((x) => x.id === status);
  return !s || !s.requires.includes('resolved');
}

/** The ids of the policy's statuses that keep an incident active (a set: asked once per incident on a load). */
export function activeStatusIds(policy: Policy): ReadonlySet<string> {
  return new Set(policy.statuses.filter((s) => isActiveStatus(policy, s.id)).map((s) => s.id));
}

export interface PolicyLoad { policy: Policy; problems: Problem[]; /** false when the file could not be used at all */ usable: boolean }

type Reporter = (node: { start: number; end: number } | undefined, message: string, code?: string) => void;

export function loadPolicy(text: string, file = POLICY_PATH): PolicyLoad {
  const problems: Problem[] = [];
  const report: Reporter = (node, message, code = 'policy-invalid') => {
    problems.push({ file, start: node?.start ?? 0, end: node?.end ?? 0, severity: 'error', code, message });
  };
  // The fast subset parser when the file is in its subset (it agrees with `yaml` there), `yaml` otherwise.
  const parsed = parseYaml(text, 0, text.length);
  // With a syntax error, only the first one (what follows it, duplicate keys included, is often its echo).
  const syntax = parsed.errors.filter((e) => e.code !== 'duplicate-key');
  for (const e of syntax.length ? syntax.slice(0, 1) : parsed.errors) {
    const more = e.code !== 'duplicate-key' && syntax.length > 1 ? moreYamlErrors(syntax.length - 1) : '';
    problems.push({ file, start: e.start, end: e.end, severity: 'error', code: e.code === 'duplicate-key' ? 'policy-duplicate-key' : 'policy-yaml-syntax', message: e.message + more });
  }
  const root = parsed.root;
  const policy = defaultPolicy();
  policy.source = file;
  if (parsed.errors.some((e) => e.code !== 'duplicate-key') || !root || root.type !== 'map') {
    if (!parsed.errors.length) report(root ?? undefined, 'The policy must be a YAML mapping (severities:, statuses:, ...)');
    return { policy: { ...defaultPolicy(), source: 'built-in' }, problems, usable: false };
  }
  checkKeys(root, ['severities', 'statuses', 'roles', 'services', 'timeline_kinds', 'escalation_policies', 'review', 'runbook', 'paths',
    'impacts', 'urgencies', 'priorities', 'priority_matrix', 'calendars', 'categories', 'at_risk'], report, 'policy');

  const strList = (node: YNode | undefined, what: string): { text: string; node: YScalar }[] | undefined => {
    if (!node || (node.type === 'scalar' && node.value === null)) return undefined;
    if (node.type !== 'seq') { report(node, `${what} must be a list`); return undefined; }
    const out: { text: string; node: YScalar }[] = [];
    for (const item of node.items) {
      if (item.type !== 'scalar' || item.value === null || item.value === '') { report(item, `${what}: each item must be a non-empty string`); continue; }
      out.push({ text: String(item.value), node: item });
    }
    return out;
  };
  const str = (node: YNode | undefined, what: string): string | undefined => {
    if (!node || (node.type === 'scalar' && node.value === null)) return undefined;
    if (node.type !== 'scalar') { report(node, `${what} must be a string`); return undefined; }
    return String(node.value);
  };
  const dur = (node: YNode | undefined, what: string): [number | undefined, string | undefined] => {
    const s = str(node, what);
    if (s === undefined) return [undefined, undefined];
    const d = parseDuration(s);
    if (d === undefined) { report(node, `${what}: '${s}' is not a duration; write <number><m|h|d>, e.g. 15m, 4h, 5d`, 'policy-bad-duration'); return [undefined, undefined]; }
    return [d, s];
  };
  const idList = <T extends { id: string }>(node: YNode | undefined, what: string, each: (m: YMap, id: string) => T | undefined): T[] | undefined => {
    if (!node || (node.type === 'scalar' && node.value === null)) return undefined;
    if (node.type !== 'seq') { report(node, `${what} must be a list of entries with an id`); return undefined; }
    const out: T[] = [];
    const seen = new Set<string>();
    for (const item of node.items) {
      if (item.type !== 'map') { report(item, `${what}: each entry must be a mapping with an id`); continue; }
      const idNode = get(item, 'id');
      const id = str(idNode, `${what}: id`);
      if (!id) { report(item, `${what}: entry without an id; add 'id:'`, 'policy-missing-id'); continue; }
      if (seen.has(id)) { report(idNode, `${what}: duplicate id '${id}'`, 'policy-duplicate-id'); continue; }
      seen.add(id);
      const v = each(item, id);
      if (v) out.push(v);
    }
    return out;
  };

  // A `targets:` mapping of acknowledge/mitigate/resolve to durations (on a severity or a priority).
  const readTargets = (m: YMap, where: string): { targets: Targets; targetsText: Record<string, string> } => {
    const targets: Targets = {};
    const targetsText: Record<string, string> = {};
    const tn = get(m, 'targets');
    if (tn && !(tn.type === 'scalar' && tn.value === null)) {
      if (tn.type !== 'map') report(tn, `${where}: targets must be a mapping of acknowledge/mitigate/resolve to durations`);
      else {
        checkKeys(tn, ['acknowledge', 'mitigate', 'resolve'], report, `${where} targets`);
        for (const k of ['acknowledge', 'mitigate', 'resolve'] as const) {
          const [d, txt] = dur(get(tn, k), `${where} targets.${k}`);
          if (d !== undefined) { targets[k] = d; targetsText[k] = txt!; }
        }
        if (targets.acknowledge !== undefined && targets.mitigate !== undefined && targets.mitigate < targets.acknowledge) report(get(tn, 'mitigate'), `${where}: the mitigate target is shorter than the acknowledge target`, 'policy-steps-order');
        if (targets.mitigate !== undefined && targets.resolve !== undefined && targets.resolve < targets.mitigate) report(get(tn, 'resolve'), `${where}: the resolve target is shorter than the mitigate target`, 'policy-steps-order');
      }
    }
    return { targets, targetsText };
  };

  // roles, services, timeline kinds
  const roles = strList(get(root, 'roles'), 'roles');
  if (roles) policy.roles = roles.map((r) => r.text);
  const services = strList(get(root, 'services'), 'services');
  if (services) policy.services = services.map((r) => r.text);
  const kinds = strList(get(root, 'timeline_kinds'), 'timeline_kinds');
  if (kinds) policy.timelineKinds = [...new Set([...BUILTIN_TIMELINE_KINDS, ...kinds.map((k) => k.text)])];

  // escalation policies
  const esc = idList(get(root, 'escalation_policies'), 'escalation_policies', (m, id) => {
    checkKeys(m, ['id', 'title', 'description', 'repeat', 'steps'], report, `escalation policy '${id}'`);
    let repeat = 0;
    const rn = get(m, 'repeat');
    if (rn && !(rn.type === 'scalar' && rn.value === null)) {
      if (rn.type !== 'scalar' || typeof rn.value !== 'number' || !Number.isInteger(rn.value) || rn.value < 0) report(rn, `escalation policy '${id}': repeat must be a whole number >= 0`);
      else repeat = rn.value;
    }
    const steps: EscalationStep[] = [];
    const sn = get(m, 'steps');
    if (!sn || sn.type !== 'seq' || sn.items.length === 0) report(sn ?? m.items[0]?.key, `escalation policy '${id}': needs 'steps:', a list of { after, notify }`, 'policy-missing-steps');
    else {
      let prev = -1;
      for (const s of sn.items) {
        if (s.type !== 'map') { report(s, `escalation policy '${id}': each step must be a mapping with after and notify`); continue; }
        checkKeys(s, ['after', 'notify', 'kind'], report, `escalation policy '${id}' step`);
        const kindText = str(get(s, 'kind'), `escalation policy '${id}' step kind`);
        if (kindText !== undefined && kindText !== 'functional' && kindText !== 'hierarchical') report(get(s, 'kind'), `escalation policy '${id}': step kind '${kindText}' must be functional (the next support group) or hierarchical (management)`);
        const kind: EscalationKind = kindText === 'hierarchical' ? 'hierarchical' : 'functional';
        const [after, afterText] = dur(get(s, 'after'), `escalation policy '${id}' step after`);
        if (after === undefined) { if (!get(s, 'after')) report(s, `escalation policy '${id}': step without 'after:'`); continue; }
        if (after <= prev) report(get(s, 'after'), `escalation policy '${id}': step after ${afterText} must come later than the step before it`, 'policy-steps-order');
        prev = Math.max(prev, after);
        const notify = strList(get(s, 'notify'), `escalation policy '${id}' notify`) ?? [];
        if (!notify.length) report(get(s, 'notify') ?? s, `escalation policy '${id}': step needs 'notify:' with at least one target (e.g. schedule:primary, user:alice, team:sre)`);
        for (const n of notify) if (!/^(schedule|user|team|email|webhook|channel):\S+$/.test(n.text)) report(n.node, `escalation policy '${id}': notify target '${n.text}' must be kind:name with kind one of schedule, user, team, email, webhook, channel`, 'policy-bad-target');
        steps.push({ after, afterText: afterText!, notify: notify.map((n) => n.text), kind });
      }
    }
    return { id, repeat, steps };
  });
  if (esc) policy.escalationPolicies = esc;
  const escIds = policy.escalationPolicies.map((e) => e.id);
  loadProcess(root, policy, { report, str, strList, idList, checkKeys: (m, allowed, where) => checkKeys(m, allowed, report, where), targets: (m, where) => readTargets(m, where) });

  // statuses
  const statuses = idList(get(root, 'statuses'), 'statuses', (m, id) => {
    checkKeys(m, ['id', 'title', 'description', 'requires'], report, `status '${id}'`);
    const req = strList(get(m, 'requires'), `status '${id}' requires`) ?? [];
    const requires: Milestone[] = [];
    for (const r of req) {
      if (isMilestone(r.text)) requires.push(r.text);
      else report(r.node, `status '${id}' requires: '${r.text}' is not a milestone; use one of ${MILESTONES.join(', ')}`, 'policy-unknown-reference');
    }
    return { id, title: str(get(m, 'title'), 'title'), requires };
  });
  if (statuses) {
    if (!statuses.length) report(get(root, 'statuses'), 'statuses: at least one status is needed');
    else policy.statuses = statuses;
  }

  // severities
  const sevs = idList(get(root, 'severities'), 'severities', (m, id) => {
    checkKeys(m, ['id', 'title', 'description', 'escalation', 'requires', 'review_within', 'targets'], report, `severity '${id}'`);
    const escalation = str(get(m, 'escalation'), `severity '${id}' escalation`);
    if (escalation !== undefined && !escIds.includes(escalation)) report(get(m, 'escalation'), `severity '${id}': escalation policy '${escalation}' is not defined under escalation_policies (defined: ${listValues(escIds)})`, 'policy-unknown-reference');
    const requires: string[] = [];
    for (const r of strList(get(m, 'requires'), `severity '${id}' requires`) ?? []) {
      if (INCIDENT_FIELDS.includes(r.text) || policy.roles.includes(r.text)) requires.push(r.text);
      else report(r.node, `severity '${id}' requires: '${r.text}' is neither an incident field nor a role; use one of ${listValues([...INCIDENT_FIELDS, ...policy.roles.filter((x) => !INCIDENT_FIELDS.includes(x))], 40)}`, 'policy-unknown-reference');
    }
    const [reviewWithin, reviewWithinText] = dur(get(m, 'review_within'), `severity '${id}' review_within`);
    const { targets, targetsText } = readTargets(m, `severity '${id}'`);
    return { id, title: str(get(m, 'title'), 'title'), description: str(get(m, 'description'), 'description'), escalation, requires, reviewWithin, reviewWithinText, targets, targetsText };
  });
  if (sevs) {
    if (!sevs.length) report(get(root, 'severities'), 'severities: at least one severity is needed');
    else policy.severities = sevs;
  }

  // review / runbook / paths
  const section = (key: 'review' | 'runbook') => {
    const n = get(root, key);
    if (!n || (n.type === 'scalar' && n.value === null)) return;
    if (n.type !== 'map') { report(n, `${key} must be a mapping`); return; }
    checkKeys(n, key === 'runbook' ? ['required_sections', 'run_unlabeled_blocks'] : ['required_sections'], report, key);
    const rs = strList(get(n, 'required_sections'), `${key}.required_sections`);
    if (rs) policy[key].requiredSections = rs.map((x) => x.text);
    if (key === 'runbook') {
      const ru = get(n, 'run_unlabeled_blocks');
      if (ru && !(ru.type === 'scalar' && ru.value === null)) {
        if (ru.type === 'scalar' && typeof ru.value === 'boolean') policy.runbook.runUnlabeled = ru.value;
        else report(ru, 'runbook.run_unlabeled_blocks must be true or false');
      }
    }
  };
  section('review');
  section('runbook');
  const pn = get(root, 'paths');
  if (pn && !(pn.type === 'scalar' && pn.value === null)) {
    if (pn.type !== 'map') report(pn, 'paths must be a mapping of incidents/runbooks/reviews to folder lists');
    else {
      checkKeys(pn, ['incidents', 'runbooks', 'reviews'], report, 'paths');
      for (const k of ['incidents', 'runbooks', 'reviews'] as const) {
        const l = strList(get(pn, k), `paths.${k}`);
        if (!l) continue;
        const folders: string[] = [];
        for (const f of l) {
          const norm = normalizeFolder(f.text);
          if (norm === undefined) report(f.node, `paths.${k}: '${f.text}' must be a folder relative to the repo root, without '..'`, 'policy-bad-path');
          // Folders never read for records (git's own, dependencies, Hindsight's): records there would be neither
          // checked nor shown, and `new` would write into them (.git/hooks).
          else if (norm.split('/').some(isSkippedFolder)) report(f.node, `paths.${k}: '${f.text}' is in a folder Hindsight never reads for records (${norm.split('/').find(isSkippedFolder)}/: hidden folders such as .git, and node_modules); choose another folder`, 'policy-bad-path');
          else folders.push(norm);
        }
        policy.paths[k] = folders;
      }
    }
  }
  return { policy, problems, usable: true };
}

export function normalizeFolder(p: string): string | undefined {
  const s = p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (!s || s.startsWith('/') || /^[A-Za-z]:/.test(s) || s.split('/').some((seg) => seg === '..' || seg === '')) return undefined;
  return s;
}

function checkKeys(m: YMap, allowed: string[], report: Reporter, where: string): void {
  for (const p of m.items) {
    const k = String(p.key.value);
    if (!allowed.includes(k)) report(p.key, `${where}: unknown key '${k}'; allowed: ${allowed.join(', ')}`, 'policy-unknown-key');
  }
}

/** A folder the repo's walk never enters for records: hidden ones (.git, .hindsight ...) and node_modules. */
export function isSkippedFolder(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

export function findSeverity(policy: Policy, id: string | undefined): Severity | undefined {
  return id === undefined ? undefined : policy.severities.find((s) => s.id === id);
}

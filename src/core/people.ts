/** Who to suggest where a person is needed (a commander, a role, an owner): the repo's own history. */
import type { RecordSummary } from './summary';
import { get, scalarText, type YMap } from './yaml/index';
import { findSeverity, type Policy } from './policy';

/** Values that stand for nobody (TBD, TODO, ?, n/a ...): a required person or role written so counts as missing. */
const PLACEHOLDER = /^\s*(tbd|tba|todo|fixme|\?+|n\/a|na|none|unknown|-+)\s*$/i;
export function isPlaceholder(text: string | undefined): boolean { return text !== undefined && PLACEHOLDER.test(text); }

/**
 * People to suggest: the given user (git's user.name, the responder setting) first, then the incidents'
 * commanders and the reviews' authors, most frequent first (ties by name). Placeholders are never suggested.
 */
export function suggestPeople(records: readonly RecordSummary[], opts: { me?: string; limit?: number; first?: readonly string[] } = {}): string[] {
  const count = new Map<string, number>();
  const add = (p: string | undefined) => { if (p && !isPlaceholder(p)) count.set(p, (count.get(p) ?? 0) + 1); };
  for (const r of records) {
    if (r.kind === 'incident') add(r.commander);
    else if (r.kind === 'review') for (const a of r.authors) add(a);
  }
  const ranked = [...count.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([p]) => p);
  const me = opts.me && !isPlaceholder(opts.me) ? [opts.me] : [];
  const first = (opts.first ?? []).filter((p) => p.trim() && !isPlaceholder(p));
  return [...new Set([...first, ...me, ...ranked])].slice(0, (opts.limit ?? 8) + first.length);
}

/** An incident's people (its front matter's root): the commander, then the roles' people in order; no placeholders, no repeats. */
export function incidentPeople(root: YMap | null | undefined): string[] {
  const out: string[] = [];
  const add = (p: string | undefined) => { const t = p?.trim(); if (t && !isPlaceholder(t) && !out.includes(t)) out.push(t); };
  add(scalarText(get(root, 'commander')));
  const roles = get(root, 'roles');
  if (roles?.type === 'map') for (const pair of roles.items) if (pair.value.type === 'scalar') add(scalarText(pair.value));
  return out;
}

/**
 * The people a severity requires, in the policy's order: `commander` (the incident's field) and the roles of
 * the policy (written under `roles:`). Other required fields are not people and are not asked for.
 */
export function requiredPeople(policy: Policy, severity: string | undefined): string[] {
  const sev = findSeverity(policy, severity);
  return sev ? sev.requires.filter((f) => f === 'commander' || policy.roles.includes(f)) : [];
}

/** One of an incident's roles as shown beside it: who holds it (undefined when nobody, or a placeholder), and whether its severity requires it. */
export interface IncidentRole { role: string; person?: string; required: boolean }

/**
 * An incident's roles, for a header or a form: the commander first, then the roles its severity requires, then
 * the other roles written in its `roles:` (in the file's order). A placeholder (TBD) holds nothing.
 */
export function incidentRoles(root: YMap | null | undefined, policy: Policy, severity: string | undefined): IncidentRole[] {
  const required = requiredPeople(policy, severity);
  const roles = get(root, 'roles');
  const written = roles?.type === 'map' ? roles.items.flatMap((p) => (p.key.type === 'scalar' && p.key.value !== null ? [String(p.key.value)] : [])) : [];
  const holder = (role: string) => {
    const v = role === 'commander' ? scalarText(get(root, 'commander')) ?? scalarText(get(roles?.type === 'map' ? roles : undefined, 'commander')) : scalarText(get(roles?.type === 'map' ? roles : undefined, role));
    const t = v?.trim();
    return t && !isPlaceholder(t) ? t : undefined;
  };
  return [...new Set(['commander', ...required, ...written])].map((role) => {
    const person = holder(role);
    return { role, required: required.includes(role), ...(person === undefined ? {} : { person }) };
  });
}

/** The small, flat facts about a record that the index, the tree views and the cross-file rules need. */
import { get, scalarText, stringList, type KeySet, type YMap } from './yaml/index';
import { MILESTONES, type Milestone, type Policy } from './policy';
import { parseRecord, type ParsedRecord, type RecordKind } from './record';

export interface ActionItemSummary { id?: string; title?: string; owner?: string; due?: string; status?: string; type?: string; link?: string }

export interface RecordSummary {
  path: string;
  kind: RecordKind;
  title?: string;
  /** Whether the front matter parsed (false: YAML errors, unterminated, unsupported). */
  ok: boolean;
  // incident
  id?: string;
  severity?: string;
  status?: string;
  services: readonly string[];
  commander?: string;
  escalation?: string;
  /** The incident process (issue 18): as written; the priority derived from the matrix is the core's business (sla.ts). */
  impact?: string; urgency?: string; priority?: string; category?: string; assignedTo?: string;
  milestones: Partial<Record<Milestone, string>>;
  review?: string;
  runbooks: readonly string[];
  timelineCount: number;
  // review
  incident?: string;
  authors: readonly string[];
  date?: string;
  actionItems: readonly ActionItemSummary[];
  // runbook
  alerts: readonly string[];
  owner?: string;
  lastReviewed?: string;
  reviewEvery?: string;
}

/** The top-level keys summarize() reads; `timeline` only for its length. */
const SUMMARY_KEYS: ReadonlySet<string> = new Set(['type', 'title', 'id', 'severity', 'status', 'services', 'commander', 'roles', 'escalation', ...MILESTONES,
  'impact', 'urgency', 'priority', 'category', 'assigned_to',
  'review', 'runbooks', 'incident', 'authors', 'date', 'action_items', 'alerts', 'owner', 'last_reviewed', 'review_every']);

/**
 * What a shallow parse (for summaries only) skips: every top-level key summarize() does not read, and the items
 * of `timeline` (only counted). The summary of a shallow parse is the summary of the full parse wherever the
 * front matter is valid YAML (property tests in test/unit/summary-scan.test.ts).
 */
export const SHALLOW_SKIP: KeySet = { has: (key) => key === 'timeline' || !SUMMARY_KEYS.has(key), counts: (key) => key === 'timeline' };

export function summarize(rec: ParsedRecord): RecordSummary | null {
  if (!rec.kind) return null;
  const root: YMap | null = rec.root;
  const s = (k: string) => scalarText(get(root, k));
  const milestones: Partial<Record<Milestone, string>> = {};
  if (rec.kind === 'incident') for (const m of MILESTONES) { const v = s(m); if (v !== undefined) milestones[m] = v; }
  const tl = get(root, 'timeline');
  const ai = get(root, 'action_items');
  const actionItems: ActionItemSummary[] = [];
  if (rec.kind === 'review' && ai?.type === 'seq') {
    for (const item of ai.items) {
      if (item.type !== 'map') continue;
      const f = (k: string) => scalarText(get(item, k));
      actionItems.push({ id: f('id'), title: f('title'), owner: f('owner'), due: f('due'), status: f('status'), type: f('type'), link: f('link') });
    }
  }
  let title = s('title');
  if (title === undefined) {
    // Records without front matter (most real runbooks): the first heading is the title.
    const m = /^#\s+(.+)$/m.exec(rec.text.slice(rec.split.bodyStart, rec.split.bodyStart + 4096));
    if (m) title = m[1].trim();
  }
  return {
    path: rec.path, kind: rec.kind, title,
    ok: !rec.problems.some((p) => p.severity === 'error' && (p.code.startsWith('yaml') || p.code.startsWith('frontmatter-un'))),
    id: s('id'), severity: s('severity'), status: s('status'),
    services: stringList(get(root, 'services')).map((x) => x.text),
    commander: s('commander') ?? scalarText(get(get(root, 'roles') as YMap, 'commander')),
    escalation: s('escalation'), milestones,
    impact: s('impact'), urgency: s('urgency'), priority: s('priority'), category: s('category'), assignedTo: s('assigned_to'),
    review: s('review'), runbooks: stringList(get(root, 'runbooks')).map((x) => x.text),
    timelineCount: tl?.type === 'seq' ? tl.count ?? tl.items.length : 0,
    incident: s('incident'), authors: stringList(get(root, 'authors')).map((x) => x.text), date: s('date'), actionItems,
    alerts: stringList(get(root, 'alerts')).map((x) => x.text), owner: s('owner'), lastReviewed: s('last_reviewed'), reviewEvery: s('review_every'),
  };
}

/** The index's summary of a text: a shallow parse (every key the summary does not read skipped), detached. */
export function indexSummary(path: string, text: string, policy: Policy): RecordSummary | null {
  const r = summarize(parseRecord(path, text, policy, { skip: SHALLOW_SKIP }));
  return r && detach(r);
}

/**
 * The summary with every string copied out of the record's text, and empty lists shared. JavaScript engines keep
 * a slice of 13 or more characters as a view into the string it was cut from, so a summary of short values would
 * otherwise keep its whole file alive: 10,000 summaries held ~23 MB of record texts (and the garbage collector
 * copied them on every promotion). Joining two pieces makes one flat copy of just the value (a concatenation
 * sliced again would keep a view object as well as the copy: 60,000 more objects for 10,000 records).
 */
function detach(r: RecordSummary): RecordSummary {
  r.title = own(r.title); r.id = own(r.id); r.severity = own(r.severity); r.status = own(r.status);
  r.commander = own(r.commander); r.escalation = own(r.escalation); r.review = own(r.review); r.incident = own(r.incident);
  r.impact = own(r.impact); r.urgency = own(r.urgency); r.priority = own(r.priority); r.category = own(r.category); r.assignedTo = own(r.assignedTo);
  r.date = own(r.date); r.owner = own(r.owner); r.lastReviewed = own(r.lastReviewed); r.reviewEvery = own(r.reviewEvery);
  for (const m of MILESTONES) if (r.milestones[m] !== undefined) r.milestones[m] = own(r.milestones[m]);
  r.services = ownAll(r.services); r.runbooks = ownAll(r.runbooks); r.authors = ownAll(r.authors); r.alerts = ownAll(r.alerts);
  if (!r.actionItems.length) r.actionItems = NONE;
  for (const a of r.actionItems) {
    for (const k in a) { const v = a[k as keyof ActionItemSummary]; if (v !== undefined) a[k as keyof ActionItemSummary] = own(v); }
  }
  return r;
}
/** The one empty list every summary without services (authors, alerts ...) shares; frozen, so a mutation throws. */
export const NONE: readonly never[] = Object.freeze([]);
function own<T extends string | undefined>(s: T): T { return (s === undefined || s.length < 13 ? s : [s.slice(0, 1), s.slice(1)].join('')) as T; }
function ownAll(l: readonly string[]): readonly string[] { return l.length ? l.map((x) => own(x)) : NONE; }

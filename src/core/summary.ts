/** The small, flat facts about a record that the index, the tree views and the cross-file rules need. */
import { get, scalarText, stringList, type KeySet, type YMap, type YNode } from './yaml/index';
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
  /**
   * Set on a record whose front matter stopped parsing while it was edited (see keepLastParsed): its fields are
   * those it had when it last parsed, so the views keep it where it was. Never saved; never from a read alone.
   */
  lastParsed?: true;
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

/**
 * A summary with every field in place: one object shape for every record. Without `s`, none set; with `s`, a
 * summary saved without its path, empty lists and unset fields (as JSON keeps it), read field by field (an
 * Object.assign from JSON.parse's dozen shapes was a third of restoring a saved index; objects of those shapes
 * made every view built from them twice as slow).
 */
function summaryOf(path: string, kind: RecordKind, ok: boolean, s?: Partial<RecordSummary>): RecordSummary {
  return {
    path, kind, title: s?.title, ok,
    id: s?.id, severity: s?.severity, status: s?.status, services: s?.services ?? NONE, commander: s?.commander, escalation: s?.escalation,
    impact: s?.impact, urgency: s?.urgency, priority: s?.priority, category: s?.category, assignedTo: s?.assignedTo,
    milestones: s?.milestones ?? {}, review: s?.review, runbooks: s?.runbooks ?? NONE, timelineCount: s?.timelineCount ?? 0,
    incident: s?.incident, authors: s?.authors ?? NONE, date: s?.date,
    actionItems: s?.actionItems?.map((a) => ({ id: a.id, title: a.title, owner: a.owner, due: a.due, status: a.status, type: a.type, link: a.link })) ?? NONE,
    alerts: s?.alerts ?? NONE, owner: s?.owner, lastReviewed: s?.lastReviewed, reviewEvery: s?.reviewEvery,
  };
}

/**
 * The fields of a saved summary, in order: the index cache saves a summary as the array of their values (a quarter
 * smaller than an object, and JSON.parse reads arrays faster). Every field but the path and lastParsed (never saved;
 * checked below).
 */
const SAVED_FIELDS = ['kind', 'ok', 'title', 'id', 'severity', 'status', 'services', 'commander', 'escalation', 'impact', 'urgency',
  'priority', 'category', 'assignedTo', 'milestones', 'review', 'runbooks', 'timelineCount', 'incident', 'authors', 'date',
  'actionItems', 'alerts', 'owner', 'lastReviewed', 'reviewEvery'] as const satisfies readonly (keyof RecordSummary)[];
const everyFieldSaved: [Exclude<keyof RecordSummary, 'path' | 'lastParsed' | typeof SAVED_FIELDS[number]>] extends [never] ? true : never = true;
void everyFieldSaved;

/** A summary as the index cache saves it: its fields' values, null for unset and empty ones, trailing nulls left out. */
export function savedSummary(r: RecordSummary): unknown[] {
  const out: unknown[] = [];
  for (const k of SAVED_FIELDS) {
    const v = r[k];
    out.push(v === undefined || v === 0 || (Array.isArray(v) && !v.length) || (k === 'milestones' && !Object.keys(v as object).length) ? null : v);
  }
  while (out.length && out[out.length - 1] === null) out.pop();
  return out;
}

/** A saved summary back in the shape summarize() makes (see summaryOf); undefined when it is not one. */
export function restoreSummary(path: string, saved: unknown): RecordSummary | undefined {
  if (!Array.isArray(saved) || (saved[0] !== 'incident' && saved[0] !== 'review' && saved[0] !== 'runbook')) return undefined;
  const s: Record<string, unknown> = {};
  for (let i = 2; i < saved.length; i++) if (saved[i] !== null) s[SAVED_FIELDS[i]] = saved[i];
  return summaryOf(path, saved[0] as RecordKind, saved[1] === true, s as Partial<RecordSummary>);
}

/**
 * The summary of a parsed record: one pass over the top-level pairs (the last of a repeated key wins, as in
 * `get`), not a search of the mapping per field: 30 searches of ~16 pairs were a fifth of a first open's index.
 */
export function summarize(rec: ParsedRecord): RecordSummary | null {
  const kind = rec.kind;
  if (!kind) return null;
  const r = summaryOf(rec.path, kind, !rec.problems.some((p) => p.severity === 'error' && (p.code.startsWith('yaml') || p.code.startsWith('frontmatter-un'))));
  let commander: YNode | undefined;
  let roles: YNode | undefined;
  const items = rec.root?.items ?? [];
  for (let i = 0; i < items.length; i++) {
    const v = items[i].value;
    switch (items[i].key.value) {
      case 'title': r.title = str(v); break;
      case 'id': r.id = str(v); break;
      case 'severity': r.severity = str(v); break;
      case 'status': r.status = str(v); break;
      case 'services': r.services = texts(v); break;
      case 'commander': commander = v; break;
      case 'roles': roles = v; break;
      case 'escalation': r.escalation = str(v); break;
      case 'impact': r.impact = str(v); break;
      case 'urgency': r.urgency = str(v); break;
      case 'priority': r.priority = str(v); break;
      case 'category': r.category = str(v); break;
      case 'assigned_to': r.assignedTo = str(v); break;
      case 'review': r.review = str(v); break;
      case 'runbooks': r.runbooks = texts(v); break;
      case 'timeline': r.timelineCount = v.type === 'seq' ? v.count ?? v.items.length : 0; break;
      case 'incident': r.incident = str(v); break;
      case 'authors': r.authors = texts(v); break;
      case 'date': r.date = str(v); break;
      case 'action_items': r.actionItems = kind === 'review' ? actionItems(v) : NONE; break;
      case 'alerts': r.alerts = texts(v); break;
      case 'owner': r.owner = str(v); break;
      case 'last_reviewed': r.lastReviewed = str(v); break;
      case 'review_every': r.reviewEvery = str(v); break;
      case 'started': case 'detected': case 'acknowledged': case 'mitigated': case 'resolved':
        if (kind === 'incident') { const t = str(v); if (t === undefined) delete r.milestones[items[i].key.value as Milestone]; else r.milestones[items[i].key.value as Milestone] = t; }
        break;
    }
  }
  r.commander = str(commander) ?? str(get(roles as YMap, 'commander'));
  if (r.title === undefined) {
    // Records without front matter (most real runbooks): the first heading is the title.
    const m = /^#\s+(.+)$/m.exec(rec.text.slice(rec.split.bodyStart, rec.split.bodyStart + 4096));
    if (m) r.title = own(m[1].trim());
  }
  return r;
}

/**
 * A scalar's text as a string of its own. JavaScript engines keep a slice of 13 or more characters as a view into
 * the string it was cut from, so a summary of short values would otherwise keep its whole file alive: 10,000
 * summaries held ~23 MB of record texts (and the garbage collector copied them on every promotion).
 */
function str(node: YNode | undefined): string | undefined { return own(scalarText(node)); }

function texts(node: YNode): readonly string[] {
  const l = stringList(node);
  return l.length ? l.map((x) => own(x.text)) : NONE;
}

function actionItems(node: YNode): readonly ActionItemSummary[] {
  if (node.type !== 'seq') return NONE;
  const out: ActionItemSummary[] = [];
  for (const item of node.items) {
    if (item.type !== 'map') continue;
    const a: ActionItemSummary = { id: undefined, title: undefined, owner: undefined, due: undefined, status: undefined, type: undefined, link: undefined };
    for (const p of item.items) {
      switch (p.key.value) {
        case 'id': a.id = str(p.value); break;
        case 'title': a.title = str(p.value); break;
        case 'owner': a.owner = str(p.value); break;
        case 'due': a.due = str(p.value); break;
        case 'status': a.status = str(p.value); break;
        case 'type': a.type = str(p.value); break;
        case 'link': a.link = str(p.value); break;
      }
    }
    out.push(a);
  }
  return out.length ? out : NONE;
}

/** The index's summary of a text: a shallow parse (every key the summary does not read skipped). */
export function indexSummary(path: string, text: string, policy: Policy): RecordSummary | null {
  return summarize(parseRecord(path, text, policy, { skip: SHALLOW_SKIP }));
}

/**
 * The summary to keep for a record edited from `before` into `after`: `after`, unless its front matter no longer
 * parses (a typo mid-edit, a half-typed value) where it did, or did when it was last kept so. Then the fields
 * it had when it last parsed, not ok and marked `lastParsed`: an incident being typed into does not jump to
 * *No status* and back with every keystroke, and the records that point at it keep finding it. Its diagnostics
 * come from the text, and say what broke.
 */
export function keepLastParsed(before: RecordSummary | null | undefined, after: RecordSummary | null): RecordSummary | null {
  if (!after || after.ok || !before || before.kind !== after.kind || before.path !== after.path) return after;
  if (before.lastParsed) return before;
  return before.ok ? { ...before, ok: false, lastParsed: true } : after;
}

/** The one empty list every summary without services (authors, alerts ...) shares; frozen, so a mutation throws. */
export const NONE: readonly never[] = Object.freeze([]);
/**
 * A flat copy of a long string: joining two pieces makes one flat copy of just the value (a concatenation sliced
 * again would keep a view object as well as the copy: 60,000 more objects for 10,000 records).
 */
function own<T extends string | undefined>(s: T): T { return (s === undefined || s.length < 13 ? s : [s.slice(0, 1), s.slice(1)].join('')) as T; }

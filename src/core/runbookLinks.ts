/**
 * Runbooks for an incident: which runbooks fit it (its services, and alerts its text names) in the order a
 * responder picks from, and the minimal edit that records the chosen one in the incident's `runbooks:`.
 */
import { splitFrontMatter } from './frontmatter';
import { parseYaml, getPair, isEmpty, quoteYaml, stringList, type YMap, type YSeq } from './yaml/index';
import { detectEol, type TextEdit } from './text';
import { EditError, verified } from './edits';
import type { RecordSummary } from './summary';

export interface RunbookMatch {
  runbook: RecordSummary;
  /** Already in the incident's `runbooks:`. */
  linked: boolean;
  /** The incident's services the runbook covers. */
  services: string[];
  /** The runbook's alerts the incident's text names (as a whole word, any case). */
  alerts: string[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every runbook, those for this incident first: linked ones, then by how well they match (an alert the incident
 * names counts more than a shared service), then by title. Runbooks that match nothing keep their title order.
 */
export function rankRunbooks(incident: { services: readonly string[]; runbooks: readonly string[]; text?: string }, runbooks: readonly RecordSummary[]): RunbookMatch[] {
  const services = new Set(incident.services.map((s) => s.toLowerCase()));
  const linked = new Set(incident.runbooks);
  const text = incident.text ?? '';
  const matches = runbooks.map((runbook) => ({
    runbook,
    linked: linked.has(runbook.path),
    services: runbook.services.filter((s) => services.has(s.toLowerCase())),
    alerts: runbook.alerts.filter((a) => a.trim() !== '' && new RegExp(`(^|[^\\w-])${escapeRe(a.trim())}($|[^\\w-])`, 'i').test(text)),
  }));
  const score = (m: RunbookMatch) => (m.linked ? 1000 : 0) + m.alerts.length * 10 + m.services.length;
  const title = (m: RunbookMatch) => (m.runbook.title ?? m.runbook.path).toLowerCase();
  return matches.sort((a, b) => score(b) - score(a) || (title(a) < title(b) ? -1 : title(a) > title(b) ? 1 : 0));
}

/** The path as an item of a flow list: plain when it can be, else double-quoted. */
const flowItem = (p: string) => (/^[\w./-]+$/.test(p) && !/^[-.]/.test(p) ? p : quoteYaml(p));

/**
 * Adds a runbook to an incident's `runbooks:` as a minimal edit, in the list's own style (flow `[a, b]` or block
 * `- a`); creates the field before `timeline:` (or at the end) when absent. No edit when it is already there.
 */
export function linkRunbook(text: string, runbookPath: string): TextEdit[] {
  const split = splitFrontMatter(text);
  if (split.kind !== 'yaml') throw new EditError('The incident has no front matter Hindsight can edit; fix it first');
  const parsed = parseYaml(text, split.content!.start, split.content!.end);
  if (parsed.errors.length) throw new EditError(`The front matter does not parse (${parsed.errors[0].message}); fix it first`);
  const root = parsed.root;
  if (!root || root.type !== 'map' || root.flow) throw new EditError('The front matter is not a mapping of key: value lines');
  const eol = detectEol(text);
  const pair = getPair(root, 'runbooks');
  if (!pair) {
    const timeline = getPair(root, 'timeline');
    const at = timeline ? text.lastIndexOf('\n', timeline.key.start - 1) + 1 : split.content!.end;
    const pad = timeline ? text.slice(at, timeline.key.start) : '';
    return verified(text, [{ start: at, end: at, text: `${pad}runbooks: [${flowItem(runbookPath)}]${eol}` }]);
  }
  const v = pair.value;
  if (stringList(v).some((x) => x.text === runbookPath)) return [];
  if (v.type === 'scalar' && isEmpty(v)) {
    const colon = pair.key.end + text.slice(pair.key.end).indexOf(':') + 1;
    return verified(text, [{ start: colon, end: v.style === 'empty' ? colon : v.end, text: ` [${flowItem(runbookPath)}]` }]);
  }
  if (v.type !== 'seq') throw new EditError("'runbooks' is not a list; fix it first");
  return verified(text, v.flow ? appendFlow(text, v, runbookPath) : appendBlock(text, v, runbookPath, eol));
}

function appendFlow(text: string, seq: YSeq, p: string): TextEdit[] {
  const close = text.lastIndexOf(']', seq.end - 1);
  if (close < seq.start) throw new EditError("'runbooks' is laid out in a way Hindsight cannot edit safely; edit it by hand");
  if (!seq.items.length) return [{ start: close, end: close, text: flowItem(p) }];
  const last = seq.items[seq.items.length - 1];
  return [{ start: last.end, end: last.end, text: `, ${flowItem(p)}` }];
}

function appendBlock(text: string, seq: YSeq, p: string, eol: string): TextEdit[] {
  const first = seq.items[0];
  const lastItem = seq.items[seq.items.length - 1] as YSeq['items'][number] | YMap;
  const dash = text.lastIndexOf('-', first.start);
  const dashCol = dash - (text.lastIndexOf('\n', dash - 1) + 1);
  const nl = text.indexOf('\n', Math.max(lastItem.end - 1, 0));
  const at = nl < 0 ? text.length : nl + 1;
  return [{ start: at, end: at, text: `${' '.repeat(dashCol)}- ${flowItem(p)}${eol}` }];
}

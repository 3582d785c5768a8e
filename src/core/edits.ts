/**
 * Minimal text edits to a record's front matter. Each function returns `{start, end, text}` edits that touch
 * only the node being changed: comments, key order, quoting, blank lines and line endings elsewhere stay
 * byte-identical. They refuse (EditError) when the front matter does not parse, rather than guess.
 */
import { splitFrontMatter } from './frontmatter';
import { parseYaml, getPair, type YamlMemo, isEmpty, formatScalar, quoteYaml, type YMap, type YNode, type YSeq, type YScalar } from './yaml/index';
import { applyEdits, detectEol, type TextEdit } from './text';
import { parseDateTime } from './time';

export class EditError extends Error {}

/**
 * The last line of defence: an edit whose result would not parse is refused, never written. (Unusual layouts,
 * such as tab-indented blank lines, can make an otherwise correct insertion invalid.)
 */
export function verified(text: string, edits: TextEdit[], memo?: YamlMemo): TextEdit[] {
  if (!edits.length) return edits;
  const after = applyEdits(text, edits);
  const split = splitFrontMatter(after);
  const ok = split.kind === 'yaml' && !parseYaml(after, split.content!.start, split.content!.end, { memo }).errors.length;
  if (!ok) throw new EditError('This front matter is laid out in a way Hindsight cannot edit safely; edit it by hand');
  return edits;
}

/** A timeline event; an `escalated` one may name whom it reached (`to`) and which way (`escalation`). */
export interface TimelineEvent { at: string; kind: string; text: string; by?: string; to?: readonly string[]; escalation?: string }
/** The keys an event's edit may change (the webview's and the CLI's). */
export const EVENT_KEYS: ('at' | 'kind' | 'text' | 'by')[] = ['at', 'kind', 'text', 'by'];

/** An event's fields as `key: value` texts, in the order they are written. */
function eventFields(ev: TimelineEvent): string[] {
  const out: string[] = [];
  for (const k of ['at', 'kind', 'text'] as const) if (ev[k] !== undefined) out.push(`${k}: ${formatScalar(ev[k])}`);
  if (ev.to?.length) out.push(`to: ${ev.to.length === 1 ? formatScalar(ev.to[0]) : `[${ev.to.map((t) => formatScalar(t)).join(', ')}]`}`);
  if (ev.escalation !== undefined) out.push(`escalation: ${formatScalar(ev.escalation)}`);
  if (ev.by !== undefined) out.push(`by: ${formatScalar(ev.by)}`);
  return out;
}

interface Loaded { text: string; root: YMap | null; contentStart: number; contentEnd: number; eol: string }

function load(text: string, memo?: YamlMemo): Loaded {
  const split = splitFrontMatter(text);
  if (split.kind === 'none') throw new EditError('The file has no front matter; add one between --- lines first');
  if (split.kind !== 'yaml') throw new EditError(split.kind === 'unterminated' ? "The front matter is not closed (no closing '---'); fix it first" : split.kind === 'missing-open' ? "The front matter has no opening '---'; fix it first" : `Front matter in '${split.language}' cannot be edited`);
  const parsed = parseYaml(text, split.content!.start, split.content!.end, { memo });
  if (parsed.errors.length) throw new EditError(`The front matter does not parse (${parsed.errors[0].message}); fix it first`);
  if (parsed.root && parsed.root.type !== 'map') throw new EditError('The front matter is not a mapping of fields');
  if (parsed.root && parsed.root.flow) throw new EditError('The front matter is one flow mapping ({...}); write it as key: value lines to edit it');
  return { text, root: parsed.root as YMap | null, contentStart: split.content!.start, contentEnd: split.content!.end, eol: detectEol(text) };
}

/** The indentation of the top-level keys (a root mapping may be indented). */
function rootPad(d: Loaded): string {
  if (!d.root || !d.root.items.length) return '';
  let i = lineStart(d.text, d.root.items[0].key.start);
  const s = i;
  while (d.text.charCodeAt(i) === 32) i++;
  return ' '.repeat(i - s);
}

function lineStart(text: string, pos: number): number {
  const i = text.lastIndexOf('\n', pos - 1);
  return i + 1;
}

/** The offset just after the line break that ends the line containing `pos - 1` (end of a node's last line). */
function afterLine(text: string, end: number, limit: number): number {
  const nl = text.indexOf('\n', Math.max(end - 1, 0));
  return nl < 0 || nl >= limit ? limit : nl + 1;
}

function column(text: string, pos: number): number {
  return pos - lineStart(text, pos);
}

/** A scalar written in the style the old one had, where that style can hold the new value. */
function formatLike(old: YScalar | undefined, value: string): string {
  if (old?.style === 'double') return quoteYaml(value);
  if (old?.style === 'single' && !/[\n\r\t]/.test(value) && !/[\x00-\x1f\x7f]/.test(value)) return "'" + value.replace(/'/g, "''") + "'";
  return formatScalar(value);
}

function eventLines(ev: TimelineEvent, dashCol: number, keyCol: number, eol: string): string {
  const pad = ' '.repeat(dashCol);
  const keyPad = ' '.repeat(keyCol);
  return eventFields(ev).map((body, i) => (i === 0 ? `${pad}-${' '.repeat(Math.max(1, keyCol - dashCol - 1))}${body}` : keyPad + body)).join(eol) + eol;
}

function flowEvent(ev: TimelineEvent): string {
  return '{ ' + eventFields(ev).join(', ') + ' }';
}

export function validateEvent(ev: TimelineEvent): void {
  for (const k of ['at', 'kind', 'text'] as const) if (typeof ev[k] !== 'string' || !ev[k].trim()) throw new EditError(`A timeline event needs '${k}'`);
  const t = parseDateTime(ev.at);
  if (!t.ok || t.dateOnly) throw new EditError(`'${ev.at}' is not an ISO 8601 date-time`);
}

/**
 * Names the person in an incident's role: `commander` is the top-level field, any other role a key of `roles:`
 * (created when absent or empty, set in place or added in the mapping's own indentation otherwise).
 */
function setRoleUnchecked(text: string, role: string, person: string, memo?: YamlMemo): TextEdit[] {
  if (!role.trim()) throw new EditError('A role needs a name');
  if (!person.trim()) throw new EditError(`Name someone for '${role}'`);
  if (role === 'commander') return setFieldUnchecked(text, 'commander', person, memo);
  const d = load(text, memo);
  const pair = getPair(d.root, 'roles');
  const line = `${formatScalar(role)}: ${formatScalar(person)}`;
  if (!pair) {
    // Beside the commander when it is written (the incident's people together), else at the end.
    const commander = getPair(d.root, 'commander');
    const at = commander?.value.type === 'scalar' ? afterLine(text, Math.max(commander.value.end, commander.key.end + 1), d.contentEnd) : d.contentEnd;
    return [{ start: at, end: at, text: `${rootPad(d)}roles:${d.eol}${rootPad(d)}  ${line}${d.eol}` }];
  }
  const v = pair.value;
  if (v.type === 'map') {
    const cur = getPair(v, role);
    if (cur?.value.type === 'scalar' && cur.value.anchor) throw new EditError(`'roles.${role}' carries the YAML anchor &${cur.value.anchor}, and every alias *${cur.value.anchor} shares its value; not changed: edit the file by hand`);
    if (v.items.length) return patchMapItem(text, d, v, [[role, person]], "'roles'");
    const close = text.lastIndexOf('}', v.end);
    return [{ start: close, end: close, text: line }];
  }
  if (v.type === 'scalar' && isEmpty(v)) {
    const colon = pair.key.end + text.slice(pair.key.end).indexOf(':') + 1;
    return [{ start: colon, end: v.style === 'empty' ? colon : v.end, text: `${d.eol}${' '.repeat(column(text, pair.key.start) + 2)}${line}` }];
  }
  throw new EditError("'roles' is not a mapping of role to person; fix it first");
}

/** Names the person in an incident's role (`commander`, or a key of `roles:`), as a minimal edit. */
export function setRole(text: string, role: string, person: string, memo?: YamlMemo): TextEdit[] { return verified(text, setRoleUnchecked(text, role, person, memo), memo); }

/** Sets a top-level scalar field (adds it at the end of the front matter when absent). */
function setFieldUnchecked(text: string, key: string, value: string, memo?: YamlMemo): TextEdit[] {
  const d = load(text, memo);
  const pair = getPair(d.root, key);
  if (!pair) return [{ start: d.contentEnd, end: d.contentEnd, text: `${rootPad(d)}${key}: ${formatScalar(value)}${d.eol}` }];
  const v = pair.value;
  if (v.type !== 'scalar') throw new EditError(`'${key}' is a ${v.type === 'seq' ? 'list' : 'mapping'}; it cannot be set to a single value`);
  // Its aliases (*name) would change with it: refused rather than changing fields nobody asked to change.
  if (v.anchor) throw new EditError(`'${key}' carries the YAML anchor &${v.anchor}, and every alias *${v.anchor} shares its value; setting it would change those too. Not changed: edit the file by hand (or remove the anchor first)`);
  if (v.style === 'block' || v.style === 'alias') {
    return [{ start: v.start, end: trimBlockEnd(text, v), text: formatScalar(value) }];
  }
  if (isEmpty(v) && v.style === 'empty') {
    const colon = pair.key.end + text.slice(pair.key.end).indexOf(':') + 1;
    return [{ start: colon, end: colon, text: ' ' + formatScalar(value) }];
  }
  return [{ start: v.start, end: v.end, text: formatLike(v, value) }];
}

/** Empties a top-level scalar field, keeping its key and any comment (`resolved:` as the template writes it). */
function clearFieldUnchecked(text: string, key: string, memo?: YamlMemo): TextEdit[] {
  const d = load(text, memo);
  const pair = getPair(d.root, key);
  if (!pair || isEmpty(pair.value)) return [];
  const v = pair.value;
  if (v.type !== 'scalar') throw new EditError(`'${key}' is a ${v.type === 'seq' ? 'list' : 'mapping'}; it cannot be cleared here`);
  if (v.anchor) throw new EditError(`'${key}' carries the YAML anchor &${v.anchor}, and every alias *${v.anchor} shares its value; clearing it would change those too. Not changed: edit the file by hand (or remove the anchor first)`);
  const colon = pair.key.end + text.slice(pair.key.end).indexOf(':') + 1;
  return [{ start: colon, end: v.style === 'block' || v.style === 'alias' ? trimBlockEnd(text, v) : v.end, text: '' }];
}
/** Empties a top-level scalar field (nothing when it is absent or empty). */
export function clearField(text: string, key: string, memo?: YamlMemo): TextEdit[] { return verified(text, clearFieldUnchecked(text, key, memo), memo); }

function trimBlockEnd(text: string, v: YScalar): number {
  let e = v.end;
  while (e > v.start && (text[e - 1] === '\n' || text[e - 1] === '\r')) e--;
  return e;
}

function timelineOf(d: Loaded): { key: YScalar; seq?: YSeq; empty?: YNode } | undefined {
  const pair = getPair(d.root, 'timeline');
  if (!pair) return undefined;
  if (pair.value.type === 'seq') return { key: pair.key, seq: pair.value };
  if (isEmpty(pair.value)) return { key: pair.key, empty: pair.value };
  throw new EditError("'timeline' is not a list; fix it first");
}

/** Appends an event at the end of `timeline:` (created when absent), in the list's own indentation. */
/** The edits of an append, not yet checked: pass them through `verified()` before applying them. */
/** An event's time as the timeline view reads it: a date-time (not a date alone) that parses, else undefined. */
export function eventTimeMs(at: string | undefined): number | undefined {
  if (at === undefined) return undefined;
  const t = parseDateTime(at);
  return t.ok && !t.dateOnly ? t.ms : undefined;
}

/**
 * Where a new event at `t` goes in the timeline's list (file order): after the last event at or before its time,
 * so it lands at its place in time and after the events of the same time; at the end when `t` is not a time.
 * Events whose time does not parse do not count.
 */
export function timelineInsertIndex(times: readonly (number | undefined)[], t: number | undefined): number {
  if (t === undefined) return times.length;
  for (let i = times.length - 1; i >= 0; i--) { const x = times[i]; if (x !== undefined && x <= t) return i + 1; }
  return times.some((x) => x !== undefined) ? 0 : times.length;
}

function itemTime(item: YNode): number | undefined {
  if (item.type !== 'map') return undefined;
  const at = getPair(item, 'at')?.value;
  return at?.type === 'scalar' && at.value !== null ? eventTimeMs(String(at.value)) : undefined;
}

/**
 * Adds an event to `timeline:` (created when absent) at its place in time (see timelineInsertIndex), in the
 * list's own indentation: one inserted range, nothing else moves.
 */
export function appendTimelineEventUnchecked(text: string, ev: TimelineEvent, memo?: YamlMemo): TextEdit[] {
  validateEvent(ev);
  const d = load(text, memo);
  const tl = timelineOf(d);
  if (!tl) {
    const col = rootPad(d).length;
    return [{ start: d.contentEnd, end: d.contentEnd, text: `${rootPad(d)}timeline:${d.eol}${eventLines(ev, col + 2, col + 4, d.eol)}` }];
  }
  if (tl.empty || (tl.seq && tl.seq.items.length === 0)) {
    const colon = tl.key.end + text.slice(tl.key.end).indexOf(':') + 1;
    const end = tl.seq ? tl.seq.end : tl.empty!.end;
    const block = eventLines(ev, column(text, tl.key.start) + 2, column(text, tl.key.start) + 4, d.eol);
    return [{ start: colon, end, text: d.eol + block.slice(0, -d.eol.length) }];
  }
  const seq = tl.seq!;
  const pos = timelineInsertIndex(seq.items.map(itemTime), eventTimeMs(ev.at));
  if (seq.flow) {
    if (pos < seq.items.length) return [{ start: seq.items[pos].start, end: seq.items[pos].start, text: flowEvent(ev) + ', ' }];
    const closeBracket = text.lastIndexOf(']', seq.end);
    return [{ start: closeBracket, end: closeBracket, text: ', ' + flowEvent(ev) }];
  }
  const { dashCol, keyCol } = seqLayout(text, seq);
  if (pos < seq.items.length) {
    // Before the item's line, and before the comment lines right above it (they are about it).
    let before = segments(text, seq, d.contentEnd)[pos].start;
    const floor = pos > 0 ? afterLine(text, seq.items[pos - 1].end, d.contentEnd) : 0;
    for (;;) {
      if (before <= floor || before === 0) break;
      const prevStart = lineStart(text, before - 1);
      if (prevStart < floor || !/^[ \t]*#/.test(text.slice(prevStart, before))) break;
      before = prevStart;
    }
    return [{ start: before, end: before, text: eventLines(ev, dashCol, keyCol, d.eol) }];
  }
  const at = afterLine(text, seq.end, d.contentEnd);
  const prefix = at === d.contentEnd && text[at - 1] !== '\n' ? d.eol : '';
  return [{ start: at, end: at, text: prefix + eventLines(ev, dashCol, keyCol, d.eol) }];
}

function seqLayout(text: string, seq: YSeq): { dashCol: number; keyCol: number } {
  const first = seq.items[0];
  const dashCol = column(text, seq.start);
  let keyCol = dashCol + 2;
  if (first?.type === 'map' && first.items.length) keyCol = column(text, first.items[0].key.start);
  return { dashCol, keyCol };
}

/** The byte segments of a block sequence's items: each from its line start to the next item's line start. */
function segments(text: string, seq: YSeq, contentEnd: number): { start: number; end: number }[] {
  const starts = seq.items.map((it, i) => (i === 0 ? lineStart(text, seq.start) : lineStart(text, it.start)));
  const last = afterLine(text, seq.end, contentEnd);
  return starts.map((s, i) => ({ start: s, end: i + 1 < starts.length ? starts[i + 1] : last }));
}

function eventAt(d: Loaded, index: number): { seq: YSeq; item: YMap } {
  const tl = timelineOf(d);
  if (!tl?.seq || index < 0 || index >= tl.seq.items.length) throw new EditError(`There is no timeline event ${index + 1}`);
  const item = tl.seq.items[index];
  if (item.type !== 'map') throw new EditError(`Timeline event ${index + 1} is not a mapping`);
  return { seq: tl.seq, item };
}

/** Removes event `index` (0-based) with its lines. */
function removeTimelineEventUnchecked(text: string, index: number, memo?: YamlMemo): TextEdit[] {
  const d = load(text, memo);
  const { seq } = eventAt(d, index);
  if (seq.flow) {
    const items = seq.items;
    if (items.length === 1) return [{ start: seq.start + 1, end: seq.end - 1, text: '' }];
    if (index + 1 < items.length) return [{ start: items[index].start, end: items[index + 1].start, text: '' }];
    return [{ start: items[index - 1].end, end: items[index].end, text: '' }];
  }
  const seg = segments(text, seq, d.contentEnd)[index];
  return [{ start: seg.start, end: seg.end, text: '' }];
}

/** Changes fields of event `index`: each given field's value is replaced in place, or added as a line; `by: undefined` in `remove` drops it. */
function updateTimelineEventUnchecked(text: string, index: number, patch: Partial<TimelineEvent>, remove: (keyof TimelineEvent)[] = [], memo?: YamlMemo): TextEdit[] {
  const d = load(text, memo);
  const { item } = eventAt(d, index);
  const edits: TextEdit[] = [];
  if (patch.at !== undefined) { const t = parseDateTime(patch.at); if (!t.ok || t.dateOnly) throw new EditError(`'${patch.at}' is not an ISO 8601 date-time`); }
  for (const k of ['at', 'kind', 'text'] as const) if (patch[k] !== undefined && !patch[k]!.trim()) throw new EditError(`A timeline event needs '${k}'`);
  edits.push(...patchMapItem(text, d, item, EVENT_KEYS.filter((k) => patch[k] !== undefined).map((k) => [k, patch[k]!]), `Timeline event ${index + 1}`, { deferAdds: true }));
  const added = pendingAdds(edits);
  for (const k of remove) {
    const p = getPair(item, k);
    if (!p) continue;
    if (item.flow) throw new EditError('Removing a field from a flow-style event is not supported; edit the text');
    if (item.items[0] === p) throw new EditError(`'${k}' starts the event; it cannot be removed`);
    const s = lineStart(text, p.key.start);
    edits.push({ start: s, end: afterLine(text, p.value.end > p.key.end ? p.value.end : p.key.end + 1, d.contentEnd), text: '' });
  }
  if (added.length) edits.push(addFieldLines(text, d, item, added));

  return edits;
}


/** New `key: value` fields after a mapping item's last field (or inside its braces when it is a flow mapping). */
function addFieldLines(text: string, d: Loaded, item: YMap, added: string[]): TextEdit {
  if (item.flow) {
    if (item.items.length) { const last = item.items[item.items.length - 1]; const at = Math.max(last.value.end, last.key.end); return { start: at, end: at, text: ', ' + added.join(', ') }; }
    const close = text.lastIndexOf('}', item.end);
    return { start: close, end: close, text: added.join(', ') };
  }
  const keyCol = column(text, item.items[0].key.start);
  const lastPair = item.items[item.items.length - 1];
  const at = afterLine(text, Math.max(lastPair.value.end, lastPair.key.end + 1), d.contentEnd);
  return { start: at, end: at, text: added.map((l) => ' '.repeat(keyCol) + l + d.eol).join('') };
}

/** Marks an edit that adds lines (kept apart so callers can place them after removals). */
interface PendingAdd extends TextEdit { add?: string }
function pendingAdds(edits: TextEdit[]): string[] {
  const adds: string[] = [];
  for (let i = edits.length - 1; i >= 0; i--) { const a = (edits[i] as PendingAdd).add; if (a !== undefined) { adds.unshift(a); edits.splice(i, 1); } }
  return adds;
}

/**
 * Sets fields of a mapping item in a list: each value replaced in place (keeping its quoting style where it can
 * hold the new value), or added as a line after the item's last field (`deferAdds`: returned as pending adds).
 */
function patchMapItem(text: string, d: Loaded, item: YMap, fields: [string, string][], label: string, opts: { deferAdds?: boolean } = {}): TextEdit[] {
  const edits: TextEdit[] = [];
  const added: string[] = [];
  for (const [k, v] of fields) {
    const p = getPair(item, k);
    if (p && p.value.type === 'scalar' && !(p.value.style === 'empty')) {
      edits.push(p.value.style === 'block' ? { start: p.value.start, end: trimBlockEnd(text, p.value), text: formatScalar(v) } : { start: p.value.start, end: p.value.end, text: formatLike(p.value, v) });
    } else if (p && p.value.type === 'scalar' && p.value.style === 'empty') {
      edits.push({ start: p.key.end + 1, end: p.key.end + 1, text: ' ' + formatScalar(v) });
    } else if (p) throw new EditError(`${label}: '${k}' is not a single value`);
    else added.push(`${k}: ${formatScalar(v)}`);
  }
  if (opts.deferAdds) return [...edits, ...added.map((a) => ({ start: 0, end: 0, text: '', add: a } as PendingAdd))];
  if (added.length) edits.push(addFieldLines(text, d, item, added));
  return edits;
}

// --- action items of a review ------------------------------------------------------------------------

export interface ActionItemInput { id?: string; title: string; owner?: string; due?: string; status?: string; type?: string; link?: string }
export const ACTION_ITEM_KEYS: (keyof ActionItemInput)[] = ['id', 'title', 'owner', 'due', 'status', 'type', 'link'];

function actionItemsOf(d: Loaded): { key: YScalar; seq?: YSeq; empty?: YNode } | undefined {
  const pair = getPair(d.root, 'action_items');
  if (!pair) return undefined;
  if (pair.value.type === 'seq') return { key: pair.key, seq: pair.value };
  if (isEmpty(pair.value)) return { key: pair.key, empty: pair.value };
  throw new EditError("'action_items' is not a list; fix it first");
}

function itemLines(item: ActionItemInput, dashCol: number, keyCol: number, eol: string): string {
  const fields = ACTION_ITEM_KEYS.filter((k) => item[k] !== undefined && item[k] !== '');
  return fields.map((k, i) => (i === 0 ? `${' '.repeat(dashCol)}-${' '.repeat(Math.max(1, keyCol - dashCol - 1))}` : ' '.repeat(keyCol)) + `${k}: ${formatScalar(item[k]!)}`).join(eol) + eol;
}

function appendActionItemUnchecked(text: string, item: ActionItemInput, memo?: YamlMemo): TextEdit[] {
  if (!item.title?.trim()) throw new EditError('An action item needs a title');
  const d = load(text, memo);
  const list = actionItemsOf(d);
  if (!list) {
    const col = rootPad(d).length;
    return [{ start: d.contentEnd, end: d.contentEnd, text: `${rootPad(d)}action_items:${d.eol}${itemLines(item, col + 2, col + 4, d.eol)}` }];
  }
  if (list.empty || (list.seq && list.seq.items.length === 0)) {
    const colon = list.key.end + text.slice(list.key.end).indexOf(':') + 1;
    const end = list.seq ? list.seq.end : list.empty!.end;
    return [{ start: colon, end, text: d.eol + itemLines(item, column(text, list.key.start) + 2, column(text, list.key.start) + 4, d.eol).slice(0, -d.eol.length) }];
  }
  const seq = list.seq!;
  if (seq.flow) throw new EditError("'action_items' is written as a flow list ([...]); write it as a block list to add items");
  const { dashCol, keyCol } = seqLayout(text, seq);
  const at = afterLine(text, seq.end, d.contentEnd);
  const prefix = at === d.contentEnd && text[at - 1] !== '\n' ? d.eol : '';
  return [{ start: at, end: at, text: prefix + itemLines(item, dashCol, keyCol, d.eol) }];
}

function setActionItemFieldsUnchecked(text: string, index: number, fields: Partial<ActionItemInput>, memo?: YamlMemo): TextEdit[] {
  const d = load(text, memo);
  const list = actionItemsOf(d);
  if (!list?.seq || index < 0 || index >= list.seq.items.length) throw new EditError(`There is no action item ${index + 1}`);
  const item = list.seq.items[index];
  if (item.type !== 'map') throw new EditError(`Action item ${index + 1} is not a mapping`);
  return patchMapItem(text, d, item, ACTION_ITEM_KEYS.filter((k) => fields[k] !== undefined).map((k) => [k, fields[k]!]), `Action item ${index + 1}`);
}

/** Appends an action item to a review's `action_items:` (created when absent), in the list's own indentation. */
export function appendActionItem(text: string, item: ActionItemInput, memo?: YamlMemo): TextEdit[] { return verified(text, appendActionItemUnchecked(text, item, memo), memo); }
/** Sets fields of action item `index` (0-based, in file order) in place, or adds them as lines. */
export function setActionItemFields(text: string, index: number, fields: Partial<ActionItemInput>, memo?: YamlMemo): TextEdit[] { return verified(text, setActionItemFieldsUnchecked(text, index, fields, memo), memo); }

/** Sorts the timeline by `at` (stable; events whose time does not parse keep their place at the end). One edit over the list's lines. */
function sortTimelineUnchecked(text: string, memo?: YamlMemo): TextEdit[] {
  const d = load(text, memo);
  const tl = timelineOf(d);
  if (!tl?.seq || tl.seq.items.length < 2) return [];
  if (tl.seq.flow) throw new EditError('Sorting a flow-style timeline is not supported; write it as a block list');
  const segs = segments(text, tl.seq, d.contentEnd);
  const keyed = tl.seq.items.map((it, i) => {
    const at = it.type === 'map' ? getPair(it, 'at')?.value : undefined;
    const t = at?.type === 'scalar' ? parseDateTime(String(at.value)) : undefined;
    return { i, t: t && t.ok ? t.ms : Infinity, seg: segs[i] };
  });
  const sorted = [...keyed].sort((a, b) => a.t - b.t || a.i - b.i);
  if (sorted.every((s, i) => s.i === i)) return [];
  let body = sorted.map((s) => text.slice(s.seg.start, s.seg.end)).join('');
  const lastSeg = segs[segs.length - 1];
  // The old last segment may lack a line break (end of content); keep the total bytes consistent.
  if (!text.slice(lastSeg.start, lastSeg.end).endsWith('\n')) {
    body = sorted.map((s) => { const t = text.slice(s.seg.start, s.seg.end); return t.endsWith('\n') ? t : t + d.eol; }).join('');
    body = body.slice(0, body.length - d.eol.length);
  }
  return [{ start: segs[0].start, end: lastSeg.end, text: body }];
}

/**
 * Sets a top-level scalar field; when absent, adds it on the line after the first of `after` that the front matter
 * has (fields that belong together stay together: impact and urgency after services), else at the end.
 */
export function setFieldAfter(text: string, key: string, value: string, after: readonly string[], memo?: YamlMemo): TextEdit[] {
  const d = load(text, memo);
  if (getPair(d.root, key)) return setField(text, key, value, memo);
  const anchor = after.map((k) => getPair(d.root, k)).find((p) => p !== undefined && p.value.type === 'scalar' || p?.value.type === 'seq' && p.value.flow);
  if (!anchor) return setField(text, key, value, memo);
  const at = afterLine(text, Math.max(anchor.value.end, anchor.key.end + 1), d.contentEnd);
  return verified(text, [{ start: at, end: at, text: `${rootPad(d)}${key}: ${formatScalar(value)}${d.eol}` }], memo);
}

/** Sets a top-level scalar field (adds it at the end of the front matter when absent). */
export function setField(text: string, key: string, value: string, memo?: YamlMemo): TextEdit[] { return verified(text, setFieldUnchecked(text, key, value, memo), memo); }
/** Adds an event to `timeline:` (created when absent) at its place in time, in the list's own indentation. */
export function appendTimelineEvent(text: string, ev: TimelineEvent, memo?: YamlMemo): TextEdit[] { return verified(text, appendTimelineEventUnchecked(text, ev, memo), memo); }
/** Removes event `index` (0-based) with its lines. */
export function removeTimelineEvent(text: string, index: number, memo?: YamlMemo): TextEdit[] { return verified(text, removeTimelineEventUnchecked(text, index, memo), memo); }
/** Changes fields of event `index` in place (or adds them as lines); `remove` drops fields. */
export function updateTimelineEvent(text: string, index: number, patch: Partial<TimelineEvent>, remove: (keyof TimelineEvent)[] = [], memo?: YamlMemo): TextEdit[] { return verified(text, updateTimelineEventUnchecked(text, index, patch, remove, memo), memo); }
/** Sorts the timeline by `at` (stable). One edit over the list's lines. */
export function sortTimeline(text: string, memo?: YamlMemo): TextEdit[] { return verified(text, sortTimelineUnchecked(text, memo), memo); }

/**
 * Appends several events as one edit (an import): applied one after the other, then reduced to the single
 * range that changed, so one undo removes them all and nothing else moves.
 */
export function appendTimelineEvents(text: string, events: readonly TimelineEvent[]): TextEdit[] {
  let after = text;
  for (const ev of events) after = applyEdits(after, appendTimelineEvent(after, ev));
  if (after === text) return [];
  let s = 0;
  while (s < text.length && s < after.length && text.charCodeAt(s) === after.charCodeAt(s)) s++;
  let e1 = text.length, e2 = after.length;
  while (e1 > s && e2 > s && text.charCodeAt(e1 - 1) === after.charCodeAt(e2 - 1)) { e1--; e2--; }
  return verified(text, [{ start: s, end: e1, text: after.slice(s, e2) }]);
}

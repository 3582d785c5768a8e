import { getPair, isEmpty, scalarText, type YMap, type YNode, type YPair } from '../yaml/index';
import { parseDate, parseDateTime } from '../time';
import { listValues } from '../problem';
import type { RuleContext } from './context';

/** Where to point for a field: its value when it has one, else its key. */
export function at(pair: YPair | undefined): { start: number; end: number } | undefined {
  if (!pair) return undefined;
  return isEmpty(pair.value) ? pair.key : pair.value;
}

/**
 * When a single value holds a block mapping instead (` runbooks: []` indented one space under `resolved:`), the
 * likely cause: the lines below were indented under the field. Said after the message, or ''.
 */
export function indentedUnder(node: YNode, what: string): string {
  if (node.type !== 'map' || node.flow || !node.items.length) return '';
  const keys = node.items.map((p) => `'${String(p.key.value)}'`);
  return `; the line${keys.length > 1 ? 's' : ''} below ${keys.length > 1 ? 'are' : 'is'} indented under it, so YAML reads ${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', ...' : ''} as part of '${what}': start ${keys.length > 1 ? 'them' : 'it'} in the same column as the other fields`;
}

/** A string field: reports a wrong type; returns the text or undefined. */
export function stringField(ctx: RuleContext, map: YMap, key: string, what = key): string | undefined {
  const p = getPair(map, key);
  if (!p || isEmpty(p.value)) return undefined;
  if (p.value.type !== 'scalar') { ctx.report(p.value, 'invalid-value', `'${what}' must be a single value, not a ${p.value.type === 'seq' ? 'list' : 'mapping'}${indentedUnder(p.value, what)}`); return undefined; }
  return String(p.value.value);
}

/** A list-of-strings field (a lone scalar is accepted as a one-item list). */
export function listField(ctx: RuleContext, map: YMap, key: string): { text: string; node: YNode }[] {
  const p = getPair(map, key);
  if (!p || isEmpty(p.value)) return [];
  if (p.value.type === 'scalar') return [{ text: String(p.value.value), node: p.value }];
  if (p.value.type === 'map') { ctx.report(p.value, 'invalid-value', `'${key}' must be a list`); return []; }
  const out: { text: string; node: YNode }[] = [];
  for (const item of p.value.items) {
    if (item.type !== 'scalar' || item.value === null) { ctx.report(item, 'invalid-value', `'${key}': each item must be a single value`); continue; }
    out.push({ text: String(item.value), node: item });
  }
  return out;
}

/** A date-time field: returns ms, reports unparsable values and missing zones. */
export function dateTimeField(ctx: RuleContext, map: YMap, key: string, what = key): number | undefined {
  const p = getPair(map, key);
  if (!p || isEmpty(p.value)) return undefined;
  return checkDateTime(ctx, p.value, what);
}

export function checkDateTime(ctx: RuleContext, node: YNode, what: string): number | undefined {
  const text = scalarText(node);
  const r = parseDateTime(text);
  if (!r.ok || r.dateOnly) {
    ctx.report(node, 'invalid-datetime', `'${what}' must be an ISO 8601 date-time with a zone, e.g. 2026-03-01T14:05:00Z${text !== undefined ? ` (got '${text}')` : ''}${indentedUnder(node, what)}`);
    return undefined;
  }
  if (!r.hasZone) ctx.report(node, 'datetime-no-zone', `'${what}' has no zone offset and is read as UTC; add Z or an offset like +01:00`);
  return r.ms;
}

export function dateField(ctx: RuleContext, map: YMap, key: string, what = key): number | undefined {
  const p = getPair(map, key);
  if (!p || isEmpty(p.value)) return undefined;
  const text = scalarText(p.value);
  const r = parseDate(text);
  if (!r.ok) { ctx.report(p.value, 'invalid-date', `'${what}' must be a date like 2026-03-01${text !== undefined ? ` (got '${text}')` : ''}${indentedUnder(p.value, what)}`); return undefined; }
  return r.ms;
}

/** Checks a value against a closed list; reports with the allowed values. */
export function checkAllowed(ctx: RuleContext, node: YNode, value: string, allowed: readonly string[], code: string, what: string): boolean {
  if (allowed.includes(value)) return true;
  ctx.report(node, code, `Unknown ${what} '${value}'; use one of: ${listValues(allowed)}`, { allowed: [...allowed] });
  return false;
}

/**
 * checkAllowed for each item of a list (`services: [checkout, paymnts]`): what an item may be changed to leaves
 * out the values the list already has, so a fix never writes a duplicate.
 */
export function checkAllowedItems(ctx: RuleContext, items: readonly { node: YNode; text: string }[], allowed: readonly string[], code: string, what: string): void {
  for (const it of items) {
    if (allowed.includes(it.text)) continue;
    const left = allowed.filter((v) => !items.some((o) => o.text === v));
    if (left.length) checkAllowed(ctx, it.node, it.text, left, code, what);
    else ctx.report(it.node, code, `Unknown ${what} '${it.text}'; every ${what} the policy defines is listed already: remove it`);
  }
}

export function missing(ctx: RuleContext, map: YMap, key: string, why = ''): void {
  const p = getPair(map, key);
  ctx.report(p ? p.key : undefined, 'missing-field', `Missing required field '${key}'${why}: add '${key}: ...' to the front matter`, { data: { field: key } });
}

/**
 * The timeline editor's message protocol, defined once for the extension host and the webview.
 * Every message is validated on arrival (`parseFromWebview` on the host, `parseFromHost` in the webview);
 * anything else is dropped. No field is ever used as a command, a path or a shell argument.
 */
import type { TimelineViewEvent, TimelineViewState } from '../core/timelineView';

/** An event as sent: with an id that changes whenever anything shown about it changes. */
export type SentEvent = TimelineViewEvent & { id: string };

export type EventPatch = { at?: string; kind?: string; text?: string; by?: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'add'; version: number; event: { at: string; kind: string; text: string; by?: string } }
  | { type: 'update'; version: number; index: number; patch: EventPatch }
  | { type: 'delete'; version: number; index: number }
  | { type: 'setMilestone'; version: number; index: number }
  /** The header's controls: change the status or the severity (VS Code's own commands do it), name someone in a role (asks who). */
  | { type: 'setStatus'; version: number; value: string }
  | { type: 'setSeverity'; version: number; value: string }
  | { type: 'assignRole'; version: number; role: string }
  | { type: 'openText' };

/**
 * The order of the events' ids, as a change to the order the webview has from render `base`: keep its first
 * `prefix` and last `suffix` ids and put `ids` between them. An add sends one id, not a thousand. On a reset
 * (`base` 0) `ids` is the whole list. A webview whose last render is not `base` (it was reloaded) asks again.
 */
export type OrderDelta = { seq: number; base: number; prefix: number; suffix: number; ids: string[] };

export type FromHost =
  /**
   * The view, with its events sent incrementally: `order` gives the list of ids in time order; `newEvents` carries
   * only the events the webview has not been sent yet (all of them on the first render, one after an add).
   */
  | { type: 'render'; version: number; state: Omit<TimelineViewState, 'events'>; order: OrderDelta; newEvents: SentEvent[]; zone: 'utc' | 'local'; reset: boolean;
      /** The first part of a long timeline: the rest follows in the next message (restore the reader's place after it). */
      more?: boolean }
  | { type: 'notice'; level: 'error' | 'info'; message: string };

const MAX_TEXT = 10_000;
const isStr = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length <= max;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1_000_000_000;

function onlyKeys(o: Record<string, unknown>, keys: string[]): boolean {
  return Object.keys(o).every((k) => keys.includes(k));
}

function patchOf(v: unknown): EventPatch | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (!onlyKeys(o, ['at', 'kind', 'text', 'by'])) return undefined;
  const out: EventPatch = {};
  if (o.at !== undefined) { if (!isStr(o.at, 64)) return undefined; out.at = o.at; }
  if (o.kind !== undefined) { if (!isStr(o.kind, 64)) return undefined; out.kind = o.kind; }
  if (o.text !== undefined) { if (!isStr(o.text, MAX_TEXT)) return undefined; out.text = o.text; }
  if (o.by !== undefined) { if (!isStr(o.by, 200)) return undefined; out.by = o.by; }
  return out;
}

/** A message from the webview, or undefined when it is not exactly one of the protocol's messages. */
export function parseFromWebview(v: unknown): FromWebview | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  switch (o.type) {
    case 'ready': case 'openText':
      return onlyKeys(o, ['type']) ? { type: o.type } : undefined;
    case 'add': {
      if (!onlyKeys(o, ['type', 'version', 'event']) || !isInt(o.version)) return undefined;
      const e = patchOf(o.event);
      if (!e || e.at === undefined || e.kind === undefined || e.text === undefined) return undefined;
      return { type: 'add', version: o.version, event: { at: e.at, kind: e.kind, text: e.text, ...(e.by ? { by: e.by } : {}) } };
    }
    case 'update': {
      if (!onlyKeys(o, ['type', 'version', 'index', 'patch']) || !isInt(o.version) || !isInt(o.index)) return undefined;
      const p = patchOf(o.patch);
      return p ? { type: 'update', version: o.version, index: o.index, patch: p } : undefined;
    }
    case 'setStatus': case 'setSeverity':
      if (!onlyKeys(o, ['type', 'version', 'value']) || !isInt(o.version) || !isStr(o.value, 64) || !o.value) return undefined;
      return { type: o.type, version: o.version, value: o.value };
    case 'assignRole':
      if (!onlyKeys(o, ['type', 'version', 'role']) || !isInt(o.version) || !isStr(o.role, 64) || !o.role) return undefined;
      return { type: 'assignRole', version: o.version, role: o.role };
    case 'delete': case 'setMilestone':
      if (!onlyKeys(o, ['type', 'version', 'index']) || !isInt(o.version) || !isInt(o.index)) return undefined;
      return { type: o.type, version: o.version, index: o.index };
    default:
      return undefined;
  }
}

function isOrder(v: unknown): v is OrderDelta {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return isInt(o.seq) && isInt(o.base) && isInt(o.prefix) && isInt(o.suffix) && Array.isArray(o.ids) && o.ids.every((x) => typeof x === 'string');
}

/** Applies an order delta to the ids the webview has; undefined when it does not fit them (ask for everything). */
export function applyOrder(have: readonly string[], haveSeq: number, d: OrderDelta, reset: boolean): string[] | undefined {
  if (reset) return d.prefix === 0 && d.suffix === 0 ? [...d.ids] : undefined;
  if (d.base !== haveSeq || d.prefix + d.suffix > have.length) return undefined;
  return [...have.slice(0, d.prefix), ...d.ids, ...have.slice(have.length - d.suffix)];
}

/** The delta from the ids sent last to the next ones: the common prefix and suffix are kept. */
export function orderDelta(last: readonly string[], next: readonly string[], seq: number, base: number): OrderDelta {
  let prefix = 0;
  const max = Math.min(last.length, next.length);
  while (prefix < max && last[prefix] === next[prefix]) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && last[last.length - 1 - suffix] === next[next.length - 1 - suffix]) suffix++;
  return { seq, base, prefix, suffix, ids: next.slice(prefix, next.length - suffix) };
}

export function parseFromHost(v: unknown): FromHost | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (o.type === 'render' && isInt(o.version) && o.state && typeof o.state === 'object' && (o.zone === 'utc' || o.zone === 'local')
    && isOrder(o.order) && Array.isArray(o.newEvents)
    && o.newEvents.every((e) => e && typeof e === 'object' && typeof (e as SentEvent).id === 'string' && typeof (e as SentEvent).html === 'string')
    && typeof o.reset === 'boolean' && (o.more === undefined || typeof o.more === 'boolean')) return o as unknown as FromHost;
  if (o.type === 'notice' && (o.level === 'error' || o.level === 'info') && isStr(o.message, 2000)) return o as unknown as FromHost;
  return undefined;
}

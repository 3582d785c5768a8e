/**
 * The index scanner compiled to WebAssembly (src/wasm/summaryScan.ts), for the first read of a workspace: a record's
 * summary from its bytes, without decoding the file or running the TypeScript scanner. What the module finds are
 * byte ranges; this makes the summary from them exactly as the TypeScript scanner does (same fields, same order,
 * same YAML resolution through resolvePlain), and answers `undefined` wherever the module gave up, so that the
 * caller takes the TypeScript path (indexSummary) on the same bytes.
 *
 * Platform-free: the platform instantiates the module and hands over its exports, and says how to decode a range
 * of the input (Node's Buffer is several times faster than TextDecoder for short values).
 */
import { classify } from './record';
import { MILESTONES, type Milestone, type Policy } from './policy';
import { resolvePlain } from './yaml/scalar';
import { NONE } from './summaryScan';
import type { ActionItemSummary, RecordSummary } from './summary';

/** What src/wasm/summaryScan.ts exports. */
export interface SummaryScanExports {
  memory: { buffer: ArrayBuffer };
  layout(): number;
  inputPtr(): number;
  inputCapacity(): number;
  outPtr(): number;
  scan(n: number): number;
}

/** The version of the tables' layout this file reads (layout() in src/wasm/summaryScan.ts). */
const LAYOUT = 3;
// The module's tables (see src/wasm/summaryScan.ts). Value kinds: 0 absent, 1 null, 2 plain (resolve it),
// 3 quoted as it is, 4 single-quoted with '' pairs, 5 plain that YAML reads as the string it is, 6 + (id << 3) a
// value of the module's intern table (severities, statuses, people ...: decoded once, the string shared).
const SLOTS = 7;
const LISTS = SLOTS + 3 * 19;
const ITEMS = LISTS + 8;
const ITEM_CAP = 2048;
const AIS = ITEMS + 3 * ITEM_CAP;
const AI_CAP = 512;
const NEWS = AIS + 21 * AI_CAP;
const OUT_WORDS = NEWS + 3 * 4096;
const S_TYPE = 0, S_TITLE = 1, S_ID = 2, S_SEVERITY = 3, S_STATUS = 4, S_COMMANDER = 5, S_ESCALATION = 6, S_REVIEW = 7,
  S_INCIDENT = 8, S_DATE = 9, S_OWNER = 10, S_LAST_REVIEWED = 11, S_REVIEW_EVERY = 12, S_MILESTONES = 13, S_ROLES_COMMANDER = 18;
const L_SERVICES = 0, L_RUNBOOKS = 1, L_AUTHORS = 2, L_ALERTS = 3;

/** Decodes a range of the scanner's input (Node: the Buffer over it, whose utf8Slice is a direct call). */
export interface InputText {
  utf8Slice(start: number, end: number): string;
  /** Optional, for a file the module found to be all ASCII: the bytes as they are (Node's latin1Slice: no UTF-8 checks, about half the cost of utf8Slice in a fresh process). */
  latin1Slice?(start: number, end: number): string;
}

/** summary()'s answer for a binary file. */
export const BINARY: unique symbol = Symbol('binary');

export class WasmSummaryScanner {
  /** Where the platform puts a file's bytes (at most input.length of them) before calling summary(). */
  readonly input: Uint8Array;
  private readonly out: Int32Array;
  private readonly text: InputText;
  /** The module's intern table on this side: the string of each id (filled from each scan's NEWS). */
  private readonly interned: string[] = [];
  /** Whether the file being summarized is all ASCII and the platform decodes such bytes directly. */
  private ascii = false;

  /** `text`: how to decode the input (default: TextDecoder; Node's Buffer is several times faster on short values). */
  constructor(private readonly wasm: SummaryScanExports, text?: (input: Uint8Array) => InputText) {
    // A module built from other sources than this file (a stale dist/) would be read wrong: refused.
    if (typeof wasm.layout !== 'function' || wasm.layout() !== LAYOUT) throw new Error(`summary-scan.wasm has table layout ${typeof wasm.layout === 'function' ? wasm.layout() : 'unknown'}, this code reads layout ${LAYOUT}: rebuild (npm run build)`);
    const buffer = wasm.memory.buffer;
    this.input = new Uint8Array(buffer, wasm.inputPtr(), wasm.inputCapacity());
    this.out = new Int32Array(buffer, wasm.outPtr(), OUT_WORDS);
    const input = this.input;
    if (text) this.text = text(input);
    else { const d = new TextDecoder(); this.text = { utf8Slice: (s, e) => d.decode(input.subarray(s, e)) }; }
  }

  /**
   * The summary of the `n` bytes in `input`, as indexSummary() of their text would give it; null when the file is
   * not a record; undefined when the module did not answer (use indexSummary); BINARY for a NUL in the first 8 KB
   * (as decodeBytes judges). Bytes that are not ASCII are answered only if `utf8(n)` says they are valid UTF-8
   * (the caller's check of the input's first `n` bytes: Node's isUtf8); without it, as valid.
   */
  summary(path: string, n: number, policy: Policy, utf8?: (n: number) => boolean): RecordSummary | null | undefined | typeof BINARY {
    if (n > this.input.length) return undefined;
    const r = this.wasm.scan(n);
    if (r === 2) return BINARY;
    const o = this.out;
    if (o[6] !== 1 && utf8 && !utf8(n)) return undefined;
    if (r !== 1) return undefined;
    this.ascii = o[6] === 1 && this.text.latin1Slice !== undefined;
    // First the values this scan added to the intern table, whatever this summary reads.
    for (let i = 0, k = o[5]; i < k; i++) { const b = NEWS + 3 * i; this.interned[o[b]] = this.decode(o[b + 1], o[b + 2]); }
    const kind = classify(path, this.slot(S_TYPE), policy);
    if (!kind) return null;
    let title = this.slot(S_TITLE);
    if (title === undefined) {
      // As the TypeScript scanner: the body's first heading, in its first 4,096 UTF-16 units (at most 12,288 bytes).
      const body = o[4];
      const m = /^#\s+(.+)$/m.exec(this.decode(body, Math.min(n, body + 16384)).slice(0, 4096));
      if (m) title = m[1].trim();
    }
    const milestones: Partial<Record<Milestone, string>> = {};
    if (kind === 'incident') {
      for (let m = 0; m < MILESTONES.length; m++) { const v = this.slot(S_MILESTONES + m); if (v !== undefined) milestones[MILESTONES[m]] = v; }
    }
    let actionItems: readonly ActionItemSummary[] = NONE;
    if (kind === 'review' && o[2] > 0) {
      // Arrays of their exact size: one grown by push keeps room for 16 (~150 bytes), and every summary has a few.
      const list: ActionItemSummary[] = new Array(o[2]);
      for (let a = 0; a < o[2]; a++) {
        const b = AIS + 21 * a;
        list[a] = { id: this.at(b), title: this.at(b + 3), owner: this.at(b + 6), due: this.at(b + 9), status: this.at(b + 12), type: this.at(b + 15), link: this.at(b + 18) };
      }
      actionItems = list;
    }
    // The same fields, in the same order, as summarize() and the TypeScript scanner (the model compares JSON).
    return {
      path, kind, title,
      ok: true,
      id: this.slot(S_ID), severity: this.slot(S_SEVERITY), status: this.slot(S_STATUS),
      services: this.list(L_SERVICES),
      commander: this.slot(S_COMMANDER) ?? this.slot(S_ROLES_COMMANDER),
      escalation: this.slot(S_ESCALATION), milestones,
      review: this.slot(S_REVIEW), runbooks: this.list(L_RUNBOOKS),
      timelineCount: o[0],
      incident: this.slot(S_INCIDENT), authors: this.list(L_AUTHORS), date: this.slot(S_DATE), actionItems,
      alerts: this.list(L_ALERTS), owner: this.slot(S_OWNER), lastReviewed: this.slot(S_LAST_REVIEWED), reviewEvery: this.slot(S_REVIEW_EVERY),
    };
  }

  private decode(s: number, e: number): string { return this.ascii ? this.text.latin1Slice!(s, e) : this.text.utf8Slice(s, e); }

  private slot(s: number): string | undefined { return this.at(SLOTS + 3 * s); }

  /** The value at table index b (kind, start, end); undefined for absent and YAML null. */
  private at(b: number): string | undefined {
    const o = this.out;
    const kind = o[b];
    if ((kind & 7) === 6) return this.interned[kind >> 3];
    if (kind === 5 || kind === 3) return this.decode(o[b + 1], o[b + 2]);
    if (kind === 2) { const v = resolvePlain(this.decode(o[b + 1], o[b + 2])); return v === null ? undefined : typeof v === 'string' ? v : String(v); }
    if (kind === 4) return this.decode(o[b + 1], o[b + 2]).replaceAll("''", "'");
    return undefined;
  }

  private list(l: number): readonly string[] {
    const o = this.out;
    const first = o[LISTS + 2 * l], count = o[LISTS + 2 * l + 1];
    if (!count) return NONE;
    const out: string[] = new Array(count); // its exact size (see the action items)
    let k = 0;
    for (let i = 0; i < count; i++) { const v = this.at(ITEMS + 3 * (first + i)); if (v !== undefined) out[k++] = v; }
    return k === count ? out : k ? out.slice(0, k) : NONE;
  }
}

/** The `yaml` package's parser, converted to our tree. Used for policy files and for front matter the fast path gives up on. */
import type { Alias, Document, Scalar } from 'yaml';

// Loaded on first use: most files never need the full parser, and an editor should not pay for it at startup.
declare const require: (id: string) => unknown;
let yamlModule: typeof import('yaml') | undefined;
const Y = (): typeof import('yaml') => (yamlModule ??= require('yaml') as typeof import('yaml'));
import { quoteYaml } from './scalar';
import { MAX_YAML_DEPTH, type ParsedYaml, type YamlError, type YNode, type YPair, type YScalar } from './ast';

/** Aliases are expanded into the tree: this caps how many nodes an expansion may create (alias bombs). */
const MAX_NODES = 20_000;

export const YAML_OPTIONS = {
  version: '1.2' as const,
  schema: 'core' as const,
  uniqueKeys: true,
  merge: false,
  prettyErrors: false,
  strict: true,
  keepSourceTokens: false,
};

class TooManyNodes extends Error {}
class TooDeep extends Error {}

/** Whether the text nests deeper than MAX_YAML_DEPTH (flow brackets, or block indentation), checked before any parser recurses. */
export function tooDeep(src: string): boolean {
  let flow = 0, lineStart = true, indent = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 10) { lineStart = true; indent = 0; continue; }
    if (lineStart) { if (c === 32) { if (++indent > 2 * MAX_YAML_DEPTH) return true; continue; } lineStart = false; }
    if (c === 91 || c === 123) { if (++flow > MAX_YAML_DEPTH) return true; } // [ {
    else if ((c === 93 || c === 125) && flow > 0) flow--; // ] }
  }
  return false;
}
interface Line { start: number; end: number; text: string; indent: number }
function lineAt(src: string, pos: number): Line {
  const start = src.lastIndexOf('\n', pos - 1) + 1;
  let end = src.indexOf('\n', start);
  if (end < 0) end = src.length;
  const text = src.slice(start, end).replace(/\r$/, '');
  return { start, end: start + text.length, text, indent: text.length - text.trimStart().length };
}

/** `value` as a YAML quoted scalar for a hint: single quotes around one that holds double quotes, else quoteYaml's. */
function quoted(value: string): string {
  return value.includes('"') ? `'${value.replace(/'/g, "''")}'` : quoteYaml(value);
}

/** A hint said after a YAML error; `at`, where to point instead; `fix`, the edit it describes (in `src`). */
interface Hint { hint: string; at?: [number, number]; fix?: { title: string; start: number; end: number; text: string } }

/**
 * What to do about the YAML parser's errors that front matter written by hand meets most (its messages name the
 * grammar, not the fix), from the line they are on: said after the parser's own words. `at`: where to point
 * instead, when the cause is on another line than the parser's position (a line indented under the field above).
 */
function syntaxHint(code: string, message: string, src: string, pos: number): Hint | undefined {
  const line = lineAt(src, pos);
  const body = line.text.trim().replace(/^- +/, '');
  const field = /^([^\s:#"'][^:#]*?):[ ]+(.*?)\s*$/.exec(body);
  // The line's value quoted whole, as a fix (not when a ' #' comment may end it: what is the value is unclear).
  const quoteFix = (): Hint['fix'] => {
    const m = /^(\s*(?:- +)?[^\s:#"'][^:#]*?:[ ]+)(.*?)\s*$/.exec(line.text);
    if (!field || !m || / #/.test(m[2])) return undefined;
    const q = quoted(m[2]);
    return { title: `Quote the whole value: ${q}`, start: line.start + m[1].length, end: line.start + m[1].length + m[2].length, text: q };
  };
  if (code === 'TAB_AS_INDENT') return { hint: 'indent with spaces' };
  if (code === 'BAD_SCALAR_START') {
    const c = /character (\S)/.exec(message)?.[1] ?? '@';
    return { hint: `quote the value (${field ? `${field[1]}: ${quoted(field[2])}` : `title: "${c}..."`})`, fix: quoteFix() };
  }
  if (/^Unexpected scalar at node end/.test(message) && field && /^["']/.test(field[2])) {
    return { hint: `a quoted value ends at its closing quote: quote the whole value (${field[1]}: ${quoted(field[2])})`, fix: quoteFix() };
  }
  // A line with no ': ' where a field was expected: the colon is missing (`by jun.park`).
  const missingColon = (): Hint | undefined => {
    const words = /^([A-Za-z_][\w-]*)\s+(\S.*)$/.exec(body);
    if (!words || body.includes(':')) return undefined;
    const at = line.start + line.text.indexOf(body) + words[1].length;
    return { hint: `is the ':' missing? a field is written '${words[1]}: ${words[2]}'`, fix: { title: `Add ':' after '${words[1]}'`, start: at, end: at, text: ':' } };
  };
  if (code === 'MISSING_CHAR' && /^Implicit map keys need to be followed by map values/.test(message)) return missingColon();
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY') {
    // A field indented under the one above (` severity:` under `title: T`, `kind:` too deep under `- at:`): YAML
    // reads it as part of that value. The field's column is after the line's `- ` when it starts a list item.
    const item = /^-( +)/.exec(line.text.trimStart());
    const column = line.indent + (item ? 1 + item[1].length : 0);
    const next = line.end < src.length ? lineAt(src, line.end + 1) : undefined;
    if (field && next && next.text.trim() && next.indent > column && !next.text.trimStart().startsWith('#')) {
      return {
        hint: `this line is indented more than '${field[1]}:' above it, so YAML reads it as part of that value: start it in the same column as the other fields`,
        at: [next.start + next.indent, next.end],
        fix: { title: `Start it in the column of '${field[1]}:'`, start: next.start, end: next.start + next.indent, text: ' '.repeat(column) },
      };
    }
    // A list item indented otherwise than the items above it.
    if (/^-( |$)/.test(line.text.trimStart())) return { hint: 'the items of one list start in the same column: line this item up with the ones above it' };
    if (code === 'MULTILINE_IMPLICIT_KEY') return missingColon() ?? { hint: 'a key and its ":" go on one line; check the indentation of the line below' };
    const example = field && field[2].includes(': ') ? `${field[1]}: ${quoted(field[2])}` : 'title: "Checkout: degraded"';
    return { hint: `a value with ": " in it needs quotes (${example}), and a nested field goes on a line of its own`, fix: field && field[2].includes(': ') ? quoteFix() : undefined };
  }
  // An unclosed `[` or `{` on a line above: yaml points at the line after; point at the opening line instead.
  const flow = /^Flow (sequence|map) in block collection must be sufficiently indented and end with a ([\]}])/.exec(message);
  if (flow) {
    const open = flow[2] === ']' ? '[' : '{';
    const above = pos > 0 ? lineAt(src, Math.max(0, line.start - 1)) : undefined;
    const at = above && above.text.lastIndexOf(open) >= 0 && !above.text.includes(flow[2]) ? above : undefined;
    // The fix closes it at the end of that line (not when a comment may end the line).
    // A trailing comma (`[checkout, payments,`) goes: the close takes its place.
    const lineEnd = at ? at.start + at.text.trimEnd().length : 0;
    const comma = at !== undefined && at.text.trimEnd().endsWith(',') ? 1 : 0;
    const fix = at && !at.text.includes('#') ? { title: `Close it with '${flow[2]}' at the end of the line`, start: lineEnd - comma, end: lineEnd, text: flow[2] } : undefined;
    return { hint: `a ${flow[1] === 'sequence' ? 'list' : 'mapping'} opened with '${open}' must be closed with '${flow[2]}' on the same line`, ...(at ? { at: [at.start + at.indent, at.end] as [number, number] } : {}), fix };
  }
  if (/^Sequence item without - indicator/.test(message)) return { hint: "check the indentation: an item's other fields line up under its first, two spaces after '- '" };
  if (code === 'BAD_INDENT') return { hint: 'check the indentation: the fields of one mapping, and the items of one list, start in the same column' };
  return undefined;
}

const depthError = (start: number, end: number): YamlError => ({ start, end: start === end ? end : start + 1, code: 'yaml-nesting-limit', message: `The front matter nests deeper than ${MAX_YAML_DEPTH} levels (lists and mappings in one another); Hindsight does not read it` });

export function parseFull(text: string, start: number, end: number): ParsedYaml {
  const src = text.slice(start, end);
  if (tooDeep(src)) return { root: null, errors: [depthError(start, end)], parser: 'full' };
  // yaml's duplicate-key check is quadratic: 50,000 keys took 9 s. Real front matter has tens of lines.
  let lines = 0;
  for (let i = src.indexOf('\n'); i >= 0 && lines <= MAX_NODES; i = src.indexOf('\n', i + 1)) lines++;
  if (lines > MAX_NODES) return { root: null, errors: [{ start, end: start + 1, code: 'yaml-size-limit', message: `The front matter has more than ${MAX_NODES} lines; Hindsight does not read it` }], parser: 'full' };
  let doc: Document.Parsed;
  try {
    doc = Y().parseDocument(src, { ...YAML_OPTIONS, lineCounter: new (Y().LineCounter)() });
  } catch (e) {
    // yaml is not supposed to throw; if it ever does, the file gets an error instead of the process a crash.
    return { root: null, errors: [{ start, end: start, code: 'yaml-internal', message: `YAML parser failed: ${(e as Error).message}` }], parser: 'full' };
  }
  const errors: YamlError[] = [];
  for (const e of doc.errors) {
    let [a, b] = [e.pos[0], Math.max(e.pos[1], e.pos[0])];
    const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const quote = /^Missing closing (["'])quote/.exec(message);
    if (quote) {
      // yaml reports an unclosed quote where the document ends; point at where the quote opens instead.
      const open = Math.max(src.lastIndexOf(': ' + quote[1], a), src.lastIndexOf('- ' + quote[1], a));
      if (open >= 0) { a = open + 2; const nl = src.indexOf('\n', a); b = nl < 0 ? src.length : nl; }
    }
    const hint = syntaxHint(e.code, message, src, a);
    if (hint?.at) [a, b] = hint.at;
    const fix = hint?.fix && { ...hint.fix, start: start + hint.fix.start, end: start + hint.fix.end };
    errors.push({ start: start + a, end: start + b, code: e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax', message: hint ? `${message}: ${hint.hint}` : message, ...(fix ? { fix } : {}) });
  }
  let count = 0;
  const { isAlias, isMap, isPair, isScalar, isSeq } = Y();
  const convert = (node: unknown, depth: number, aliasAt?: [number, number]): YNode => {
    if (++count > MAX_NODES) throw new TooManyNodes();
    if (depth > MAX_YAML_DEPTH) throw new TooDeep();
    const r = (n: { range?: [number, number, number] | null }): [number, number] => aliasAt ?? (n.range ? [start + n.range[0], start + n.range[1]] : [start, start]);
    if (isAlias(node)) {
      const target = (node as Alias).resolve(doc);
      const at = r(node as Alias);
      if (!target) return { type: 'scalar', start: at[0], end: at[1], value: null, style: 'alias' };
      return convert(target, depth + 1, at);
    }
    if (isScalar(node)) {
      const s = node as Scalar;
      const [a, b] = r(s);
      let value = s.value;
      if (typeof value === 'bigint') value = Number(value);
      if (value !== null && typeof value === 'object') value = String(value);
      const style = s.type === 'QUOTE_DOUBLE' ? 'double' : s.type === 'QUOTE_SINGLE' ? 'single' : s.type === 'BLOCK_FOLDED' || s.type === 'BLOCK_LITERAL' ? 'block' : aliasAt ? 'alias' : value === null && a === b ? 'empty' : 'plain';
      const out: YScalar = { type: 'scalar', start: a, end: b, value: value as YScalar['value'], style };
      if (s.anchor && !aliasAt) out.anchor = s.anchor;
      return out;
    }
    if (isMap(node)) {
      const [a, b] = r(node);
      const items: YPair[] = [];
      for (const p of node.items) {
        if (!isPair(p)) continue;
        const k = p.key == null ? null : convert(p.key, depth + 1, aliasAt);
        const key: YScalar = k && k.type === 'scalar'
          ? (k.value === null ? { ...k, value: '' } : k)
          : { type: 'scalar', start: k?.start ?? a, end: k?.end ?? a, value: k ? JSON.stringify(toPlain(k)) : '', style: 'plain' };
        const v = p.value == null
          ? { type: 'scalar' as const, start: key.end + 1, end: key.end + 1, value: null, style: 'empty' as const }
          : convert(p.value, depth + 1, aliasAt);
        items.push({ key, value: v });
      }
      return { type: 'map', start: a, end: b, items, flow: node.flow === true };
    }
    if (isSeq(node)) {
      const [a, b] = r(node);
      return { type: 'seq', start: a, end: b, items: node.items.map((i) => i == null ? { type: 'scalar' as const, start: a, end: a, value: null, style: 'empty' as const } : convert(i, depth + 1, aliasAt)), flow: node.flow === true };
    }
    return { type: 'scalar', start, end: start, value: null, style: 'empty' };
  };
  let root: YNode | null;
  try {
    root = doc.contents == null ? null : convert(doc.contents, 0);
  } catch (e) {
    if (e instanceof TooDeep) { errors.push(depthError(start, end)); return { root: null, errors, parser: 'full' }; }
    if (!(e instanceof TooManyNodes)) throw e;
    errors.push({ start, end, code: 'yaml-alias-limit', message: `YAML aliases expand to more than ${MAX_NODES} nodes; refusing to expand (alias bomb?)` });
    root = null;
  }
  return { root, errors, parser: 'full' };
}

function toPlain(n: YNode): unknown {
  if (n.type === 'scalar') return n.value;
  if (n.type === 'seq') return n.items.map(toPlain);
  return n.items.map((p) => [p.key.value, toPlain(p.value)]);
}

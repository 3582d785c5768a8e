/**
 * Markdown as GitHub reads it (CommonMark + GFM, through remark-parse and remark-gfm), for the places that read one
 * file on demand: the runbook panel, timeline import, review prefill and export. remark is required on first use
 * (`./remark`; in the extension's bundle a file of its own, dist/vendor-remark.js), never at activation.
 * The many-files paths (the index, full validation) use the fast heading scan in markdown.ts instead.
 *
 * Hostile input gets a clear refusal, never a throw or a hang: text over MAX_MARKDOWN characters, or nested
 * deeper than MAX_NESTING containers (block quotes, list items) or with a container indented more than MAX_INDENT columns, is not given to the parser
 * (micromark recurses per level and is quadratic in deep indentation).
 */
import type { Nodes, Root, RootContent } from 'mdast';

declare const require: (id: string) => unknown;
let remarkModule: { parseMarkdown(text: string): Root } | undefined;
const R = () => (remarkModule ??= require('./remark') as { parseMarkdown(text: string): Root });

export const MAX_MARKDOWN = 1_000_000;
export const MAX_NESTING = 32;
export const MAX_INDENT = 256;

export type MarkdownTree = { ok: true; root: Root } | { ok: false; reason: string };

const deep = (line: number) => `line ${line} starts a block quote or list item indented more than ${MAX_INDENT} columns`;

/** Why a text is not given to the parser, or undefined when it may be. Linear. */
export function markdownRefusal(text: string): string | undefined {
  if (text.length > MAX_MARKDOWN) return `the Markdown is too large to read (${text.length} characters; at most ${MAX_MARKDOWN})`;
  let line = 1;
  for (let pos = 0; pos < text.length; line++) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    let i = pos, depth = 0, col = 0;
    for (; i < nl; i++) {
      const c = text.charCodeAt(i);
      if (c === 32) col++;
      else if (c === 9) col += 4 - (col % 4);
      else if (c === 62) { if (col > MAX_INDENT) return deep(line); depth++; col++; } // >
      else if ((c === 45 || c === 42 || c === 43) && (i + 1 === nl || text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) { depth++; col++; } // - * +
      else if (c >= 48 && c <= 57) { // 1. 1)
        let j = i;
        while (j < nl && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        const d = text.charCodeAt(j);
        if ((d === 46 || d === 41) && (j + 1 === nl || text.charCodeAt(j + 1) === 32 || text.charCodeAt(j + 1) === 9)) { if (col > MAX_INDENT) return deep(line); depth++; col += j - i + 1; i = j; } else break;
      } else break;
      if (depth > MAX_NESTING) return `line ${line} is nested deeper than ${MAX_NESTING} block quotes or list items`;
    }
    pos = nl + 1;
  }
  return undefined;
}

/** The text's Markdown tree (positions are into `text`), or why it was not read. Never throws. */
export function markdownTree(text: string): MarkdownTree {
  const refusal = markdownRefusal(text);
  if (refusal) return { ok: false, reason: refusal };
  try {
    return { ok: true, root: R().parseMarkdown(text) };
  } catch (e) {
    return { ok: false, reason: `the Markdown could not be read: ${(e as Error).message}` };
  }
}

/** A node's text as a reader sees it: links become their labels, entities are decoded, raw HTML goes. */
export function plainText(node: Nodes, depth = 0): string {
  if (node.type === 'html') return '';
  if ('value' in node && typeof node.value === 'string') return node.value;
  if (node.type === 'break') return ' ';
  if (!('children' in node) || depth > 64) return '';
  let s = '';
  for (const c of node.children as Nodes[]) s += plainText(c, depth + 1);
  return s;
}

/** Start and end offsets of a node (positions are always set by the parser). */
export const offsets = (n: Nodes): [number, number] => [n.position?.start.offset ?? 0, n.position?.end.offset ?? 0];

/** Root-level headings with their levels, plain text and offsets. */
export interface TreeHeading { level: number; text: string; start: number; end: number; line: number }
export function treeHeadings(root: Root): TreeHeading[] {
  const out: TreeHeading[] = [];
  for (const n of root.children as RootContent[]) {
    if (n.type !== 'heading') continue;
    const [start, end] = offsets(n);
    out.push({ level: n.depth, text: plainText(n).replace(/\s+/g, ' ').trim(), start, end, line: n.position?.start.line ?? 0 });
  }
  return out;
}

const REFERENCE = /\\[!-/:-@[-`{-~]|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g;

/**
 * Reads nodes back as the Markdown they were written in (`text` is the text the tree was parsed from): a node's
 * source from its first child to its last, with the character references of its text decoded (`S&amp;O` reads
 * `S&O`, as GitHub shows it) and everything else kept as written: emphasis, links and their destinations, code
 * spans (where `&amp;` is literal), backslash escapes, raw HTML. References are decoded by the parser itself
 * (each distinct one parsed once per reader), so they decode exactly as in the tree.
 */
export function markdownSource(text: string): (node: Nodes) => string {
  const decoded = new Map<string, string>();
  const decode = (ref: string): string => {
    let d = decoded.get(ref);
    if (d === undefined) {
      const p = R().parseMarkdown(ref).children[0];
      d = p?.type === 'paragraph' ? plainText(p) : ref;
      decoded.set(ref, d);
    }
    return d;
  };
  return (node: Nodes): string => {
    if (!('children' in node) || !node.children.length) return '';
    const kids = node.children as Nodes[];
    const end = offsets(kids[kids.length - 1])[1];
    let pos = offsets(kids[0])[0], out = '';
    const walk = (n: Nodes, depth: number): void => {
      if (n.type === 'text') {
        const [a, b] = offsets(n);
        out += text.slice(pos, a) + text.slice(a, b).replace(REFERENCE, (m) => (m[0] === '\\' ? m : decode(m)));
        pos = b;
      } else if ('children' in n && depth < 64) for (const c of n.children as Nodes[]) walk(c, depth + 1);
    };
    for (const k of kids) walk(k, 0);
    return out + text.slice(pos, end);
  };
}

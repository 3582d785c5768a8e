/** Records: what a file is (incident, runbook, review or nothing) and its parsed front matter. */
import { splitFrontMatter, type FrontMatterSplit } from './frontmatter';
import { parseYaml, get, scalarText, type KeySet, type ParsedYaml, type YMap, type YamlMemo } from './yaml/index';
import type { Policy } from './policy';
import { moreYamlErrors, type Problem } from './problem';

export type RecordKind = 'incident' | 'runbook' | 'review';
export const RECORD_KINDS: RecordKind[] = ['incident', 'runbook', 'review'];

/** Files in a record folder that are indexes, not records (unless their front matter says `type:`). */
const INDEX_NAMES = new Set(['readme.md', 'index.md', '_index.md', 'readme', 'license', 'license.md', 'contributing.md', 'changelog.md']);

/** Whether the path ends in `.md` or `.markdown`, in any case (/\.(md|markdown)$/i, without a regex per file). */
function isMarkdownName(path: string): boolean {
  const n = path.length;
  if (n >= 3 && path.charCodeAt(n - 3) === 46 && (path.charCodeAt(n - 2) | 32) === 109 && (path.charCodeAt(n - 1) | 32) === 100) return true;
  if (n < 9 || path.charCodeAt(n - 9) !== 46) return false;
  for (let i = 0; i < 8; i++) if ((path.charCodeAt(n - 8 + i) | 32) !== MARKDOWN.charCodeAt(i)) return false;
  return true;
}
const MARKDOWN = 'markdown';

/** Whether a path could hold a record at all: Markdown, or a file without an extension inside a record folder. */
export function isCandidatePath(path: string, policy: Policy): boolean {
  if (isMarkdownName(path)) return true;
  const name = path.slice(path.lastIndexOf('/') + 1);
  return !name.includes('.') && folderKind(path, policy) !== null;
}

/** Each record folder as `folder/` with its kind, longest first (the deepest folder wins); computed once per set of folder lists. */
const FOLDER_PREFIXES = new WeakMap<Policy['paths'], { of: string[][]; list: [string, RecordKind][] }>();
function folderPrefixes(paths: Policy['paths']): [string, RecordKind][] {
  const c = FOLDER_PREFIXES.get(paths);
  if (c && c.of[0] === paths.incidents && c.of[1] === paths.runbooks && c.of[2] === paths.reviews) return c.list;
  const list: [string, RecordKind][] = [];
  for (const [kind, folders] of [['incident', paths.incidents], ['runbook', paths.runbooks], ['review', paths.reviews]] as [RecordKind, string[]][]) {
    for (const f of folders) list.push([f + '/', kind]);
  }
  list.sort((a, b) => b[0].length - a[0].length); // stable: among equal lengths, the first kind listed wins
  FOLDER_PREFIXES.set(paths, { of: [paths.incidents, paths.runbooks, paths.reviews], list });
  return list;
}

export function folderKind(path: string, policy: Policy): RecordKind | null {
  const p = path.includes('\\') ? path.replace(/\\/g, '/') : path;
  const list = folderPrefixes(policy.paths);
  for (let i = 0; i < list.length; i++) if (p.startsWith(list[i][0])) return list[i][1];
  return null;
}

/** The longest of INDEX_NAMES: a longer file name is none of them. */
const MAX_INDEX_NAME = Math.max(...[...INDEX_NAMES].map((n) => n.length));

export function classify(path: string, typeValue: string | undefined, policy: Policy): RecordKind | null {
  if (typeValue && (RECORD_KINDS as string[]).includes(typeValue)) return typeValue as RecordKind;
  const slash = path.lastIndexOf('/');
  // The name lowercased only when it is short enough to be an index name (toLowerCase never makes it shorter).
  const name = path.length - slash - 1 <= MAX_INDEX_NAME ? path.slice(slash + 1).toLowerCase() : '';
  if (name === '_index.md') return null; // Hugo section pages
  const kind = folderKind(path, policy);
  // README/index files at the top of a record folder describe the folder; deeper down (docs/<service>/README.md)
  // they are commonly the record itself.
  if (kind && name && INDEX_NAMES.has(name)) {
    const dir = path.slice(0, Math.max(slash, 0));
    const folders = kind === 'incident' ? policy.paths.incidents : kind === 'runbook' ? policy.paths.runbooks : policy.paths.reviews;
    if (folders.includes(dir) || !name.endsWith('.md') || !/^(readme|index)\.md$/.test(name)) return null;
  }
  return kind;
}

export interface ParsedRecord {
  path: string;
  text: string;
  kind: RecordKind | null;
  split: FrontMatterSplit;
  yaml: ParsedYaml | null;
  /** The front matter mapping; null when absent, empty or not a mapping. */
  root: YMap | null;
  /** Problems found while reading (decoding, front matter, YAML syntax). */
  problems: Problem[];
}

/**
 * Parses a record. `skip` (a shallow parse, for the index: SHALLOW_SKIP in summary.ts) leaves those top-level
 * keys unparsed: the result is then only good for summaries, never for validation or edits.
 */
export function parseRecord(path: string, text: string, policy: Policy, opts: { skip?: KeySet; memo?: YamlMemo } = {}): ParsedRecord {
  const split = splitFrontMatter(text);
  const problems: Problem[] = [];
  let yaml: ParsedYaml | null = null;
  let root: YMap | null = null;
  if ((split.kind === 'yaml' || split.kind === 'missing-open') && split.content) {
    yaml = parseYaml(text, split.content.start, split.content.end, { skip: opts.skip, memo: opts.memo });
    if (yaml.root && yaml.root.type === 'map') root = yaml.root;
  }
  const kind = classify(path, scalarText(get(root, 'type')), policy);
  if (kind) {
    if (yaml) {
      // yaml reports follow-on errors after the first; one clear error per file is what helps.
      const syntax = yaml.errors.filter((e) => e.code !== 'duplicate-key');
      const shown = syntax.length ? syntax.slice(0, 1) : yaml.errors;
      if (syntax.length > 1) shown[shown.length - 1] = { ...syntax[0], message: syntax[0].message + moreYamlErrors(syntax.length - 1) };
      for (const e of shown) {
        problems.push({
          file: path, start: e.start, end: e.end, severity: 'error', code: e.code,
          message: e.code === 'duplicate-key' ? `${e.message}: remove or rename the repeated key` : e.code === 'yaml-syntax' ? `YAML syntax error: ${e.message}` : e.message,
          ...(e.fix ? { data: { fixTitle: e.fix.title, fixStart: String(e.fix.start), fixEnd: String(e.fix.end), fixText: e.fix.text } } : {}),
        });
      }
      if (!yaml.errors.length && yaml.root && yaml.root.type !== 'map') {
        problems.push({ file: path, start: yaml.root.start, end: yaml.root.end, severity: 'error', code: 'frontmatter-not-mapping', message: 'Front matter must be a YAML mapping of fields (key: value)' });
      }
    }
    if (split.kind === 'unterminated') problems.push({ file: path, start: split.open!.start, end: split.open!.end, severity: 'error', code: 'frontmatter-unterminated', message: "Front matter is not closed: add a line '---' after the last field" });
    if (split.kind === 'unsupported') problems.push({ file: path, start: split.open!.start, end: split.open!.end, severity: 'error', code: 'frontmatter-unsupported', message: `Front matter in '${split.language}' is not supported (and is never evaluated); use YAML between '---' lines` });
    // Classic Mac line endings (CR alone): the front matter cannot be found; say so rather than "no front matter".
    if (split.kind === 'none' && /^(\ufeff)?---\r(?!\n)/.test(text) && !text.includes('\n')) {
      problems.push({ file: path, start: 0, end: Math.min(text.length, 4), severity: 'error', code: 'line-endings-cr', message: 'This file ends its lines with CR alone (classic Mac): Hindsight reads LF or CRLF line endings; convert the file (e.g. in the status bar: CR -> LF)' });
    }
    if (split.kind === 'missing-open') problems.push({ file: path, start: split.close!.start, end: split.close!.end, severity: 'warning', code: 'frontmatter-missing-open', message: "This looks like front matter without its opening '---': add '---' as the first line" });
  }
  return { path, text, kind, split, yaml, root, problems };
}

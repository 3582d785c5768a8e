/**
 * Runbooks as steps, for the runbook panel, read the way GitHub renders them (CommonMark + GFM through remark,
 * src/core/mdast.ts): root-level headings become sections (Meaning / Impact / Diagnosis / Mitigation recognised),
 * ordered-list items and task items (`- [ ]`, `1. [ ]`) become checkable steps, code blocks (fenced or indented,
 * also inside block quotes) become commands, attached to the step whose list item holds them or standing alone
 * in their section. A command's code is exactly the code block's text as the parser sees it: that is what Run
 * sends. HTML (comments, `<details>` wrappers) is read through, Hugo shortcodes are skipped.
 */
import type { Blockquote, List, ListItem, Nodes, RootContent } from 'mdast';
import { splitFrontMatter } from './frontmatter';
import { markdownTree, offsets, plainText } from './mdast';

const MAX_NOTES = 4000;
/** Containers deeper than this are not walked (the parser's input is already capped; this bounds our recursion). */
const MAX_DEPTH = 40;

export type SectionRole = 'meaning' | 'impact' | 'diagnosis' | 'mitigation' | 'other';

export interface RunbookCommand { code: string; lang?: string; line: number }
export interface RunbookStep {
  /** Stable within the file's current text: section, then position (`s2.3`). */
  id: string;
  /** The step's Markdown (its paragraphs' lines, plain nested bullets as `• ` lines), without its list marker. */
  text: string;
  kind: 'ordered' | 'task' | 'command';
  checked?: boolean;
  line: number;
  commands: RunbookCommand[];
}
export interface RunbookNote { text: string; before: number }
export interface RunbookSection {
  title: string; level: number; role: SectionRole; line: number; steps: RunbookStep[];
  /**
   * The section's prose outside its steps (paragraphs and plain bullets), as Markdown paragraphs, capped; each
   * with `before`, the index of the step it comes before in the file (`steps.length`: after the last one).
   */
  notes: RunbookNote[];
}
export interface ParsedRunbook {
  title?: string; sections: RunbookSection[]; stepCount: number; commandCount: number;
  /** Why the body was not read (too large, nested too deep): no sections then. */
  error?: string;
}

const ROLES: [RegExp, SectionRole][] = [
  [/^(meaning|summary|description|overview|about)\b/i, 'meaning'],
  [/^impact\b/i, 'impact'],
  [/^(diagnosis|diagnose|investigation|troubleshooting|checks?)\b/i, 'diagnosis'],
  [/^(mitigation|mitigate|resolution|remediation|fix|recovery|solution|procedure|steps)\b/i, 'mitigation'],
];

export function sectionRole(title: string): SectionRole {
  const t = title.replace(/[*_`]/g, '').trim();
  for (const [re, role] of ROLES) if (re.test(t)) return role;
  return 'other';
}

const SHORTCODE = /^\{\{[<%].*[>%]\}\}$/;

export function parseRunbook(text: string): ParsedRunbook {
  const split = splitFrontMatter(text);
  const body = text.slice(split.bodyStart);
  const lineBase = text.slice(0, split.bodyStart).split('\n').length - 1; // lines before the body
  const tree = markdownTree(body);
  if (!tree.ok) return { sections: [], stepCount: 0, commandCount: 0, error: tree.reason };
  const lineOf = (n: Nodes) => lineBase + (n.position?.start.line ?? 1);
  /** A paragraph's Markdown as written: its lines trimmed, block-quote markers and lazy indentation gone. */
  const source = (n: Nodes, quoted: number): string => {
    const [a, b] = offsets(n);
    return body.slice(a, b).split('\n').map((l) => { let t = l.trim(); for (let q = 0; q < quoted && t.startsWith('>'); q++) t = t.slice(1).trimStart(); return t; })
      .filter((l) => l && !SHORTCODE.test(l)).join('\n');
  };

  const sections: RunbookSection[] = [];
  let section: RunbookSection = { title: '', level: 0, role: 'other', line: lineBase + 1, steps: [], notes: [] };
  sections.push(section);
  let title: string | undefined;
  const addNote = (t: string) => {
    if (!t) return;
    const used = section.notes.reduce((n, x) => n + x.text.length, 0);
    if (used < MAX_NOTES) section.notes.push({ text: used + t.length > MAX_NOTES ? t.slice(0, MAX_NOTES - used) + '…' : t, before: section.steps.length });
  };
  const newStep = (kind: RunbookStep['kind'], line: number, checked?: boolean): RunbookStep => {
    const s: RunbookStep = { id: `s${sections.length - 1}.${section.steps.length + 1}`, text: '', kind, line, commands: [], ...(checked === undefined ? {} : { checked }) };
    section.steps.push(s);
    return s;
  };
  const command = (n: Extract<Nodes, { type: 'code' }>) => ({ code: n.value, line: lineOf(n), ...(n.lang ? { lang: n.lang } : {}) });

  /** Blocks inside a step's list item: text and commands go to the step; nested steps are steps of their own. */
  const inStep = (nodes: RootContent[], step: RunbookStep, quoted: number, depth: number): void => {
    for (const n of nodes) {
      if (depth > MAX_DEPTH) return;
      if (n.type === 'code') step.commands.push(command(n));
      else if (n.type === 'paragraph' || n.type === 'heading') { const t = source(n, quoted); if (t) step.text += (step.text ? '\n' : '') + t; }
      else if (n.type === 'blockquote') inStep(n.children, step, quoted + 1, depth + 1);
      else if (n.type === 'list') list(n, quoted, depth + 1, step);
    }
  };
  /** A list: ordered and task items are steps; plain bullets are notes, or lines of the step they sit in. */
  const list = (l: List, quoted: number, depth: number, parent?: RunbookStep): void => {
    for (const item of l.children as ListItem[]) {
      const isTask = typeof item.checked === 'boolean';
      if (l.ordered || isTask) {
        const step = newStep(isTask ? 'task' : 'ordered', lineOf(item), isTask ? item.checked! : undefined);
        inStep(item.children, step, quoted, depth + 1);
      } else if (parent) {
        const before = parent.text;
        const probe: RunbookStep = { ...parent, text: '', commands: parent.commands };
        inStep(item.children, probe, quoted, depth + 1);
        parent.text = before + (probe.text ? (before ? '\n' : '') + '• ' + probe.text : '');
      } else {
        // A plain bullet outside any step: its text is a note; its code blocks and nested steps still count.
        const parts: string[] = [];
        for (const c of item.children) {
          if (c.type === 'paragraph') { const t = source(c, quoted); if (t) parts.push(t); }
          else block(c, quoted, depth + 1);
        }
        if (parts.length) addNote('• ' + parts.join(' '));
      }
    }
  };
  /** A block outside any step. */
  const block = (n: RootContent, quoted: number, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    switch (n.type) {
      case 'heading': {
        const ttl = plainText(n).replace(/\s+/g, ' ').trim();
        if (quoted || depth) { addNote(source(n, quoted)); return; }
        if (n.depth === 1 && title === undefined) title = ttl;
        section = { title: ttl, level: n.depth, role: sectionRole(ttl), line: lineOf(n), steps: [], notes: [] };
        sections.push(section);
        return;
      }
      case 'code': newStep('command', lineOf(n)).commands.push(command(n)); return;
      case 'list': list(n, quoted, depth); return;
      case 'blockquote': for (const c of (n as Blockquote).children) block(c, quoted + 1, depth + 1); return;
      case 'paragraph': addNote(source(n, quoted)); return;
      default: return; // html (comments, <details>), tables, thematic breaks, definitions: see the file
    }
  };
  for (const n of tree.root.children) block(n, 0, 0);

  const kept = sections.filter((s, i) => i > 0 || s.steps.length || s.notes.length);
  return {
    title, sections: kept,
    stepCount: kept.reduce((n, s) => n + s.steps.length, 0),
    commandCount: kept.reduce((n, s) => n + s.steps.reduce((m, st) => m + st.commands.length, 0), 0),
  };
}

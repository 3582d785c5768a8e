/**
 * Runbooks as steps, for the runbook panel: headings become sections (Meaning / Impact / Diagnosis / Mitigation
 * recognised), ordered-list items and `- [ ]` task items become checkable steps, fenced code blocks become
 * commands (attached to the step they are written under, or standing alone in their section). A line scan:
 * HTML comments and Hugo shortcodes are skipped, `<details>` wrappers are read through. No remark needed.
 */
import { splitFrontMatter } from './frontmatter';

const MAX_NOTES = 4000;

export type SectionRole = 'meaning' | 'impact' | 'diagnosis' | 'mitigation' | 'other';

export interface RunbookCommand { code: string; lang?: string; line: number }
export interface RunbookStep {
  /** Stable within the file's current text: section, then position (`s2.3`). */
  id: string;
  /** The step's Markdown (continuation lines joined), without its list marker. */
  text: string;
  kind: 'ordered' | 'task' | 'command';
  checked?: boolean;
  line: number;
  commands: RunbookCommand[];
}
export interface RunbookSection {
  title: string; level: number; role: SectionRole; line: number; steps: RunbookStep[];
  /** The section's prose outside its steps (paragraphs and plain bullets), as Markdown paragraphs; capped. */
  notes: string[];
}
export interface ParsedRunbook { title?: string; sections: RunbookSection[]; stepCount: number; commandCount: number }

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

export function parseRunbook(text: string): ParsedRunbook {
  const split = splitFrontMatter(text);
  const body = text.slice(split.bodyStart);
  const firstLine = text.slice(0, split.bodyStart).split('\n').length; // 1-based line where the body starts
  const lines = body.split('\n');
  const sections: RunbookSection[] = [];
  let section: RunbookSection = { title: '', level: 0, role: 'other', line: firstLine, steps: [], notes: [] };
  let para: string[] | undefined;
  const endPara = () => { if (para?.length) addNote(para.join(' ')); para = undefined; };
  const addNote = (t: string) => { const used = section.notes.reduce((n, x) => n + x.length, 0); if (used < MAX_NOTES) section.notes.push(used + t.length > MAX_NOTES ? t.slice(0, MAX_NOTES - used) + '…' : t); };
  sections.push(section);
  let title: string | undefined;
  let step: RunbookStep | undefined;
  let stepIndent = 0;
  let fence: { marker: string; lang?: string; start: number; indent: number; code: string[] } | undefined;
  let inComment = false;
  const newStep = (kind: RunbookStep['kind'], txt: string, line: number, checked?: boolean): RunbookStep => {
    const s: RunbookStep = { id: `s${sections.length - 1}.${section.steps.length + 1}`, text: txt, kind, line, commands: [], ...(checked === undefined ? {} : { checked }) };
    section.steps.push(s);
    return s;
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    const lineNo = firstLine + i;
    const indent = raw.length - raw.trimStart().length;
    const t = raw.trim();
    if (fence) {
      const close = t.startsWith(fence.marker[0].repeat(fence.marker.length)) && /^([`~])\1{2,}\s*$/.test(t);
      if (close) {
        const cmd: RunbookCommand = { code: fence.code.join('\n'), line: fence.start, ...(fence.lang ? { lang: fence.lang } : {}) };
        if (step && fence.indent > stepIndent) step.commands.push(cmd);
        else { const s = newStep('command', '', fence.start); s.commands.push(cmd); step = undefined; }
        fence = undefined;
      } else fence.code.push(raw.slice(Math.min(fence.indent, indent)));
      continue;
    }
    if (inComment) { if (t.includes('-->')) inComment = false; continue; }
    if (t.startsWith('<!--')) { if (!t.includes('-->')) inComment = true; continue; }
    if (/^\{\{[<%].*[>%]\}\}$/.test(t) || /^<\/?(details|summary)\b[^>]*>$/i.test(t)) continue;
    const f = /^(`{3,}|~{3,})\s*([^`\s]*)?.*$/.exec(t);
    if (f) { endPara(); fence = { marker: f[1], lang: f[2] || undefined, start: lineNo, indent, code: [] }; continue; }
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(t);
    if (h && indent < 4) {
      const ttl = h[2].replace(/<[^>]*>/g, '').trim();
      if (h[1].length === 1 && title === undefined) title = ttl;
      endPara();
      section = { title: ttl, level: h[1].length, role: sectionRole(ttl), line: lineNo, steps: [], notes: [] };
      sections.push(section);
      step = undefined;
      continue;
    }
    const task = /^[-*+]\s+\[([ xX])\]\s+(.*)$/.exec(t);
    if (task) { endPara(); step = newStep('task', task[2], lineNo, task[1] !== ' '); stepIndent = indent; continue; }
    const ordered = /^\d{1,3}[.)]\s+(.*)$/.exec(t);
    if (ordered) { endPara(); step = newStep('ordered', ordered[1], lineNo); stepIndent = indent; continue; }
    if (!t) { endPara(); continue; }
    if (step && indent > stepIndent) { step.text += '\n' + t; continue; } // continuation (or a nested bullet)
    if (indent <= stepIndent) step = undefined; // a paragraph or bullet at the step's level ends it
    // Prose: paragraphs, and plain bullets one per note.
    if (/^[-*+]\s+/.test(t)) { endPara(); addNote('• ' + t.replace(/^[-*+]\s+/, '')); continue; }
    if (/^\|/.test(t) || /^<[^>]*>$/.test(t)) { endPara(); continue; } // tables and lone HTML tags: see the file
    (para ??= []).push(t);
  }
  endPara();
  if (fence) { // unterminated fence: keep what there is
    const s = step ?? newStep('command', '', fence.start);
    s.commands.push({ code: fence.code.join('\n'), line: fence.start, ...(fence.lang ? { lang: fence.lang } : {}) });
  }
  const kept = sections.filter((s, i) => i > 0 || s.steps.length || s.notes.length);
  return {
    title, sections: kept,
    stepCount: kept.reduce((n, s) => n + s.steps.length, 0),
    commandCount: kept.reduce((n, s) => n + s.steps.reduce((m, st) => m + st.commands.length, 0), 0),
  };
}

/**
 * An incident report for people outside the repo (`hindsight export`): the incident's facts, its response metrics
 * against the severity's targets, its timeline, and the linked review with its action items. Markdown or one
 * self-contained HTML file (inline CSS, no script, a CSP that allows none, no remote resource).
 * Every value from the files is escaped: titles and texts stay text, links only for http(s), mailto and relative.
 * The review's body is read as GitHub renders it (remark's tree, mdast.ts): rendered to HTML by the small renderer
 * below (known elements only, raw HTML as text), or handed on as Markdown with only its unsafe parts rewritten.
 */
import { parseRecord } from './record';
import { findTimelineSection } from './reviewTimeline';
import { summarize, type RecordSummary } from './summary';
import { timelineEvents } from './timelineView';
import { incidentMetrics, targetText } from './metrics';
import { clockInputOf, clockState, effectivePriority, MILESTONE_OF, planClocks } from './sla';
import { findSeverity, MILESTONES, type Policy } from './policy';
import { incidentRoles, type IncidentRole } from './people';
import { escapeHtml, renderSafeMarkdown, safeHref } from './safeMarkdown';
import { formatDuration, formatHours, parseDateTime } from './time';
import { businessElapsed } from './calendar';
import { markdownTree, offsets } from './mdast';
import type { Nodes } from 'mdast';

export interface ReportInput { incident: { path: string; text: string }; review?: { path: string; text: string } }

/** Nodes whose children are blocks; an HTML node there is an HTML block. */
const BLOCK = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);
const COMMENT = /^<!--[\s\S]*-->$/;

/** Markdown punctuation that could make syntax, backslash-escaped: what it replaces reads as literal text. */
const literal = (s: string) => s.replace(/[\\`*_[\]()<>!&|#~]/g, '\\$&');

/**
 * Markdown from a file, made safe to hand on, read as GitHub reads it (remark, mdast.ts): links, images and link
 * definitions to anything but http(s), mailto or a relative path become literal text; raw HTML is escaped (`<` as
 * `&lt;`) and, in `body` mode, an HTML comment block (hidden on GitHub) is left out and headings go two levels
 * down (under the report's own). Everything else stays as written. Edits are made on the source, never inside
 * code; the reason when the parser refused the text.
 */
function safeMarkdownSource(src: string, mode: 'body' | 'inline'): string | { refused: string } {
  const tree = markdownTree(src);
  if (!tree.ok) return { refused: tree.reason };
  const edits: { start: number; end: number; text: string }[] = [];
  /** The source of [a, b) with the edits inside it applied (edits are collected in order and never overlap). */
  const apply = (a: number, b: number, list: typeof edits) => {
    let out = '', pos = a;
    for (const e of list) if (e.start >= a && e.end <= b) { out += src.slice(pos, e.start) + e.text; pos = e.end; }
    return out + src.slice(pos, b);
  };
  const visit = (n: Nodes, into: typeof edits, block: boolean, depth: number): void => {
    const [a, b] = offsets(n);
    switch (n.type) {
      case 'code': case 'inlineCode': return;
      case 'html':
        if (block && mode === 'body' && COMMENT.test(n.value.trim())) into.push({ start: a, end: b, text: '' });
        else into.push({ start: a, end: b, text: src.slice(a, b).replace(/</g, '&lt;') });
        return;
      case 'link': case 'image': case 'definition':
        if (safeHref(n.url) === undefined) { into.push({ start: a, end: b, text: literal(src.slice(a, b)) }); return; }
        break;
      case 'heading':
        if (mode !== 'body') break;
        if (src.charCodeAt(a) === 35) into.push({ start: a, end: a, text: '#'.repeat(Math.min(6, n.depth + 2) - n.depth) }); // ATX: `##` more
        else { // setext: rewritten as one ATX line (its text's line breaks and quote markers become spaces)
          const inner: typeof edits = [];
          for (const c of n.children) visit(c, inner, false, depth + 1);
          const kids = n.children;
          const text = kids.length ? apply(offsets(kids[0])[0], offsets(kids[kids.length - 1])[1], inner).replace(/[ \t]*\r?\n[ \t>]*/g, ' ') : '';
          into.push({ start: a, end: b, text: `${'#'.repeat(Math.min(6, n.depth + 2))} ${text}` });
          return;
        }
        break;
    }
    if ('children' in n && depth < 200) {
      for (const c of n.children as Nodes[]) visit(c, into, BLOCK.has(n.type), depth + 1);
    }
  };
  visit(tree.root, edits, true, 0);
  return apply(0, src.length, edits);
}

/** Text for one Markdown table cell or line: no line breaks or control characters, `|` escaped, no raw HTML, safe links only. */
export function mdInline(s: string): string {
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/(\\*)\|/g, '$1$1\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const safe = safeMarkdownSource(t, 'inline');
  return typeof safe === 'string' ? safe : literal(s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' '));
}

/** The review's body for the Markdown report: safe as above; a body the parser refuses is shown as a code block. */
function mdBody(body: string): string {
  const safe = safeMarkdownSource(body, 'body');
  if (typeof safe === 'string') return safe;
  let longest = 0;
  for (const m of body.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `The review's text is shown as written (${literal(safe.refused)}):\n\n${fence}text\n${body}\n${fence}`;
}

/**
 * The review's body in HTML, from remark's tree: a small renderer that writes only known elements (no attribute
 * but a safe href and a list's start), escapes every text, leaves raw HTML as text (comments out), turns images
 * into links (the file fetches nothing) and drops links to anything but http(s), mailto or a relative path.
 * Headings go two levels down. A body the parser refuses is shown as preformatted text, with the reason.
 */
function htmlBody(body: string): string {
  const tree = markdownTree(body);
  if (!tree.ok) return `<p>${escapeHtml(`The review's text is shown as written: ${tree.reason}.`)}</p><pre>${escapeHtml(body)}</pre>`;
  const e = escapeHtml;
  const defs = new Map<string, string>();
  const collect = (n: Nodes, depth: number): void => {
    if (n.type === 'definition') { if (!defs.has(n.identifier)) defs.set(n.identifier, n.url); return; }
    if ('children' in n && depth < 200) for (const c of n.children as Nodes[]) collect(c, depth + 1);
  };
  collect(tree.root, 0);
  const link = (url: string | undefined, inner: string) => { const href = url === undefined ? undefined : safeHref(url); return href === undefined ? inner : `<a href="${e(href)}">${inner}</a>`; };
  const render = (n: Nodes, tight: boolean, depth: number): string => {
    if (depth > 200) return '';
    const kids = (t = tight) => ('children' in n ? (n.children as Nodes[]).map((c) => (c.type === 'html' && BLOCK.has(n.type) && !t ? `<p>${render(c, t, depth + 1)}</p>` : render(c, t, depth + 1))).join('') : '');
    switch (n.type) {
      case 'root': case 'tableCell': return kids();
      case 'paragraph': return tight ? kids() : `<p>${kids()}</p>`;
      case 'heading': { const l = Math.min(6, n.depth + 2); return `<h${l}>${kids()}</h${l}>`; }
      case 'thematicBreak': return '<hr>';
      case 'blockquote': return `<blockquote>${kids(false)}</blockquote>`;
      case 'list': { const tag = n.ordered ? 'ol' : 'ul'; const start = n.ordered && typeof n.start === 'number' && n.start !== 1 ? ` start="${Math.trunc(n.start)}"` : ''; return `<${tag}${start}>${kids(!n.spread)}</${tag}>`; }
      case 'listItem': return `<li>${typeof n.checked === 'boolean' ? (n.checked ? '☑ ' : '☐ ') : ''}${kids(tight && !n.spread)}</li>`;
      case 'code': return `<pre><code>${e(n.value)}</code></pre>`;
      case 'html': return COMMENT.test(n.value.trim()) ? '' : e(n.value);
      case 'table': return `<table>${n.children.map((r, i) => `<tr>${r.children.map((c) => (i === 0 ? `<th>${render(c, true, depth + 2)}</th>` : `<td>${render(c, true, depth + 2)}</td>`)).join('')}</tr>`).join('')}</table>`;
      case 'text': return e(n.value);
      case 'emphasis': return `<em>${kids()}</em>`;
      case 'strong': return `<strong>${kids()}</strong>`;
      case 'delete': return `<del>${kids()}</del>`;
      case 'inlineCode': return `<code>${e(n.value)}</code>`;
      case 'break': return '<br>';
      case 'link': return link(n.url, kids());
      case 'image': return link(n.url, e(n.alt || n.url));
      case 'linkReference': return link(defs.get(n.identifier), kids());
      case 'imageReference': return link(defs.get(n.identifier), e(n.alt ?? ''));
      case 'footnoteReference': return `<sup>[${e(n.label ?? n.identifier)}]</sup>`;
      case 'footnoteDefinition': return `<div><sup>[${e(n.label ?? n.identifier)}]</sup> ${kids(false)}</div>`;
      default: return ''; // definitions, front matter
    }
  };
  return render(tree.root, false, 0);
}

function when(s: string | undefined): string {
  if (!s) return '';
  const t = parseDateTime(s);
  return t.ok && !t.dateOnly ? new Date(t.ms).toISOString().replace('T', ' ').replace(/:00\.000Z$|\.000Z$/, '').replace(/Z$/, '') + ' UTC' : s;
}

interface Facts { summary: RecordSummary; roles: IncidentRole[]; events: ReturnType<typeof timelineEvents>; review?: { summary: RecordSummary; body: string; path: string } }

function gather(input: ReportInput, policy: Policy): Facts {
  const rec = parseRecord(input.incident.path, input.incident.text, policy);
  const summary = summarize(rec);
  if (!summary || summary.kind !== 'incident') throw new Error(`${input.incident.path} is not an incident`);
  if (!summary.ok) throw new Error(`${input.incident.path}: the front matter does not parse (${rec.problems[0]?.message ?? 'unknown error'})`);
  const events = timelineEvents(rec.root).map((e) => ({ ...e, ms: parseDateTime(e.at) })).sort((a, b) => (a.ms.ok ? a.ms.ms : Infinity) - (b.ms.ok ? b.ms.ms : Infinity)).map(({ ms: _ms, ...e }) => e);
  let review: Facts['review'];
  if (input.review) {
    const r = parseRecord(input.review.path, input.review.text, policy);
    const s = summarize(r);
    if (s?.kind === 'review') review = { summary: s, body: withoutTimelineCopy(input.review.text.slice(r.split.bodyStart)), path: input.review.path };
  }
  return { summary, roles: incidentRoles(rec.root, policy, summary.severity), events, review };
}

/**
 * The review's body without its timeline section (Hindsight's copy of the incident's timeline, between the
 * markers): the report has the incident's timeline already, and printed it twice (found by fresh eyes).
 */
function withoutTimelineCopy(body: string): string {
  const at = findTimelineSection(body);
  return at ? `${body.slice(0, at.start)}*The incident's timeline, above.*${body.slice(at.end)}` : body;
}

export function incidentReport(input: ReportInput, policy: Policy, opts: { format: 'md' | 'html'; now: number }): string {
  const f = gather(input, policy);
  return opts.format === 'md' ? markdownReport(f, policy, opts.now) : htmlReport(f, policy, opts.now);
}

/**
 * The Response table's rows, in target order: each time measured against its target; for an open incident, each
 * target still running (due in, or breached how long ago, at `now`: as the timeline editor and `sla` show it); for
 * an ended one, a target whose milestone is not set (not measured, as `target-unmeasured` says).
 */
function metricsOf(s: RecordSummary, policy: Policy, now: number): { label: string; value: string; target: string; cls: '' | 'met' | 'missed' }[] {
  const LABEL = { detect: 'Time to detect', acknowledge: 'Time to acknowledge', mitigate: 'Time to mitigate', resolve: 'Time to resolve' } as const;
  const ORDER = ['detect', 'acknowledge', 'mitigate', 'resolve'];
  const measured = incidentMetrics(s, policy);
  const rows = measured.map((m) => ({
    at: ORDER.indexOf(m.name), label: LABEL[m.name], value: m.value,
    target: m.target === undefined ? '' : m.met ? `met (target ${m.targetText})` : `missed by ${m.missedBy} (target ${m.targetText})`,
    cls: (m.met === undefined ? '' : m.met ? 'met' : 'missed') as '' | 'met' | 'missed',
  }));
  const plan = planClocks(clockInputOf(s), policy);
  for (const c of plan.clocks) {
    if (measured.some((m) => m.name === c.target) || s.milestones[MILESTONE_OF[c.target]] !== undefined) continue; // measured, or set before the start (a problem of its own)
    const target = `target ${targetText(c, s.severity)}`;
    const row = { at: ORDER.indexOf(c.target), label: LABEL[c.target] };
    if (!plan.open) { rows.push({ ...row, value: 'not measured', target: `'${MILESTONE_OF[c.target]}' is not set (${target})`, cls: '' }); continue; }
    const state = clockState(c, now);
    // How long it has run: in working time where the target counts in a calendar, as it is judged.
    const cal = c.calendar !== undefined ? policy.calendars.find((x) => x.id === c.calendar) : undefined;
    const ran = now > c.startMs ? (cal ? `running, ${formatHours(businessElapsed(cal, c.startMs, now))} of working time so far` : `running, ${formatDuration(now - c.startMs)} so far`) : 'running';
    if (state === 'breached') rows.push({ ...row, value: ran, target: `breached ${formatDuration(Math.max(0, now - c.deadlineMs))} ago (${target})`, cls: 'missed' });
    else if (state === 'running' || state === 'at-risk') rows.push({ ...row, value: ran, target: Number.isFinite(c.deadlineMs) ? `${state === 'at-risk' ? 'at risk: ' : ''}due in ${formatDuration(Math.max(0, c.deadlineMs - now))} (${target})` : `no working time left in its calendar (${target})`, cls: '' });
  }
  return rows.sort((a, b) => a.at - b.at).map(({ at: _at, ...r }) => r);
}

/**
 * The incident's facts as label and text, for both formats: what a reader outside the repo needs to place it
 * (severity, priority with the impact and urgency it comes from, category, who held which role, the escalation
 * policy, the support group, the milestones, the runbooks followed). A fact not written is left out.
 */
function factList(f: Facts, policy: Policy): { label: string; text: string }[] {
  const s = f.summary;
  const sev = findSeverity(policy, s.severity);
  const out: { label: string; text: string }[] = [];
  const add = (label: string, text: string | undefined) => { if (text) out.push({ label, text }); };
  add('Severity', `${s.severity ?? 'not set'}${sev?.title ? ` (${sev.title})` : ''}`);
  const priority = effectivePriority(policy, s) ?? s.priority;
  const from = [s.impact ? `impact ${s.impact}` : '', s.urgency ? `urgency ${s.urgency}` : ''].filter(Boolean).join(', ');
  add('Priority', priority ? `${priority}${from ? ` (${from})` : ''}` : from || undefined);
  add('Status', s.status ?? 'not set');
  add('Category', s.category);
  add('Services', s.services.join(', '));
  for (const r of f.roles) if (r.person) add(r.role === 'commander' ? 'Commander' : r.role[0].toUpperCase() + r.role.slice(1), r.person);
  add('Escalation policy', s.escalation ?? sev?.escalation);
  add('Assigned to', s.assignedTo);
  for (const m of MILESTONES) add(m[0].toUpperCase() + m.slice(1), s.milestones[m] ? when(s.milestones[m]) : undefined);
  add('Runbooks', s.runbooks.join(', '));
  return out;
}

function markdownReport(f: Facts, policy: Policy, now: number): string {
  const s = f.summary;
  const L: string[] = [];
  L.push(`# ${mdInline(`${s.id ?? ''} ${s.title ?? ''}`.trim() || s.path)}`, '');
  // The facts as a list (a two-column table has no header to give, and GitHub would show an empty one).
  for (const { label, text } of factList(f, policy)) L.push(`- **${label}:** ${mdInline(text)}`);
  L.push('');
  const metrics = metricsOf(s, policy, now);
  if (metrics.length) {
    L.push('## Response', '', '| measure | time | against the target |', '|---|---|---|');
    for (const m of metrics) L.push(`| ${m.label} | ${m.value} | ${m.target || '-'} |`);
    L.push('');
  }
  L.push('## Timeline', '');
  if (f.events.length) {
    L.push('| time | kind | what happened | by |', '|---|---|---|---|');
    for (const e of f.events) L.push(`| ${mdInline(when(e.at))} | ${mdInline(e.kind)} | ${mdInline(e.text)} | ${mdInline(e.by ?? '')} |`);
  } else L.push('No events recorded.');
  L.push('');
  if (f.review) {
    const r = f.review.summary;
    L.push('## Review', '', `**${mdInline(r.title ?? f.review.path).replace(/\*/g, '\\*')}** (${mdInline(f.review.path)})`, '');
    L.push(`Status: ${mdInline(r.status ?? 'not set')}${r.date ? ` · date ${mdInline(r.date)}` : ''}${r.authors.length ? ` · authors ${mdInline(r.authors.join(', '))}` : ''}`, '');
    if (r.actionItems.length) {
      L.push('### Action items', '', '| id | action | owner | due | status |', '|---|---|---|---|---|');
      for (const a of r.actionItems) L.push(`| ${mdInline(a.id ?? '')} | ${mdInline(a.title ?? '')} | ${mdInline(a.owner ?? '')} | ${mdInline(a.due ?? '')} | ${mdInline(a.status ?? 'open')} |`);
      L.push('');
    }
    L.push(mdBody(f.review.body).trim(), '');
  }
  L.push('---', '', `Exported by Hindsight from ${mdInline(s.path)} on ${when(new Date(Math.floor(now / 60_000) * 60_000).toISOString())}.`, '');
  return L.join('\n');
}

const CSS = `body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;max-width:960px;margin:32px auto;padding:0 20px}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.t{white-space:nowrap;font-variant-numeric:tabular-nums}.met{color:#1a7f37}.missed{color:#cf222e}
.sev{display:inline-block;border-radius:10px;padding:0 8px;background:#eaeef2}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f6f8fa}
pre{padding:8px;overflow:auto}blockquote{margin:0;padding:0 1em;border-left:3px solid #d0d7de;color:#656d76}table.facts th{width:170px}footer{margin-top:2em;color:#656d76;font-size:.9em}
@media (prefers-color-scheme: dark){body{background:#0d1117;color:#e6edf3}th{background:#161b22}th,td,h2{border-color:#30363d}code,pre,.sev{background:#161b22}}`;

function htmlReport(f: Facts, policy: Policy, now: number): string {
  const s = f.summary;
  const e = escapeHtml;
  const sev = findSeverity(policy, s.severity);
  const facts: [string, string][] = factList(f, policy).map(({ label, text }) => [label, label === 'Severity' ? `<span class="sev">${e(s.severity ?? 'not set')}</span>${sev?.title ? ` ${e(sev.title)}` : ''}` : e(text)]);
  const metrics = metricsOf(s, policy, now);
  const parts: string[] = [];
  parts.push(`<h1>${e(`${s.id ?? ''} ${s.title ?? ''}`.trim() || s.path)}</h1>`);
  parts.push(`<table class="facts">${facts.map(([k, v]) => `<tr><th>${e(k)}</th><td>${v}</td></tr>`).join('')}</table>`);
  if (metrics.length) {
    parts.push('<h2>Response</h2><table><tr><th>measure</th><th>time</th><th>against the target</th></tr>' + metrics.map((m) =>
      `<tr><th>${e(m.label)}</th><td class="t">${e(m.value)}</td><td class="${m.cls}">${e(m.target || '-')}</td></tr>`).join('') + '</table>');
  }
  parts.push('<h2>Timeline</h2>');
  parts.push(f.events.length
    ? '<table><tr><th>time</th><th>kind</th><th>what happened</th><th>by</th></tr>' + f.events.map((ev) => `<tr><td class="t">${e(when(ev.at))}</td><td>${e(ev.kind)}</td><td>${renderSafeMarkdown(ev.text)}</td><td>${e(ev.by ?? '')}</td></tr>`).join('') + '</table>'
    : '<p>No events recorded.</p>');
  if (f.review) {
    const r = f.review.summary;
    parts.push(`<h2>Review</h2><p><strong>${e(r.title ?? f.review.path)}</strong> (${e(f.review.path)})</p>`);
    parts.push(`<p>Status: ${e(r.status ?? 'not set')}${r.date ? ` · date ${e(r.date)}` : ''}${r.authors.length ? ` · authors ${e(r.authors.join(', '))}` : ''}</p>`);
    if (r.actionItems.length) {
      parts.push('<h3>Action items</h3><table><tr><th>id</th><th>action</th><th>owner</th><th>due</th><th>status</th></tr>' + r.actionItems.map((a) =>
        `<tr><td>${e(a.id ?? '')}</td><td>${renderSafeMarkdown(a.title ?? '')}</td><td>${e(a.owner ?? '')}</td><td class="t">${e(a.due ?? '')}</td><td>${e(a.status ?? 'open')}</td></tr>`).join('') + '</table>');
    }
    parts.push(htmlBody(f.review.body));
  }
  parts.push(`<footer>Exported by Hindsight from ${e(s.path)} on ${when(new Date(Math.floor(now / 60_000) * 60_000).toISOString())}.</footer>`);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src https: data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(`${s.id ?? ''} ${s.title ?? ''}`.trim() || s.path)}</title>
<style>${CSS}</style></head>
<body>
${parts.join('\n')}
</body></html>
`;
}

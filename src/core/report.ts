/**
 * An incident report for people outside the repo (`hindsight export`): the incident's facts, its response metrics
 * against the severity's targets, its timeline, and the linked review with its action items. Markdown or one
 * self-contained HTML file (inline CSS, no script, a CSP that allows none, no remote resource).
 * Every value from the files is escaped: titles and texts stay text, links only for http(s), mailto and relative.
 */
import { parseRecord } from './record';
import { summarize, type RecordSummary } from './summary';
import { timelineEvents } from './timelineView';
import { incidentMetrics } from './metrics';
import { findSeverity, MILESTONES, type Policy } from './policy';
import { escapeHtml, renderSafeMarkdown, safeHref } from './safeMarkdown';
import { formatDuration, parseDateTime } from './time';

export interface ReportInput { incident: { path: string; text: string }; review?: { path: string; text: string } }

/** Links to anything but http(s), mailto or a relative path lose their link syntax (`\[x](javascript:...)` is text). */
function mdSafeLinks(s: string): string {
  return s.replace(/\[([^\]\n]*)\]\(([^)\n]*)\)/g, (m, _label: string, url: string) => (safeHref(url.trim().split(/\s+/)[0] ?? '') === undefined ? '\\' + m : m));
}

/** Text for one Markdown table cell or line: no line breaks or control characters, `|` escaped, no raw HTML, safe links only. */
export function mdInline(s: string): string {
  return mdSafeLinks(s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** A Markdown body kept as written, except raw HTML (outside code fences), which is escaped, and headings, two levels down. */
function mdBody(body: string): string {
  let fence: string | undefined;
  return body.split('\n').map((line) => {
    const f = /^\s*(`{3,}|~{3,})/.exec(line);
    if (f) { if (!fence) fence = f[1][0]; else if (f[1][0] === fence) fence = undefined; return line; }
    if (fence) return line;
    const demoted = /^#{1,4}\s/.test(line) ? '##' + line : line;
    return mdSafeLinks(demoted.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  }).join('\n');
}

/** A small block renderer for the review's body in HTML: headings, lists, code blocks, paragraphs; inline via renderSafeMarkdown. */
function htmlBody(body: string): string {
  const out: string[] = [];
  const lines = body.split('\n');
  let para: string[] = [];
  let list: string[] | undefined;
  const flush = () => {
    if (para.length) { out.push(`<p>${renderSafeMarkdown(para.join(' '))}</p>`); para = []; }
    if (list) { out.push(`<ul>${list.map((i) => `<li>${renderSafeMarkdown(i)}</li>`).join('')}</ul>`); list = undefined; }
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    const t = raw.trim();
    const f = /^(`{3,}|~{3,})/.exec(t);
    if (f) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].trim().startsWith(f[1]); i++) code.push(lines[i].replace(/\r$/, ''));
      out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
      continue;
    }
    if (t.startsWith('|')) {
      flush();
      const rows: string[][] = [];
      for (; i < lines.length && lines[i].trim().startsWith('|'); i++) {
        const cells = lines[i].trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
        if (!cells.every((c) => /^:?-{2,}:?$/.test(c))) rows.push(cells);
      }
      i--;
      if (rows.length) out.push(`<table>${rows.map((r, n) => `<tr>${r.map((c) => (n === 0 ? `<th>${renderSafeMarkdown(c)}</th>` : `<td>${renderSafeMarkdown(c)}</td>`)).join('')}</tr>`).join('')}</table>`);
      continue;
    }
    const h = /^(#{1,6})\s+(.*?)\s*#*$/.exec(t);
    if (h) { flush(); const level = Math.min(6, h[1].length + 2); out.push(`<h${level}>${renderSafeMarkdown(h[2])}</h${level}>`); continue; }
    const li = /^(?:[-*+]|\d{1,3}[.)])\s+(.*)$/.exec(t);
    if (li) { if (para.length) { out.push(`<p>${renderSafeMarkdown(para.join(' '))}</p>`); para = []; } (list ??= []).push(li[1]); continue; }
    if (!t) { flush(); continue; }
    if (list) { list[list.length - 1] += ' ' + t; continue; }
    para.push(t);
  }
  flush();
  return out.join('\n');
}

function when(s: string | undefined): string {
  if (!s) return '';
  const t = parseDateTime(s);
  return t.ok && !t.dateOnly ? new Date(t.ms).toISOString().replace('T', ' ').replace(/:00\.000Z$|\.000Z$/, '').replace(/Z$/, '') + ' UTC' : s;
}

interface Facts { summary: RecordSummary; events: ReturnType<typeof timelineEvents>; review?: { summary: RecordSummary; body: string; path: string } }

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
    if (s?.kind === 'review') review = { summary: s, body: input.review.text.slice(r.split.bodyStart), path: input.review.path };
  }
  return { summary, events, review };
}

export function incidentReport(input: ReportInput, policy: Policy, opts: { format: 'md' | 'html'; now: number }): string {
  const f = gather(input, policy);
  return opts.format === 'md' ? markdownReport(f, policy, opts.now) : htmlReport(f, policy, opts.now);
}

function metricsOf(s: RecordSummary, policy: Policy): { label: string; value: string; target: string }[] {
  return incidentMetrics(s, policy).map((m) => ({
    label: { detect: 'Time to detect', acknowledge: 'Time to acknowledge', mitigate: 'Time to mitigate', resolve: 'Time to resolve' }[m.name],
    value: formatDuration(m.ms),
    target: m.target === undefined ? '' : m.met ? `met (target ${m.targetText})` : `missed by ${formatDuration(m.ms - m.target)} (target ${m.targetText})`,
  }));
}

function markdownReport(f: Facts, policy: Policy, now: number): string {
  const s = f.summary;
  const sev = findSeverity(policy, s.severity);
  const L: string[] = [];
  L.push(`# ${mdInline(`${s.id ?? ''} ${s.title ?? ''}`.trim() || s.path)}`, '');
  L.push('| | |', '|---|---|');
  L.push(`| Severity | ${mdInline(s.severity ?? 'not set')}${sev?.title ? ` (${mdInline(sev.title)})` : ''} |`);
  L.push(`| Status | ${mdInline(s.status ?? 'not set')} |`);
  if (s.services.length) L.push(`| Services | ${mdInline(s.services.join(', '))} |`);
  if (s.commander) L.push(`| Commander | ${mdInline(s.commander)} |`);
  for (const m of MILESTONES) if (s.milestones[m]) L.push(`| ${m[0].toUpperCase() + m.slice(1)} | ${mdInline(when(s.milestones[m]))} |`);
  L.push('');
  const metrics = metricsOf(s, policy);
  if (metrics.length) {
    L.push('## Response', '', '| | time | against the target |', '|---|---|---|');
    for (const m of metrics) L.push(`| ${m.label} | ${m.value} | ${m.target || '-'} |`);
    L.push('');
  }
  L.push('## Timeline', '');
  if (f.events.length) {
    L.push('| time (UTC) | kind | what happened | by |', '|---|---|---|---|');
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
  L.push('---', '', `Exported by Hindsight from ${mdInline(s.path)} on ${new Date(now).toISOString().slice(0, 10)}.`, '');
  return L.join('\n');
}

const CSS = `body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;max-width:960px;margin:32px auto;padding:0 20px}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.t{white-space:nowrap;font-variant-numeric:tabular-nums}.met{color:#1a7f37}.missed{color:#cf222e}
.sev{display:inline-block;border-radius:10px;padding:0 8px;background:#eaeef2}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f6f8fa}
pre{padding:8px;overflow:auto}table.facts th{width:170px}footer{margin-top:2em;color:#656d76;font-size:.9em}
@media (prefers-color-scheme: dark){body{background:#0d1117;color:#e6edf3}th{background:#161b22}th,td,h2{border-color:#30363d}code,pre,.sev{background:#161b22}}`;

function htmlReport(f: Facts, policy: Policy, now: number): string {
  const s = f.summary;
  const e = escapeHtml;
  const sev = findSeverity(policy, s.severity);
  const facts: [string, string][] = [
    ['Severity', `<span class="sev">${e(s.severity ?? 'not set')}</span>${sev?.title ? ` ${e(sev.title)}` : ''}`],
    ['Status', e(s.status ?? 'not set')],
    ...(s.services.length ? [['Services', e(s.services.join(', '))] as [string, string]] : []),
    ...(s.commander ? [['Commander', e(s.commander)] as [string, string]] : []),
    ...MILESTONES.filter((m) => s.milestones[m]).map((m) => [m[0].toUpperCase() + m.slice(1), e(when(s.milestones[m]))] as [string, string]),
  ];
  const metrics = incidentMetrics(s, policy);
  const parts: string[] = [];
  parts.push(`<h1>${e(`${s.id ?? ''} ${s.title ?? ''}`.trim() || s.path)}</h1>`);
  parts.push(`<table class="facts">${facts.map(([k, v]) => `<tr><th>${e(k)}</th><td>${v}</td></tr>`).join('')}</table>`);
  if (metrics.length) {
    parts.push('<h2>Response</h2><table><tr><th></th><th>time</th><th>against the target</th></tr>' + metricsOf(s, policy).map((m, i) =>
      `<tr><th>${e(m.label)}</th><td class="t">${e(m.value)}</td><td class="${metrics[i].met === undefined ? '' : metrics[i].met ? 'met' : 'missed'}">${e(m.target || '-')}</td></tr>`).join('') + '</table>');
  }
  parts.push('<h2>Timeline</h2>');
  parts.push(f.events.length
    ? '<table><tr><th>time (UTC)</th><th>kind</th><th>what happened</th><th>by</th></tr>' + f.events.map((ev) => `<tr><td class="t">${e(when(ev.at))}</td><td>${e(ev.kind)}</td><td>${renderSafeMarkdown(ev.text)}</td><td>${e(ev.by ?? '')}</td></tr>`).join('') + '</table>'
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
  parts.push(`<footer>Exported by Hindsight from ${e(s.path)} on ${new Date(now).toISOString().slice(0, 10)}.</footer>`);
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

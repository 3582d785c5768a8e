import * as vscode from 'vscode';
import { effectivePriority, formatDuration, incidentMetrics, parseDateTime, type Policy, type RecordSummary, type SlaEntry } from '../../../core/index';
import { md } from '../../util/markdown';

const SEVERITY_COLORS = ['charts.red', 'charts.orange', 'charts.yellow', 'charts.blue', 'charts.purple', 'charts.green'];

/** A theme colour per severity, by its position in the policy (most severe first). */
export function severityColor(policy: Policy, severity: string | undefined): vscode.ThemeColor {
  const i = policy.severities.findIndex((s) => s.id === severity);
  return new vscode.ThemeColor(i < 0 ? 'disabledForeground' : SEVERITY_COLORS[Math.min(i, SEVERITY_COLORS.length - 1)]);
}

export function displayTime(iso: string | undefined, zone: 'utc' | 'local'): string {
  const r = parseDateTime(iso);
  if (!r.ok) return iso ?? '';
  const d = new Date(r.ms);
  if (zone === 'utc') return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** `open 2h 10m` for an active incident, `lasted 43m` for a resolved one. */
export function ageOrDuration(r: RecordSummary, active: boolean, now = Date.now()): string {
  const start = parseDateTime(r.milestones.started);
  if (!start.ok) return '';
  if (active) return `open ${formatDuration(now - start.ms)}`;
  const end = parseDateTime(r.milestones.resolved);
  return end.ok ? `lasted ${formatDuration(end.ms - start.ms)}` : '';
}

export function incidentTooltip(r: RecordSummary, policy: Policy, zone: 'utc' | 'local', clocks?: SlaEntry): vscode.MarkdownString {
  const m = md();
  m.appendMarkdown('**');
  m.appendText(`${r.id ?? ''} ${r.title ?? ''}`.trim());
  m.appendMarkdown('**\n\n');
  if (!r.ok) { m.appendText(`⚠ Its front matter does not parse (see its problems): ${r.lastParsed ? 'shown as it was when it last did' : 'nothing more can be read from it'}.`); m.appendMarkdown('\n\n'); }
  const sev = policy.severities.find((s) => s.id === r.severity);
  m.appendText(`${r.severity ?? 'no severity'}${sev?.title ? ` (${sev.title})` : ''} · ${r.status ?? 'no status'}${r.services.length ? ` · ${r.services.join(', ')}` : ''}`);
  m.appendMarkdown('\n\n');
  for (const k of ['started', 'detected', 'acknowledged', 'mitigated', 'resolved'] as const) {
    const v = r.milestones[k];
    if (v) { m.appendText(`${k}: ${displayTime(v, zone)}`); m.appendMarkdown('  \n'); }
  }
  const metrics = incidentMetrics(r, policy);
  if (metrics.length) {
    m.appendMarkdown('\n');
    for (const x of metrics) {
      const verdict = x.target === undefined ? '' : x.met ? ` ✓ target ${x.targetText}` : ` ✗ target ${x.targetText}, missed by ${x.missedBy}`;
      m.appendText(`Time to ${x.name}: ${x.value}${verdict}`);
      m.appendMarkdown('  \n');
    }
  }
  // The incident process: priority and category, then every clock of an open incident (issue 18).
  // A closed incident has no clocks entry: its priority is still the one the matrix derives (or the one written).
  const priority = clocks?.priority ?? effectivePriority(policy, r);
  const facts = [priority && `Priority ${priority}`, r.impact && `impact ${r.impact}`, r.urgency && `urgency ${r.urgency}`, r.category && `category ${r.category}`, r.assignedTo && `with ${r.assignedTo}`].filter(Boolean);
  if (facts.length) { m.appendMarkdown('\n'); m.appendText(facts.join(' · ')); m.appendMarkdown('  \n'); }
  if (clocks?.clocks.length) {
    m.appendMarkdown('\n');
    for (const c of clocks.clocks) {
      const mark = { breached: '✗ ', 'at-risk': '⚠ ', running: '', met: '✓ ', missed: '✗ ' }[c.state];
      m.appendText(`${mark}${c.text}: target ${c.limit} (${c.source}${c.calendar ? `, ${c.calendar} calendar` : ''}), due ${displayTime(c.due, zone)}`);
      m.appendMarkdown('  \n');
    }
    for (const st of clocks.escalation) if (st.late) { m.appendText(`⚠ escalation step ${st.step} (${st.kind}) to ${st.notify.join(', ')} was due ${displayTime(st.due, zone)}: not logged`); m.appendMarkdown('  \n'); }
  }
  if (r.commander) { m.appendMarkdown('\n'); m.appendText(`Commander: ${r.commander}`); }
  return m;
}

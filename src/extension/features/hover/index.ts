/**
 * Hover on a severity, status, escalation policy, impact, urgency, priority or category value: its definition from
 * the policy; on a milestone (acknowledged, mitigated, resolved), its target, the time left or overdue, its calendar.
 */
import * as vscode from 'vscode';
import { derivePriority, isMilestone, MILESTONE_OF, scalarAt, TARGETS } from '../../../core/index';
import type { FeatureContext } from '../../services/featureContext';
import { recordOf, RECORD_SELECTOR } from '../../services/records';
import { md } from '../../util/markdown';

export function register({ model, clocks }: FeatureContext): vscode.Disposable {
  return vscode.languages.registerHoverProvider(RECORD_SELECTOR, {
    provideHover(doc, position) {
      const rec = recordOf(model, doc);
      if (!rec || rec.kind !== 'incident' || !rec.root) return undefined;
      const offset = doc.offsetAt(position);
      // A milestone's clock on its key or its value, set or still empty (`mitigated:` is where one looks for it).
      const onKey = rec.root.items.find((x) => offset >= x.key.start && offset <= x.key.end);
      const hit = scalarAt(rec.root, offset);
      const milestone = onKey ? String(onKey.key.value) : hit?.path.length === 1 ? hit.path[0] : undefined;
      if (isMilestone(milestone)) {
        const at = onKey ? onKey.key : hit!.node;
        return milestoneHover(rec.path, milestone, md(), new vscode.Range(doc.positionAt(at.start), doc.positionAt(at.end)));
      }
      if (!hit || hit.path.length !== 1 || hit.node.value === null) return undefined;
      const value = String(hit.node.value);
      const p = model.policy;
      const m = md();
      const range = new vscode.Range(doc.positionAt(hit.node.start), doc.positionAt(hit.node.end));
      if (hit.path[0] === 'severity') {
        const s = p.severities.find((x) => x.id === value);
        if (!s) return undefined;
        m.appendMarkdown('**'); m.appendText(`${s.id}${s.title ? `: ${s.title}` : ''}`); m.appendMarkdown('**\n\n');
        if (s.description) { m.appendText(s.description); m.appendMarkdown('\n\n'); }
        const lines: string[] = [];
        if (s.escalation) lines.push(`Escalation policy: ${s.escalation}`);
        if (s.requires.length) lines.push(`Requires: ${s.requires.join(', ')}`);
        const t = s.targetsText;
        if (Object.keys(t).length) lines.push(`Targets (from detected): ${['acknowledge', 'mitigate', 'resolve'].filter((k) => t[k]).map((k) => `${k} ${t[k]}`).join(', ')}`);
        if (s.reviewWithinText) lines.push(`Review required within ${s.reviewWithinText} of resolution`);
        lines.forEach((l) => { m.appendText(l); m.appendMarkdown('  \n'); });
        m.appendMarkdown('\n'); m.appendText(`Defined in ${p.source}`);
        return new vscode.Hover(m, range);
      }
      if (hit.path[0] === 'escalation') {
        const e = p.escalationPolicies.find((x) => x.id === value);
        if (!e) return undefined;
        m.appendMarkdown('**'); m.appendText(`Escalation policy ${e.id}`); m.appendMarkdown('**\n\n');
        e.steps.forEach((s, i) => { m.appendText(`${i + 1}. after ${s.afterText}: notify ${s.notify.join(', ')}`); m.appendMarkdown('  \n'); });
        if (e.repeat) { m.appendText(`Repeats ${e.repeat} time${e.repeat === 1 ? '' : 's'}`); }
        return new vscode.Hover(m, range);
      }
      const level = hit.path[0] === 'impact' ? p.impacts.find((x) => x.id === value) : hit.path[0] === 'urgency' ? p.urgencies.find((x) => x.id === value) : undefined;
      if (level) {
        m.appendMarkdown('**'); m.appendText(`${hit.path[0] === 'impact' ? 'Impact' : 'Urgency'} ${level.id}${level.title ? `: ${level.title}` : ''}`); m.appendMarkdown('**\n\n');
        if (level.description) { m.appendText(level.description); m.appendMarkdown('\n\n'); }
        const s = summaryOf(rec.path);
        const prio = derivePriority(p, hit.path[0] === 'impact' ? value : s?.impact, hit.path[0] === 'urgency' ? value : s?.urgency);
        if (prio) m.appendText(`With this incident's ${hit.path[0] === 'impact' ? 'urgency' : 'impact'}, the priority matrix gives ${prio}.`);
        return new vscode.Hover(m, range);
      }
      if (hit.path[0] === 'priority') {
        const x = p.priorities.find((y) => y.id === value);
        if (!x) return undefined;
        m.appendMarkdown('**'); m.appendText(`Priority ${x.id}${x.title ? `: ${x.title}` : ''}`); m.appendMarkdown('**\n\n');
        const t = x.targetsText;
        if (Object.keys(t).length) { m.appendText(`Targets (from detected${x.calendar ? `, in the ${x.calendar} calendar` : ''}): ${TARGETS.filter((k) => t[k]).map((k) => `${k} ${t[k]}`).join(', ')}`); m.appendMarkdown('  \n'); }
        if (x.escalation) { m.appendText(`Escalation policy: ${x.escalation} (when neither the incident's escalation: nor its severity names one; then it counts in the priority's calendar)`); m.appendMarkdown('  \n'); }
        m.appendMarkdown('\n'); m.appendText('An incident is held to the stricter of its priority\'s and its severity\'s targets.');
        return new vscode.Hover(m, range);
      }
      if (hit.path[0] === 'status') {
        const i = p.statuses.findIndex((x) => x.id === value);
        if (i < 0) return undefined;
        const s = p.statuses[i];
        m.appendMarkdown('**'); m.appendText(`Status ${s.id}`); m.appendMarkdown('**\n\n');
        m.appendText(`Step ${i + 1} of ${p.statuses.length}: ${p.statuses.map((x) => x.id).join(' → ')}`);
        if (s.requires.length) { m.appendMarkdown('\n\n'); m.appendText(`Requires the milestones: ${s.requires.join(', ')}`); }
        return new vscode.Hover(m, range);
      }
      return undefined;
    },
  });

  function summaryOf(path: string) { return model.index.get(path); }

  /** A milestone's target: met or missed when set; while the incident is open, the time left or overdue. */
  function milestoneHover(path: string, milestone: string, m: ReturnType<typeof md>, range: vscode.Range): vscode.Hover | undefined {
    const entry = clocks.entry(path);
    const target = TARGETS.find((t) => MILESTONE_OF[t] === milestone);
    if (!target) {
      if (!entry?.clocks.length) return undefined;
      m.appendText(`The targets' clocks run from ${entry.clocks[0].start} (detected, else started).`);
      return new vscode.Hover(m, range);
    }
    const c = entry?.clocks.find((x) => x.target === target);
    if (!c) return undefined;
    m.appendMarkdown('**'); m.appendText(`Target to ${target}: ${c.limit} (${c.source}${c.calendar ? `, counted in the ${c.calendar} calendar` : ', round the clock'})`); m.appendMarkdown('**\n\n');
    m.appendText(`${c.text}; due ${c.due}${c.state === 'running' ? `, at risk from ${c.atRisk}` : ''}.`);
    return new vscode.Hover(m, range);
  }
}

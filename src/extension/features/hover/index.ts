/** Hover on a severity, status or escalation policy value: its definition, requirements and targets from the policy. */
import * as vscode from 'vscode';
import { scalarAt } from '../../../core/index';
import type { FeatureContext } from '../../services/featureContext';
import { recordOf, RECORD_SELECTOR } from '../../services/records';
import { md } from '../../util/markdown';

export function register({ model }: FeatureContext): vscode.Disposable {
  return vscode.languages.registerHoverProvider(RECORD_SELECTOR, {
    provideHover(doc, position) {
      const rec = recordOf(model, doc);
      if (!rec || rec.kind !== 'incident' || !rec.root) return undefined;
      const hit = scalarAt(rec.root, doc.offsetAt(position));
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
}

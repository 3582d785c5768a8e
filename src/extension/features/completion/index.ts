/** Completion in record front matter: values from the policy (severities, statuses, services, roles, escalation policies, timeline kinds) and the index (runbook paths, incident ids). */
import * as vscode from 'vscode';
import { fieldContextAt, isMilestone, ACTION_ITEM_STATUSES, ACTION_ITEM_TYPES, formatIso, categoryIds } from '../../../core/index';
import type { FeatureContext } from '../../services/featureContext';
import { recordOf, RECORD_SELECTOR } from '../../services/records';

interface Candidate { label: string; detail?: string; doc?: string; kind: vscode.CompletionItemKind }

export function register({ model }: FeatureContext): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(RECORD_SELECTOR, {
    provideCompletionItems(doc, position) {
      const rec = recordOf(model, doc);
      if (!rec) return undefined;
      const text = doc.getText();
      const ctx = fieldContextAt(text, doc.offsetAt(position));
      if (!ctx) return undefined;
      const p = model.policy;
      const key = ctx.path[ctx.path.length - 1];
      const parent = ctx.path[ctx.path.length - 2];
      const E = vscode.CompletionItemKind.EnumMember;
      let cands: Candidate[] = [];
      if (ctx.onKey && parent === 'roles') cands = p.roles.filter((r) => r !== 'commander').map((r) => ({ label: r, kind: vscode.CompletionItemKind.Property })); // the commander is a field of its own
      else if (ctx.onKey) return undefined;
      else if (rec.kind === 'incident') {
        if (key === 'severity' && ctx.path.length === 1) cands = p.severities.map((s) => ({ label: s.id, detail: s.title, doc: s.description, kind: E }));
        else if (key === 'status' && ctx.path.length === 1) cands = p.statuses.map((s) => ({ label: s.id, detail: s.requires.length ? `requires ${s.requires.join(', ')}` : undefined, kind: E }));
        else if (key === 'services') cands = (p.services ?? [...new Set(model.records().flatMap((r) => r.services))].sort()).map((s) => ({ label: s, kind: E }));
        else if (key === 'escalation' && ctx.path.length === 1) cands = p.escalationPolicies.map((e) => ({ label: e.id, detail: e.steps.map((s) => `${s.afterText}: ${s.notify.join(', ')}`).join('; '), kind: E }));
        else if (key === 'kind' && ctx.path[0] === 'timeline') cands = p.timelineKinds.map((k) => ({ label: k, kind: E }));
        // The incident process (issue 18): levels, priorities, categories and an escalated event's targets and kind.
        else if (key === 'impact' && ctx.path.length === 1) cands = p.impacts.map((l) => ({ label: l.id, detail: l.title, doc: l.description, kind: E }));
        else if (key === 'urgency' && ctx.path.length === 1) cands = p.urgencies.map((l) => ({ label: l.id, detail: l.title, doc: l.description, kind: E }));
        else if (key === 'priority' && ctx.path.length === 1) cands = p.priorities.map((x) => ({ label: x.id, detail: [x.title, Object.entries(x.targetsText).map(([k, v]) => `${k} ${v}`).join(', ')].filter(Boolean).join(' · '), kind: E }));
        else if (key === 'category' && ctx.path.length === 1) cands = categoryIds(p).map((c) => ({ label: c, kind: E }));
        else if (key === 'escalation' && ctx.path[0] === 'timeline') cands = ['functional', 'hierarchical'].map((k) => ({ label: k, detail: k === 'functional' ? 'to the next support group' : 'to management', kind: E }));
        else if (key === 'to' && ctx.path[0] === 'timeline') cands = [...new Set(p.escalationPolicies.flatMap((e) => e.steps.flatMap((s) => s.notify)))].map((n) => ({ label: n, kind: vscode.CompletionItemKind.Reference }));
        else if (key === 'runbooks') cands = model.records().filter((r) => r.kind === 'runbook').map((r) => ({ label: r.path, detail: r.title, kind: vscode.CompletionItemKind.File }));
        else if (key === 'review') cands = model.records().filter((r) => r.kind === 'review').map((r) => ({ label: r.path, detail: r.title, kind: vscode.CompletionItemKind.File }));
        else if (isMilestone(key) || (key === 'at' && ctx.path[0] === 'timeline')) cands = [{ label: formatIso(Math.floor(Date.now() / 1000) * 1000), detail: 'now (UTC)', kind: vscode.CompletionItemKind.Value }];
        else if (parent === 'roles' || key === 'commander') cands = [...new Set(model.records().flatMap((r) => (r.commander ? [r.commander] : [])))].sort().map((x) => ({ label: x, kind: vscode.CompletionItemKind.User }));
      } else if (rec.kind === 'review') {
        if (key === 'incident') cands = model.records().filter((r) => r.kind === 'incident' && r.id).map((r) => ({ label: r.id!, detail: r.title, kind: vscode.CompletionItemKind.Reference }));
        else if (key === 'status' && ctx.path.length === 1) cands = p.review.reviewStatuses.map((s) => ({ label: s, kind: E }));
        else if (key === 'status' && ctx.path[0] === 'action_items') cands = ACTION_ITEM_STATUSES.map((s) => ({ label: s, kind: E }));
        else if (key === 'type' && ctx.path[0] === 'action_items') cands = ACTION_ITEM_TYPES.map((s) => ({ label: s, kind: E }));
      } else if (rec.kind === 'runbook') {
        if (key === 'services') cands = (p.services ?? [...new Set(model.records().flatMap((r) => r.services))].sort()).map((s) => ({ label: s, kind: E }));
      }
      const range = new vscode.Range(doc.positionAt(ctx.prefixStart), position);
      return cands.map((c, i) => {
        const item = new vscode.CompletionItem(c.label, c.kind);
        item.detail = c.detail;
        if (c.doc) item.documentation = c.doc;
        item.range = range;
        item.sortText = String(i).padStart(4, '0');
        return item;
      });
    },
  }, ' ', '[', ',', ':');
}

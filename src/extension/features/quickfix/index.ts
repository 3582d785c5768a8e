/**
 * Quick fixes for Hindsight diagnostics: pick an allowed value, insert a missing field, insert a milestone with
 * now, sort the timeline, add a zone to a date-time. Each fix is a core minimal edit applied as a WorkspaceEdit.
 */
import * as vscode from 'vscode';
import { byCloseness, changeField, clearField, EditError, formatIso, formatScalar, incidentPeople, nextIncidentId, parseRecord, setField, setMilestone, setRole, sortTimeline, suggestPeople, isMilestone, validateRecord, type Problem, type TextEdit, type YMap } from '../../../core/index';
import type { FeatureContext } from '../../services/featureContext';
import type { HindsightModel } from '../../services/model';
import { RECORD_SELECTOR } from '../../services/records';
import { toWorkspaceEdit } from '../../services/edits';

export function register({ model }: FeatureContext): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(RECORD_SELECTOR, new QuickFixes(model), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] });
}

class QuickFixes implements vscode.CodeActionProvider {
  constructor(private readonly model: HindsightModel) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    // Problems are recomputed from the document's text (0.1 ms), so a fix is offered even before the
    // diagnostics of the latest keystroke have reached the editor; matching diagnostics are attached.
    if (context.only && !vscode.CodeActionKind.QuickFix.contains(context.only) && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const rel = this.model.relPath(doc.uri);
    if (rel === undefined) return [];
    const text = doc.getText();
    const policy = this.model.policy;
    const rec = parseRecord(rel, text, policy);
    const problems = validateRecord(rec, policy, { index: this.model.index });
    const actions: vscode.CodeAction[] = [];
    const known = [...context.diagnostics, ...vscode.languages.getDiagnostics(doc.uri)].filter((d) => d.source === 'hindsight');
    // A late escalation step: the fix is to escalate (a command, not an edit: it asks whom to assign).
    for (const d of known) {
      if (d.code !== 'escalation-late' || (!d.range.intersection(range) && !d.range.contains(range.start))) continue;
      const step = Number(/step (\d+)/.exec(d.message)?.[1]);
      const a = new vscode.CodeAction(`Escalate: log step ${step}…`, vscode.CodeActionKind.QuickFix);
      a.diagnostics = [d];
      a.isPreferred = true;
      a.command = { command: 'hindsight.escalate', title: 'Escalate…', arguments: [doc.uri, { step }] };
      actions.push(a);
    }
    for (const p of problems) {
      if (p.code === 'escalation-late') continue;
      const pr = new vscode.Range(doc.positionAt(p.start), doc.positionAt(p.end));
      if (!pr.intersection(range) && !(range.isEmpty && pr.contains(range.start))) continue;
      const d = known.find((x) => x.code === p.code && x.range.isEqual(pr));
      for (const [title, edits, preferred] of this.fixesFor(p, text, rec.root)) {
        const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        if (d) a.diagnostics = [d];
        a.isPreferred = preferred;
        a.edit = toWorkspaceEdit(doc, edits);
        actions.push(a);
      }
    }
    return actions;
  }

  private fixesFor(p: Problem, text: string, root: YMap | null): [string, TextEdit[], boolean][] {
    const now = formatIso(Math.floor(Date.now() / 1000) * 1000);
    const safe = (f: () => TextEdit[]): TextEdit[] | undefined => { try { return f(); } catch (e) { if (e instanceof EditError) return undefined; throw e; } };
    const out: [string, TextEdit[], boolean][] = [];
    const add = (title: string, f: () => TextEdit[], preferred = false) => { const e = safe(f); if (e && e.length) out.push([title, e, preferred]); };
    if (p.allowed?.length) {
      // Near misses first (`extensiv` -> `extensive`, preferred); a single allowed value is the fix.
      const { ordered, near } = byCloseness(text.slice(p.start, p.end).replace(/^["']|["']$/g, ''), p.allowed);
      for (const v of ordered.slice(0, 12)) add(`Change to '${v}'`, () => [{ start: p.start, end: p.end, text: v }], p.allowed.length === 1 || v === near);
      return out;
    }
    switch (p.code) {
      case 'missing-field': {
        const f = p.data?.field;
        if (!f || p.message.startsWith('Timeline event ') || p.message.startsWith('Action item')) break;
        const policy = this.model.policy;
        if (f === 'severity') policy.severities.forEach((s) => add(`Add 'severity: ${s.id}'`, () => setField(text, f, s.id)));
        else if (f === 'status') add(`Add 'status: ${policy.statuses[0].id}'`, () => setField(text, f, policy.statuses[0].id), true);
        else if (f === 'id') { const id = nextIncidentId(this.model.records().flatMap((r) => (r.id ? [r.id] : [])), new Date().getUTCFullYear()); add(`Add 'id: ${id}'`, () => setField(text, f, id), true); }
        else if (isMilestone(f)) add(`Add '${f}: ${now}' (now)`, () => setMilestone(text, f, now), true);
        else if (f === 'title') add("Add 'title:'", () => setField(text, f, 'Untitled'), true);
        else {
          // A person: the people of the repo's history (and the git user) to choose from, never a placeholder.
          // The incident's own people first (the commander often names the communications lead), then the history.
          const people = suggestPeople(this.model.records(), { me: this.model.gitUser, limit: 6, first: incidentPeople(root) });
          people.forEach((who, i) => {
            if (p.data?.placeholder) add(`Change to '${who}'`, () => [{ start: p.start, end: p.end, text: formatScalar(who) }], i === 0);
            else if (p.data?.role) add(`Add '${f}: ${who}' under roles`, () => setRole(text, f, who), i === 0);
            else add(`Add '${f}: ${who}'`, () => setField(text, f, who), i === 0);
          });
        }
        break;
      }
      case 'status-missing-milestone': {
        const m = p.data?.milestone;
        if (isMilestone(m)) add(`Add '${m}: ${now}' (now)`, () => setMilestone(text, m, now), true);
        break;
      }
      case 'status-behind-milestone': {
        // As Change Status does (its event, the milestones it requires); or the milestone was set too early.
        const to = p.data?.status, m = p.data?.milestone;
        if (to) add(`Change status to '${to}'`, () => changeField(text, p.file, 'status', to, this.model.policy, { now: Date.now(), by: this.model.gitUser }), true);
        if (isMilestone(m)) add(`Empty '${m}' (not ${m} yet)`, () => clearField(text, m));
        break;
      }
      case 'target-unmeasured': {
        const m = p.data?.milestone, when = p.data?.at;
        if (isMilestone(m) && when) add(`Add '${m}: ${when}' (the timeline's ${m} event)`, () => setMilestone(text, m, when), true);
        break;
      }
      case 'yaml-syntax': {
        // The edit the message describes, where it is unambiguous (a missing ':', a line indented under the one
        // above, a value to quote, a list left open).
        const d = p.data;
        if (d?.fixTitle && d.fixText !== undefined) add(d.fixTitle, () => [{ start: Number(d.fixStart), end: Number(d.fixEnd), text: d.fixText }], true);
        break;
      }
      case 'comment-in-value': {
        const q = p.data?.replacement;
        if (q) add(`Quote the whole value: ${q}`, () => [{ start: p.start, end: p.end, text: q }], true);
        break;
      }
      case 'timeline-out-of-order':
        add('Sort the timeline by time', () => sortTimeline(text), true);
        break;
      case 'datetime-no-zone': {
        const raw = text.slice(p.start, p.end);
        const quote = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
        const inner = quote ? raw.slice(1, -1) : raw;
        const fixed = inner.trim().replace(' ', 'T') + (/T\d\d:\d\d$/.test(inner.trim().replace(' ', 'T')) ? ':00' : '') + 'Z';
        add(`Read as UTC: '${fixed}'`, () => [{ start: p.start, end: p.end, text: quote + fixed + quote }], true);
        break;
      }
    }
    return out;
  }
}

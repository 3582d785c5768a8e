/**
 * The incident process in the editor (issue 18): a status bar item with the most urgent running clock of the
 * workspace (a click opens that incident), and the commands Set Impact and Urgency… and Escalate….
 * The clocks themselves are the ClockBoard service's (core sla.ts); this feature only shows and edits.
 */
import * as vscode from 'vscode';
import { derivePriority, EditError, escalate, judgeClocks, setImpactUrgency, unbreakableId, wrappingMarkdownText, type SlaEntry } from '../../../core/index';
import type { FeatureContext } from '../../services/featureContext';
import type { HindsightModel } from '../../services/model';
import type { ClockBoard } from '../../services/clocks';
import { registerCommands } from '../../services/commands';
import { applyCoreEdits } from '../../services/edits';
import { targetUri } from '../../services/targets';
import { md } from '../../util/markdown';

/** The status bar item: the most urgent open clock; hidden while no incident is open. */
function statusBar(model: HindsightModel, clocks: ClockBoard): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('hindsight.clock', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Hindsight: incident clocks';
  // A tick sets the text from one pass over the plans. The tooltip's list (every open incident's entry, sorted) is
  // made again when a plan changes (an edit, the policy), every minute while at most 100 incidents are open, and
  // every five minutes beyond (8-13 ms for 1,000).
  let lastTip = '';
  // Incidents whose front matter does not parse have no clock: said, so a typo mid-incident does not silently
  // take the incident off the status bar.
  const untimedNote = () => {
    const names = clocks.untimed().map((p) => model.index.get(p)?.id ?? p);
    return names.length ? `${names.length === 1 ? `${names[0]} is` : `${names.length} incidents are`} not timed: ${names.length === 1 ? 'its' : 'their'} front matter does not parse${names.length > 1 ? ` (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''})` : ''}` : '';
  };
  const update = () => {
    const top = clocks.mostUrgent();
    if (!top) {
      // No clock running, but an incident that cannot be read: say so rather than nothing.
      const first = clocks.untimed()[0];
      if (first === undefined) { item.hide(); lastTip = ''; return; }
      item.text = `$(warning) ${untimedNote().replace(/: .*$/, '')}`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      item.command = { command: 'hindsight.openRecord', title: 'Open the incident', arguments: [model.uriOf(first)] };
      item.accessibilityInformation = { label: untimedNote() };
      item.tooltip = `${untimedNote()}. Click to open ${model.index.get(first)?.id ?? first} and fix it.`;
      lastTip = '';
      item.show();
      return;
    }
    const r = model.index.get(top.path);
    const name = r?.id ?? top.path;
    // The next clock that can still be met, with the breached ones counted in front of it ("2 breached · INC-… in 3m").
    const icon = top.breached ? '$(error)' : top.state === 'at-risk' ? '$(warning)' : '$(watch)';
    const counted = top.breached && top.state !== 'breached' ? `${top.breached} breached · ` : '';
    item.text = `${icon} ${counted}${name} ${top.text}`;
    item.backgroundColor = top.breached ? new vscode.ThemeColor('statusBarItem.errorBackground') : top.state === 'at-risk' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.command = { command: 'hindsight.openRecord', title: 'Open the incident', arguments: [model.uriOf(top.path)] };
    item.accessibilityInformation = { label: `Most urgent incident clock: ${name}, ${top.text}` };
    const untimed = clocks.untimed().length;
    const tipKey = `${clocks.version}|${top.path}|${top.open}|${untimed}|${top.breached}|${top.atRisk}|${Math.floor(clocks.now() / (top.open <= 100 ? 60_000 : 300_000))}`;
    if (tipKey !== lastTip) {
      lastTip = tipKey;
      const tip = md();
      tip.appendMarkdown('**');
      // Every open incident counted, the ones not timed too (they are named below): the count matches the views.
      const open = top.open + untimed;
      tip.appendText(`${open} open incident${open === 1 ? '' : 's'}${untimed ? ` (${untimed} not timed)` : ''}: ${top.breached} with a target breached, ${top.atRisk} more at risk`);
      tip.appendMarkdown('**\n\n');
      // Lines that wrap between words, each id kept whole.
      for (const e of clocks.entries().slice(0, 10)) {
        tip.appendMarkdown(`${wrappingMarkdownText(`${e.breached ? '✗' : e.atRisk ? '⚠' : '·'} ${unbreakableId(e.id ?? e.path)} ${e.title ?? ''}: ${e.mostUrgent ?? 'no running target'}`)}  \n`);
      }
      const note = untimedNote();
      if (note) tip.appendMarkdown(`\n${wrappingMarkdownText(`⚠ ${note}.`)}\n`);
      tip.appendMarkdown('\n');
      tip.appendMarkdown(wrappingMarkdownText(`Click to open ${unbreakableId(name)}${top.state !== 'breached' ? `, the next clock that can still be met${top.breached ? ' (the breached ones are listed first)' : ''}` : ''}.`));
      item.tooltip = tip;
    }
    item.show();
  };
  const subs = [clocks.onDidTick(update), model.onDidBecomeReady(update)];
  update();
  return vscode.Disposable.from(item, ...subs);
}

/** Set Impact and Urgency…: both picked (the priority each pair gives shown), then written with the priority. */
async function setImpactAndUrgency(model: HindsightModel, clocks: ClockBoard, arg?: unknown, impact?: string, urgency?: string): Promise<boolean> {
  const uri = targetUri(model, arg);
  const rel = uri && model.relPath(uri);
  const r = rel !== undefined ? model.index.get(rel) : undefined;
  if (!uri || !r || r.kind !== 'incident') { void vscode.window.showWarningMessage('Open an incident (or pick one in the Hindsight view) first.'); return false; }
  const p = model.policy;
  if (!p.impacts.length || !p.urgencies.length) { void vscode.window.showWarningMessage('The policy defines no impacts and urgencies (.hindsight/policy.yaml: impacts, urgencies, priorities, priority_matrix; see docs/format.md).'); return false; }
  // Without a (complete) matrix no priority follows: say so before asking, not after writing.
  const noMatrix = !p.matrix;
  if (noMatrix) void vscode.window.showWarningMessage('The policy\'s priority_matrix is missing or incomplete (see the problems on .hindsight/policy.yaml): impact and urgency are written, but no priority follows from them until it is fixed.');
  const name = r.id ?? rel;
  if (impact === undefined) {
    const pick = await vscode.window.showQuickPick(p.impacts.map((l) => ({ label: l.id, description: [l.title, l.id === r.impact ? 'current' : ''].filter(Boolean).join(' · '), detail: l.description })), { title: `Impact of ${name} (1/2)`, placeHolder: 'How wide is the impact? Widest first' });
    if (!pick) return false;
    impact = pick.label;
  }
  if (urgency === undefined) {
    const chosen = impact;
    const pick = await vscode.window.showQuickPick(p.urgencies.map((l) => {
      const prio = derivePriority(p, chosen, l.id);
      return { label: l.id, description: [prio ? `→ ${prio}` : '', l.title, l.id === r.urgency ? 'current' : ''].filter(Boolean).join(' · '), detail: l.description };
    }), { title: `Urgency of ${name} (2/2), impact ${impact}`, placeHolder: noMatrix ? 'How urgent is it? (no priority follows: the policy\'s matrix is incomplete)' : 'How urgent is it? Each gives the priority shown' });
    if (!pick) return false;
    urgency = pick.label;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  try {
    return await applyCoreEdits(doc, setImpactUrgency(doc.getText(), rel!, impact, urgency, p, { now: clocks.now(), by: model.gitUser }));
  } catch (e) {
    if (e instanceof EditError) { void vscode.window.showErrorMessage(`Hindsight: ${e.message}`); return false; }
    throw e;
  }
}

/**
 * Escalate…: picks a step of the incident's escalation policy (the ones due and not logged first), logs an
 * `escalated` event with its targets and kind, and optionally names the support group now working on it.
 */
async function escalateIncident(model: HindsightModel, clocks: ClockBoard, arg?: unknown, opts: { step?: number; assignTo?: string } = {}): Promise<boolean> {
  const uri = targetUri(model, arg);
  const rel = uri && model.relPath(uri);
  const r = rel !== undefined ? model.index.get(rel) : undefined;
  if (!uri || !r || r.kind !== 'incident') { void vscode.window.showWarningMessage('Open an incident (or pick one in the Hindsight view) first.'); return false; }
  const plan = clocks.plan(rel!);
  if (!plan) { void vscode.window.showWarningMessage(`${r.id ?? rel} is not open: there is nothing to escalate.`); return false; }
  if (!plan.escalation.length) { void vscode.window.showWarningMessage(`${r.id ?? rel} has no escalation policy with steps (its escalation:, its severity's or its priority's).`); return false; }
  const now = clocks.now();
  const late = new Set(judgeClocks(plan, now).late);
  let step = opts.step !== undefined ? plan.escalation.find((s) => s.step === opts.step) : undefined;
  if (!step) {
    const order = [...plan.escalation].sort((a, b) => Number(a.reached) - Number(b.reached) || Number(late.has(b)) - Number(late.has(a)) || a.step - b.step);
    const pick = await vscode.window.showQuickPick(order.map((s) => ({
      label: `Step ${s.step}: ${s.notify.join(', ')}`,
      description: [s.kind, s.reached ? 'logged' : late.has(s) ? 'late' : s.dueMs <= now ? 'due' : `due ${new Date(s.dueMs).toISOString().slice(11, 16)} UTC`].join(' · '),
      detail: `${s.policy}, after ${s.afterText}${s.calendar ? ` in the ${s.calendar} calendar` : ''}`, s,
    })), { title: `Escalate ${r.id ?? rel}`, placeHolder: 'Which step? The ones due and not logged come first' });
    if (!pick) return false;
    step = pick.s;
  }
  let assignTo = opts.assignTo;
  if (assignTo === undefined) {
    const groups = step.notify.filter((n) => n.startsWith('team:')).map((n) => n.slice(5));
    assignTo = await vscode.window.showInputBox({ title: `Escalate ${r.id ?? rel}: now assigned to (optional)`, prompt: 'The support group now working on it (assigned_to); empty keeps it as it is', value: groups[0] ?? r.assignedTo ?? '' });
    if (assignTo === undefined) return false;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  try {
    const ok = await applyCoreEdits(doc, escalate(doc.getText(), rel!, { policy: step.policy, step: step.step, kind: step.kind, notify: step.notify }, model.policy, { now, by: model.gitUser, assignTo: assignTo || undefined }));
    if (ok) void vscode.window.showInformationMessage(`Logged: escalated to ${step.notify.join(', ')} (step ${step.step}, ${step.kind}).`);
    return ok;
  } catch (e) {
    if (e instanceof EditError) { void vscode.window.showErrorMessage(`Hindsight: ${e.message}`); return false; }
    throw e;
  }
}

export function register({ model, log, clocks }: FeatureContext): vscode.Disposable {
  const asString = (a: unknown) => (typeof a === 'string' ? a : undefined);
  return vscode.Disposable.from(
    statusBar(model, clocks),
    registerCommands(log, {
      'hindsight.setImpactUrgency': (a, i, u) => setImpactAndUrgency(model, clocks, a, asString(i), asString(u)),
      'hindsight.escalate': (a, o) => escalateIncident(model, clocks, a, o && typeof o === 'object' ? { step: typeof (o as { step?: unknown }).step === 'number' ? (o as { step: number }).step : undefined, assignTo: asString((o as { assignTo?: unknown }).assignTo) } : {}),
      /** For tests and bots: the open incidents' clocks as `hindsight sla --format json` lists them. */
      'hindsight.slaEntries': (): SlaEntry[] => clocks.entries(),
    }),
  );
}

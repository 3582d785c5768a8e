/** New Incident / New Review / New Runbook / Create Review from Incident: quick picks from the policy, files from the same templates as the CLI. */
import * as vscode from 'vscode';
import { categoryIds, CreateError, derivePriority, missingPeople, planNewRecord, systemTimeZone, type NewRecordOptions, type TemplateName } from '../../../core/index';
import type { Settings } from '../../services/settings';
import { linkedFolder, readTemplate } from '../../../node/repo';
import type { HindsightModel } from '../../services/model';
import { peopleToSuggest, pickPerson } from '../../services/people';

export interface NewRecordArgs { title?: string; severity?: string; services?: string[]; commander?: string; roles?: Record<string, string>; incident?: string; owner?: string; impact?: string; urgency?: string; category?: string }

const LATER = '$(clock) Decide later';

/**
 * The incident process, when the policy has it: impact, then urgency (each showing the priority it gives), then
 * the category; each can be left for later (Set Impact and Urgency... does it then). Undefined: cancelled.
 */
async function pickProcess(model: HindsightModel, opts: NewRecordOptions): Promise<boolean> {
  const p = model.policy;
  if (p.impacts.length && p.urgencies.length && opts.impact === undefined) {
    const imp = await vscode.window.showQuickPick([...p.impacts.map((l) => ({ label: l.id, description: l.title, detail: l.description })), { label: LATER, description: 'no priority yet' }], { title: 'New Incident: impact', placeHolder: 'How wide is the impact? Widest first', ignoreFocusOut: true });
    if (!imp) return false;
    if (imp.label !== LATER) {
      const urg = await vscode.window.showQuickPick([...p.urgencies.map((l) => {
        const prio = derivePriority(p, imp.label, l.id);
        return { label: l.id, description: [prio ? `→ ${prio}` : '', l.title].filter(Boolean).join(' · '), detail: l.description };
      }), { label: LATER, description: 'no priority yet' }], { title: `New Incident: urgency (impact ${imp.label})`, placeHolder: 'How urgent is it? Each gives the priority shown', ignoreFocusOut: true });
      if (!urg) return false;
      if (urg.label !== LATER) { opts.impact = imp.label; opts.urgency = urg.label; }
    }
  }
  if (p.categories?.length && opts.category === undefined) {
    const cat = await vscode.window.showQuickPick([...categoryIds(p).map((c) => ({ label: c })), { label: LATER, description: 'no category yet' }], { title: 'New Incident: category', placeHolder: 'What kind of incident? category or category/subcategory', ignoreFocusOut: true });
    if (!cat) return false;
    if (cat.label !== LATER) opts.category = cat.label;
  }
  return true;
}

async function pickSeverity(model: HindsightModel): Promise<string | undefined> {
  const pick = await vscode.window.showQuickPick(model.policy.severities.map((s) => ({
    label: s.id, description: s.title, detail: [s.description, s.escalation ? `escalation: ${s.escalation}` : '', s.requires.length ? `requires: ${s.requires.join(', ')}` : ''].filter(Boolean).join(' · '),
  })), { title: 'New Incident: severity', placeHolder: 'How bad is it?', ignoreFocusOut: true });
  return pick?.label;
}

async function pickServices(model: HindsightModel): Promise<string[] | undefined> {
  const known = model.policy.services ?? [...new Set(model.records().flatMap((r) => r.services))].sort();
  if (!known.length) {
    const typed = await vscode.window.showInputBox({ title: 'New Incident: services', prompt: 'Affected services, comma-separated (optional)', ignoreFocusOut: true });
    return typed === undefined ? undefined : typed.split(',').map((s) => s.trim()).filter(Boolean);
  }
  const picks = await vscode.window.showQuickPick(known.map((s) => ({ label: s })), { title: 'New Incident: affected services', canPickMany: true, ignoreFocusOut: true });
  return picks?.map((p) => p.label);
}

/** Creates the record through a WorkspaceEdit (undoable), opens it, and returns its uri. */
/**
 * A review's first author: who creates it (the responder setting, else git's user.name). When neither names them,
 * they are asked once (the answer is saved in the setting, as the runbook panel's question does); "Decide later"
 * leaves `authors:` empty. Undefined: cancelled.
 */
async function reviewAuthors(model: HindsightModel, settings: Settings): Promise<string[] | undefined> {
  const me = settings.current.responderName ?? model.gitUser;
  if (me) return [me];
  const who = await pickPerson('Create Review: who are you? (its first author)', peopleToSuggest(model), {
    placeholder: 'Your name, saved in hindsight.responder.name',
    later: 'no author yet: the review\'s authors: stays empty',
  });
  if (who === undefined) return undefined;
  if (!who) return [];
  await settings.setResponderName(who);
  return [who];
}

export async function createRecord(model: HindsightModel, settings: Settings, kind: TemplateName, args: NewRecordArgs = {}, interactive = true): Promise<vscode.Uri | undefined> {
  if (!model.root) { void vscode.window.showErrorMessage('Hindsight needs a folder open to create records.'); return undefined; }
  await model.whenReady();
  const opts: NewRecordOptions = { title: args.title, severity: args.severity, services: args.services, commander: args.commander, roles: args.roles, owner: args.owner, impact: args.impact, urgency: args.urgency, category: args.category };
  if (kind === 'incident' && interactive) {
    opts.severity ??= await pickSeverity(model);
    if (!opts.severity) return undefined;
    opts.services ??= await pickServices(model);
    if (!opts.services) return undefined;
    if (!(await pickProcess(model, opts))) return undefined;
    // Each person the severity requires (commander, roles such as communications): a new incident starts valid.
    const people = peopleToSuggest(model);
    for (const f of missingPeople(model.policy, opts.severity, opts)) {
      const who = await pickPerson(`New Incident: ${f === 'commander' ? 'commander' : `role ${f}`} (${opts.severity} requires it)`, people, {
        placeholder: f === 'commander' ? 'Who leads the response? Pick someone or type a name' : `Who is ${f}? Pick someone or type a name`,
        // Not known yet: the incident opens with the role to assign (its header and a diagnostic say so).
        later: 'open the incident now, assign from its header',
      });
      if (who === undefined) return undefined;
      if (who === '') continue;
      if (f === 'commander') opts.commander = who; else opts.roles = { ...opts.roles, [f]: who };
    }
  }
  if (kind === 'review' && args.incident) {
    const inc = model.index.get(args.incident) ?? model.index.incidentsById(args.incident)[0];
    if (!inc) { void vscode.window.showErrorMessage(`No incident ${args.incident}.`); return undefined; }
    const text = model.textOf(inc.path);
    if (text === undefined) { void vscode.window.showErrorMessage(`${inc.path} cannot be read.`); return undefined; }
    opts.incident = { path: inc.path, text };
  }
  if (interactive && opts.title === undefined && !opts.incident) {
    opts.title = await vscode.window.showInputBox({ title: `New ${kind.charAt(0).toUpperCase() + kind.slice(1)}: title`, prompt: kind === 'incident' ? 'What is happening, in a few words (e.g. "Checkout returns 500 for card payments")' : `The ${kind}'s title`, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'A title is needed') });
    if (!opts.title) return undefined;
  }
  const planned = () => {
    try {
      // Times written into the record's text (a review's timeline) in the zone typed times are read in.
      return planNewRecord(kind, { ...opts, timeZone: settings.current.inputTimeZone ?? systemTimeZone() }, readTemplate(model.root!.fsPath, kind), model.policy, model.index, Date.now());
    } catch (e) {
      if (e instanceof CreateError) { void vscode.window.showErrorMessage(`Hindsight: ${e.message}`); return undefined; }
      throw e;
    }
  };
  let plan = planned();
  if (!plan) return undefined;
  // The author is asked (when nobody is known) once the review can be made: a refusal (the incident already has a
  // review) comes before any question.
  if (kind === 'review' && opts.authors === undefined) {
    const authors = await reviewAuthors(model, settings);
    if (!authors) return undefined;
    if (authors.length) { opts.authors = authors; plan = planned(); if (!plan) return undefined; }
  }
  const uri = model.uriOf(plan.path);
  try { await vscode.workspace.fs.stat(uri); void vscode.window.showErrorMessage(`${plan.path} already exists; not overwriting it.`); return undefined; } catch { /* free */ }
  const link = linkedFolder(model.root.fsPath, plan.path);
  if (link) { void vscode.window.showErrorMessage(`Hindsight: ${link} is a symbolic link; not writing ${plan.path} through it (records and their folders must be real folders in the repo).`); return undefined; }
  const we = new vscode.WorkspaceEdit();
  we.createFile(uri, { ignoreIfExists: false });
  we.insert(uri, new vscode.Position(0, 0), plan.text);
  if (plan.incidentEdit) {
    const incDoc = await vscode.workspace.openTextDocument(model.uriOf(plan.incidentEdit.path));
    if (incDoc.getText() !== opts.incident!.text) { void vscode.window.showErrorMessage('The incident changed while the review was prepared; try again.'); return undefined; }
    for (const e of plan.incidentEdit.edits) we.insert(incDoc.uri, incDoc.positionAt(e.start), e.text);
  }
  if (!(await vscode.workspace.applyEdit(we))) { void vscode.window.showErrorMessage(`Hindsight could not create ${plan.path}.`); return undefined; }
  const doc = await vscode.workspace.openTextDocument(uri);
  await doc.save();
  if (plan.incidentEdit) await (await vscode.workspace.openTextDocument(model.uriOf(plan.incidentEdit.path))).save();
  await vscode.window.showTextDocument(doc, { preview: false });
  if (plan.note) void vscode.window.showInformationMessage(`Hindsight: ${plan.note}`);
  return uri;
}

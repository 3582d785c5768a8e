import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { api, quickFixes, codes, file, until } from './helpers';
import type { TreeNode as Node } from '../../../src/extension/services/targets';
import type { HindsightModel } from '../../../src/extension/services/model';
import type { Settings } from '../../../src/extension/services/settings';

describe('Hindsight in a real VS Code', () => {
  it('activates without waiting for the index, and the tree shows the records of test/fixtures/acme', async () => {
    const a = await api();
    const t = a.trees.incidents;
    const groups = t.getChildren();
    const labels = (n: Node) => String(t.getTreeItem(n).label);
    assert.deepEqual(groups.map(labels), ['Front matter does not parse', 'Investigating', 'Mitigated', 'Resolved', 'Closed'], 'the file whose YAML does not parse first, in a group that says so');
    const all = groups.flatMap((g) => t.getChildren(g));
    const ids = all.map((n) => labels(n).split(' ')[0]).sort();
    assert.deepEqual(ids, ['INC-2026-0001', 'INC-2026-0002', 'INC-2026-0003', 'INC-2026-0004', 'INC-2026-0005', 'INC-2026-0901', 'INC-2026-0902', 'INC-2026-0902', 'INC-2026-0903', 'INC-2026-0904']);
    const sev1 = all.find((n) => labels(n).startsWith('INC-2026-0001'))!;
    const item = t.getTreeItem(sev1);
    assert.equal(item.description, 'SEV1 · lasted 2h 12m');
    assert.equal(((item.iconPath as vscode.ThemeIcon).color as unknown as { id: string }).id, 'charts.red');
    // The tooltip is made when the row is hovered (resolveTreeItem), not sent with every row.
    assert.equal(item.tooltip, undefined);
    const resolved = t.resolveTreeItem(item, sev1);
    assert.match((resolved.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' '), /Time to acknowledge: 3m ✓ target 5m/);
    // A closed incident (no clocks running) still says its priority.
    assert.match((resolved.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' '), /Priority P1 · impact extensive · urgency critical/);
    // Groups start expanded, unless large (every row of an expanded group is sent at once).
    assert.equal(t.getTreeItem(groups[0]).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    const big = { ...groups[0], children: Array.from({ length: 201 }, () => sev1) } as Node;
    assert.equal(t.getTreeItem(big).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const reviewItem = a.trees.reviews.getChildren().flatMap((g) => a.trees.reviews.getChildren(g)).find((n) => n.type === 'record' && n.record.kind === 'review')!;
    assert.match(String((a.trees.reviews.resolveTreeItem(a.trees.reviews.getTreeItem(reviewItem), reviewItem).tooltip as vscode.MarkdownString).value).replace(/&nbsp;/g, ' '), /1 of 1 action item open/);
    // A review's tooltip names what makes its row a warning: the overdue action items.
    const mistakes = a.trees.reviews.getChildren().flatMap((g) => a.trees.reviews.getChildren(g)).find((n) => n.type === 'record' && n.record.path === 'reviews/deliberate-mistakes-review.md')!;
    assert.match(String((a.trees.reviews.resolveTreeItem(a.trees.reviews.getTreeItem(mistakes), mistakes).tooltip as vscode.MarkdownString).value).replace(/&nbsp;/g, ' '), /AI-91 .*overdue since 2026-10-15/);
    assert.equal(a.trees.incidentsView.badge?.value, 3, 'three active incidents: INC-2026-0003 (mitigated), INC-2026-0004 and INC-2026-0904');
    const runbookGroups = a.trees.runbooks.getChildren().map((g) => String(a.trees.runbooks.getTreeItem(g).label));
    assert.deepEqual(runbookGroups, ['checkout', 'payments', 'search']);
    const reviewGroups = a.trees.reviews.getChildren().map((g) => String(a.trees.reviews.getTreeItem(g).label));
    assert.deepEqual(reviewGroups, ['Review due', 'In review', 'Published', 'Unknown status']);
    const due = a.trees.reviews.getChildren(a.trees.reviews.getChildren()[0]);
    assert.deepEqual(due.map((n) => String(a.trees.reviews.getTreeItem(n).label)), ['INC-2026-0902 DELIBERATE MISTAKES: duplicate id and missing review'], 'the SEV1 resolved in January with no review');
    assert.equal(a.trees.reviews.getTreeItem(due[0]).contextValue, 'incident.noReview.reviewDue');
    const open = a.trees.actionItems.getChildren()[0];
    const first = a.trees.actionItems.getChildren(open)[0];
    assert.match(String(a.trees.actionItems.getTreeItem(first).description), /overdue/, 'overdue action items come first');
    // Its tooltip says who and by when (issue 17).
    const tip = String((a.trees.actionItems.resolveTreeItem(a.trees.actionItems.getTreeItem(first), first).tooltip as vscode.MarkdownString).value).replace(/&nbsp;/g, ' ');
    assert.match(tip, /Owner: [^·]+ · Due: \d{4}-\d\d-\d\d · overdue/);
  });

  it('reads the whole workspace on a first open', async () => {
    const a = await api();
    // A fresh profile has no saved index: the first load read every file of the example repo.
    const read = a.model.lastRead;
    assert.ok(read, 'the first load read the workspace');
    assert.ok(read.filesRead >= 10, `files read: ${read.filesRead}`);
  });

  it('on a first read, the Incidents view shows every incident before the rest of the workspace is read', async () => {
    const a = await api();
    // A second model and views of the same classes, reading test/fixtures/acme afresh (no saved index): what a first
    // open does, observed at the point where the incident folders have been read.
    type Ctor<A extends unknown[], T> = new (...args: A) => T;
    const Model = a.model.constructor as Ctor<ConstructorParameters<typeof HindsightModel>, HindsightModel>;
    const quiet = { info() {}, warn() {}, error() {}, show() {} };
    const m = new Model(quiet, undefined);
    const clocks = new (a.clocks.constructor as Ctor<[HindsightModel], typeof a.clocks>)(m);
    const incidents = new (a.trees.incidents.constructor as Ctor<[HindsightModel, Settings, typeof a.clocks], typeof a.trees.incidents>)(m, a.settings, clocks);
    const reviews = new (a.trees.reviews.constructor as Ctor<[HindsightModel, Settings], typeof a.trees.reviews>)(m, a.settings);
    const runbooks = new (a.trees.runbooks.constructor as Ctor<[HindsightModel, Settings], typeof a.trees.runbooks>)(m, a.settings);
    try {
      const seen = new Promise<{ ready: boolean; ids: string[]; reviews: number; runbooks: number; kinds: string[] }>((resolve) => {
        const d = m.onDidReadIncidents(() => {
          d.dispose();
          const ids = incidents.getChildren().flatMap((g) => incidents.getChildren(g)).map((n) => String(incidents.getTreeItem(n).label).split(' ')[0]).sort();
          resolve({ ready: m.ready, ids, reviews: reviews.getChildren().length, runbooks: runbooks.getChildren().length, kinds: [...new Set(m.records().map((r) => r.kind))] });
        });
      });
      m.start();
      const early = await seen;
      assert.equal(early.ready, false, 'announced before the model is ready');
      assert.deepEqual(early.ids, ['INC-2026-0001', 'INC-2026-0002', 'INC-2026-0003', 'INC-2026-0004', 'INC-2026-0005', 'INC-2026-0901', 'INC-2026-0902', 'INC-2026-0902', 'INC-2026-0903', 'INC-2026-0904']);
      assert.deepEqual(early.kinds, ['incident'], 'only the incident folders read so far');
      assert.equal(early.reviews, 0, 'the Reviews view (review due needs the reviews) waits for the whole read');
      assert.equal(early.runbooks, 0);
      await m.whenReady();
      // The rest of the read added no incident: the view is not rebuilt at the end; a change of filter rebuilds it.
      let fired = 0;
      const f = incidents.onDidChangeTreeData(() => { fired++; });
      incidents.refreshIfChanged();
      assert.equal(fired, 0, 'same incidents, same policy and filter: no refresh');
      incidents.filter = { severities: ['SEV1'], services: [], statuses: [] };
      incidents.refreshIfChanged();
      assert.equal(fired, 1);
      f.dispose();
      reviews.refresh(); runbooks.refresh();
      assert.deepEqual(reviews.getChildren().map((g) => String(reviews.getTreeItem(g).label)), ['Review due', 'In review', 'Published', 'Unknown status']);
      assert.deepEqual(runbooks.getChildren().map((g) => String(runbooks.getTreeItem(g).label)), ['checkout', 'payments', 'search']);
    } finally { incidents.dispose(); reviews.dispose(); runbooks.dispose(); clocks.dispose(); m.dispose(); }
  });

  it('Refresh re-reads the workspace, announcing the load (the views show their progress bar until it ends)', async () => {
    const a = await api();
    const before = a.model.records().map((r) => r.path).join('\n');
    let announced: Promise<void> | undefined;
    const sub = a.model.onDidStartLoad((p) => { announced = p; });
    try {
      await vscode.commands.executeCommand('hindsight.refresh');
      assert.ok(announced, 'the load was announced');
      await announced;
      assert.equal(a.model.records().map((r) => r.path).join('\n'), before, 'the same records after the refresh');
    } finally { sub.dispose(); }
  });

  it('a full pass publishes every record\'s problems and drops those of files that are no longer records', async () => {
    const a = await api();
    const stray = file('notes/not-a-record.md');
    a.diagnostics.collection.set(stray, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), 'left over', vscode.DiagnosticSeverity.Warning)]);
    const mistakes = file('incidents/deliberate-mistakes-incident.md');
    a.diagnostics.collection.delete(mistakes);
    assert.equal(vscode.languages.getDiagnostics(mistakes).length, 0);
    const done = new Promise<void>((r) => { const d = a.diagnostics.onDidFinishFullPass(() => { d.dispose(); r(); }); });
    await vscode.commands.executeCommand('hindsight.validateWorkspace');
    await done;
    assert.equal(vscode.languages.getDiagnostics(stray).length, 0, 'not a record: dropped');
    assert.ok(codes(mistakes).includes('duplicate-id'), 'published again by the pass');
  });

  it('shows diagnostics at the right ranges for the deliberate mistakes', async () => {
    await api();
    const uri = file('incidents/deliberate-mistakes-incident.md');
    await until('diagnostics', () => vscode.languages.getDiagnostics(uri).length > 0);
    assert.deepEqual(codes(uri), ['broken-link', 'datetime-no-zone', 'duplicate-id', 'escalation-mismatch', 'milestones-out-of-order', 'missing-field', 'review-backlink', 'status-missing-milestone', 'target-missed', 'timeline-out-of-order', 'unknown-role', 'unknown-service', 'unknown-timeline-kind']);
    const svc = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'unknown-service')!;
    assert.deepEqual([svc.range.start.line, svc.range.start.character, svc.range.end.line, svc.range.end.character], [6, 21, 6, 28]);
    assert.equal(svc.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(svc.source, 'hindsight');
    const clean = file('incidents/2026-03-14-checkout-outage.md');
    assert.deepEqual(codes(clean), []);
    assert.deepEqual(codes(file('incidents/deliberate-mistakes-yaml.md')), ['yaml-syntax']);
  });

  it('a quick fix repairs an unknown value, and the diagnostic goes away', async () => {
    await api();
    const uri = file('incidents/deliberate-mistakes-incident.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diag = await until('unknown-service', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'unknown-service'));
    // The editor's own light-bulb requests can cancel this one; ask again until the answer arrives.
    const fix = await until('the quick fix', async () => {
      const actions = await quickFixes(uri, diag.range);
      return actions.find((a) => a.title === "Change to 'payments'");
    });
    assert.ok(fix.edit);
    assert.equal(fix.kind?.value, 'quickfix');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.lineAt(6).text, /^services: \[checkout, payments\]/);
    await until('the diagnostic to go', () => !codes(uri).includes('unknown-service'));
    assert.ok(codes(uri).includes('escalation-mismatch'), 'other problems stay');
    await vscode.commands.executeCommand('undo');
    await until('it to come back after undo', () => codes(uri).includes('unknown-service'));
  });

  it('a title cut by a # (a YAML comment) is a warning; its quick fix quotes the whole value', async () => {
    await api();
    const uri = file('incidents/2026-03-14-checkout-outage.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('title:'));
    const we = new vscode.WorkspaceEdit();
    we.replace(uri, doc.lineAt(line).range, 'title: Newsletter #2 unsubscribe broken');
    assert.ok(await vscode.workspace.applyEdit(we));
    const diag = await until('comment-in-value', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'comment-in-value'));
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Warning);
    const fix = await until('the quick fix', async () => {
      const actions = await quickFixes(uri, diag.range);
      return actions.find((a) => a.title.startsWith('Quote the whole value'));
    });
    assert.ok(fix.edit && fix.isPreferred);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(line).text, 'title: "Newsletter #2 unsubscribe broken"');
    await until('the warning to go', () => !codes(uri).includes('comment-in-value'));
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    await until('both edits undone', () => !doc.getText().includes('Newsletter'));
    if (doc.isDirty) assert.ok(await doc.save());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a YAML syntax error whose fix is clear (a missing colon) has it as a quick fix', async () => {
    await api();
    const uri = file('incidents/2026-03-14-checkout-outage.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('title:'));
    const before = doc.lineAt(line).text;
    const we = new vscode.WorkspaceEdit();
    we.insert(uri, doc.lineAt(line).range.end, '\nowner jun.park');
    assert.ok(await vscode.workspace.applyEdit(we));
    const diag = await until('yaml-syntax', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'yaml-syntax'));
    assert.match(diag.message, /is the ':' missing\?/);
    const fix = await until('the quick fix', async () => {
      const actions = await quickFixes(uri, diag.range);
      return actions.find((a) => a.title === "Add ':' after 'owner'");
    });
    assert.ok(fix.edit && fix.isPreferred);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(line + 1).text, 'owner: jun.park');
    await until('the error to go', () => !codes(uri).includes('yaml-syntax'));
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    await until('both edits undone', () => !doc.getText().includes('jun.park') && doc.lineAt(line).text === before);
    if (doc.isDirty) assert.ok(await doc.save());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a closed incident without acknowledged: target-unmeasured, and its quick fix takes the timeline event\'s time', async () => {
    await api();
    const uri = file('incidents/2026-03-14-checkout-outage.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('acknowledged:'));
    const we = new vscode.WorkspaceEdit();
    we.delete(uri, doc.lineAt(line).rangeIncludingLineBreak);
    assert.ok(await vscode.workspace.applyEdit(we));
    const diag = await until('target-unmeasured', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'target-unmeasured'));
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Warning);
    const fix = await until('the quick fix', async () => {
      const actions = await quickFixes(uri, diag.range);
      return actions.find((a) => a.title.startsWith("Add 'acknowledged: 2026-03-14T10:05:00Z'"));
    });
    assert.ok(fix.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(line).text, 'acknowledged: 2026-03-14T10:05:00Z', 'back in its place among the milestones');
    await until('the warning to go', () => !codes(uri).includes('target-unmeasured'));
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    await until('both edits undone', () => doc.lineAt(line).text === 'acknowledged: 2026-03-14T10:05:00Z' && !doc.isDirty);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('an open record grown past the 2 MB cap gets one diagnostic saying so, and is checked again once it shrinks', async () => {
    await api();
    const uri = file('incidents/2026-03-14-checkout-outage.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const original = doc.getText();
    const we = new vscode.WorkspaceEdit();
    we.insert(uri, doc.positionAt(doc.getText().length), `\n${'x'.repeat(120)}\n`.repeat(20_000));
    assert.ok(await vscode.workspace.applyEdit(we));
    const d = await until('the size diagnostic', () => vscode.languages.getDiagnostics(uri).find((x) => x.code === 'file-unreadable'));
    assert.match(d.message, /over the 2 MB limit for records; it is not checked/);
    assert.deepEqual(codes(uri), ['file-unreadable']);
    await vscode.commands.executeCommand('undo');
    await until('it to be checked again', () => codes(uri).length === 0 && doc.getText().length < 100_000);
    const back = new vscode.WorkspaceEdit();
    back.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    assert.ok(await vscode.workspace.applyEdit(back));
    assert.ok(await doc.save());
    // The file on disk is the record as it was (the later tests read it).
    await until('the record back on disk', () => fs.readFileSync(uri.fsPath, 'utf8') === original);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a missing required role is named under roles: by its quick fix (the form the timeline editor and new write)', async () => {
    await api();
    const uri = file('incidents/2026-06-02-payments-latency.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const original = doc.getText();
    const line = original.split('\n').findIndex((l) => l.startsWith('severity:'));
    const we = new vscode.WorkspaceEdit();
    we.replace(uri, new vscode.Range(line, 0, line, doc.lineAt(line).text.length), 'severity: SEV1'); // requires communications
    assert.ok(await vscode.workspace.applyEdit(we));
    const diag = await until('the missing role', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'missing-field' && /communications/.test(d.message)));
    assert.match(diag.message, /under 'roles:'/);
    const fix = await until('a person to name', async () => {
      const actions = await quickFixes(uri, diag.range);
      return actions.find((a) => a.title === "Add 'communications: jun.park' under roles");
    });
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(doc.getText(), /\nroles:\n  communications: jun\.park\n/);
    assert.doesNotMatch(doc.getText(), /^communications:/m);
    await until('the diagnostic to go', () => !vscode.languages.getDiagnostics(uri).some((d) => d.code === 'missing-field'));
    const back = new vscode.WorkspaceEdit();
    back.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    assert.ok(await vscode.workspace.applyEdit(back));
    assert.ok(await doc.save());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a status behind its milestones (resolved set, status identified) is a warning; its quick fix changes the status as Change Status does', async () => {
    await api();
    const uri = file('incidents/2026-06-02-payments-latency.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const original = doc.getText();
    const line = original.split('\n').findIndex((l) => l.startsWith('status:'));
    const we = new vscode.WorkspaceEdit();
    we.replace(uri, new vscode.Range(line, 0, line, doc.lineAt(line).text.length), 'status: identified');
    assert.ok(await vscode.workspace.applyEdit(we));
    const diag = await until('the status behind', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'status-behind-milestone'));
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Warning);
    const fixes = await until('the fixes', async () => {
      const actions = await quickFixes(uri, diag.range);
      const mine = actions.filter((a) => /^(Change status to|Empty ')/.test(a.title));
      return mine.length ? mine : undefined;
    });
    assert.deepEqual(fixes.map((a) => a.title), ["Change status to 'resolved'", "Empty 'resolved' (not resolved yet)"]);
    assert.ok(fixes[0].isPreferred);
    assert.ok(await vscode.workspace.applyEdit(fixes[0].edit!));
    assert.equal(doc.lineAt(line).text, 'status: resolved');
    assert.match(doc.getText(), /text: "?Status changed from identified to resolved"?\n/);
    await until('the warning to go', () => !codes(uri).includes('status-behind-milestone'));
    const back = new vscode.WorkspaceEdit();
    back.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    assert.ok(await vscode.workspace.applyEdit(back));
    assert.ok(await doc.save());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a placeholder commander (TBD) is missing, and the quick fixes offer the repo\'s people, never TBD', async () => {
    await api();
    const uri = file('incidents/2026-06-02-payments-latency.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const original = doc.getText();
    const line = original.split('\n').findIndex((l) => l.startsWith('commander:'));
    const we = new vscode.WorkspaceEdit();
    we.replace(uri, new vscode.Range(line, 11, line, doc.lineAt(line).text.length), 'TBD');
    assert.ok(await vscode.workspace.applyEdit(we));
    const diag = await until('missing commander', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'missing-field'));
    assert.match(diag.message, /placeholder \(TBD\)/);
    const fixes = await until('people to choose from', async () => {
      const actions = await quickFixes(uri, diag.range);
      const people = actions.filter((a) => /^Change to '/.test(a.title));
      return people.length ? people : undefined;
    });
    assert.ok(fixes.every((a) => !/TBD|TODO|\?/.test(a.title)), fixes.map((a) => a.title).join(', '));
    assert.ok(fixes.some((a) => a.title === "Change to 'maria.lopez'"), fixes.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(fixes.find((a) => a.title === "Change to 'maria.lopez'")!.edit!));
    assert.equal(doc.lineAt(line).text, 'commander: maria.lopez');
    await until('the diagnostic to go', () => !codes(uri).includes('missing-field'));
    // Put the file back as it was (saved, so nothing is left to revert later) and close it.
    const back = new vscode.WorkspaceEdit();
    back.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    assert.ok(await vscode.workspace.applyEdit(back));
    assert.ok(await doc.save());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('completion offers the policy\'s severities and hover explains one', async () => {
    await api();
    const uri = file('incidents/2026-11-20-search-degraded.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('severity:'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(line, 'severity: '.length));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const s of ['SEV1', 'SEV2', 'SEV3', 'SEV4']) assert.ok(labels.includes(s), labels.join(','));
    // Under roles: the policy's roles, but not the commander (a field of its own; found by fresh eyes).
    const mistakes = await vscode.workspace.openTextDocument(file('incidents/deliberate-mistakes-incident.md'));
    const roleLine = mistakes.getText().split('\n').findIndex((l) => l.startsWith('  negotiator:'));
    const roleList = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', mistakes.uri, new vscode.Position(roleLine, 2));
    const roleLabels = roleList.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(roleLabels.includes('scribe') && !roleLabels.includes('commander'), roleLabels.join(','));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 'severity: '.length + 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n').replace(/&nbsp;/g, ' ').replace(/\\([()])/g, '$1');
    assert.match(text, /SEV3: Minor/);
    assert.match(text, /acknowledge 1h/);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
    assert.ok(links.some((l) => l.target?.path.endsWith('runbooks/search-index-rebuild.md')));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.ok(lenses.some((l) => /TTA 25m ✓/.test(l.command?.title ?? '')), lenses.map((l) => l.command?.title).join(' | '));
    // The commands first and the figures last on the first line: a narrow editor cuts the line's end, not Change Status.
    const top = lenses.filter((l) => l.range.start.line === 0).map((l) => l.command?.title ?? '');
    assert.deepEqual(top.slice(0, 2), ['Open Timeline', 'Change Status'], top.join(' | '));
    assert.match(top[top.length - 1], /^\$\(pulse\) SEV3 · /);
  });

  it('New Incident creates a record from the template that validates clean', async () => {
    const a = await api();
    const uri = await vscode.commands.executeCommand<vscode.Uri>('hindsight.newIncident', { title: 'Search latency spike', severity: 'SEV3', services: ['search'] });
    assert.ok(uri, 'no file created');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.getText(), /^id: INC-\d{4}-\d{4}$/m);
    assert.match(doc.getText(), /^title: Search latency spike$/m);
    assert.match(doc.getText(), /^services: \[search\]$/m);
    assert.equal(doc.isDirty, false);
    const rel = a.model.relPath(uri)!;
    await until('the index to see it', () => a.model.index.get(rel));
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(codes(uri), []);
  });

  it('Change Status edits the field, appends the timeline event, fills the milestone; undo restores the bytes', async () => {
    await api();
    const uri = file('incidents/2026-11-23-login-errors.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const before = doc.getText();
    assert.ok(await vscode.commands.executeCommand('hindsight.changeStatus', uri, 'mitigated'));
    const after = doc.getText();
    assert.match(after, /^status: mitigated$/m);
    assert.match(after, /  - at: \S+\n    kind: mitigated\n    text: Status changed from investigating to mitigated\n/);
    assert.match(after, /^mitigated: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m);
    // Nothing else moved: the text before the status line is unchanged.
    assert.equal(after.slice(0, after.indexOf('status:')), before.slice(0, before.indexOf('status:')));
    // Back to investigating (reopened): the milestone only 'mitigated' requires is emptied, the event keeps it.
    const was = /^mitigated: (\S+)$/m.exec(after)![1];
    assert.ok(await vscode.commands.executeCommand('hindsight.changeStatus', uri, 'investigating'));
    assert.match(doc.getText(), /^mitigated:$/m);
    assert.ok(doc.getText().includes(`text: "Status changed from mitigated to investigating (reopened; cleared mitigated ${was})"`), doc.getText());
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), before);
  });

  it('an edit to an open incident renews what was shown from its clock plan (the status bar tooltip is made again)', async () => {
    const a = await api();
    const uri = file('incidents/deliberate-mistakes-clock.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    const original = doc.getText();
    const before = a.clocks.version;
    const we = new vscode.WorkspaceEdit();
    we.insert(uri, new vscode.Position(doc.lineCount, 0), '\n');
    assert.ok(await vscode.workspace.applyEdit(we));
    await until('the plans to be renewed', () => a.clocks.version > before);
    const back = new vscode.WorkspaceEdit();
    back.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    assert.ok(await vscode.workspace.applyEdit(back));
    assert.ok(await doc.save());
  });

  it('an open incident whose front matter stops parsing is named as not timed, and timed again once fixed (found by fresh eyes)', async () => {
    const a = await api();
    const uri = file('incidents/deliberate-mistakes-clock.md');
    const rel = 'incidents/deliberate-mistakes-clock.md';
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await until('its clocks', () => a.clocks.plan(rel) !== undefined);
    assert.ok(!a.clocks.untimed().includes(rel));
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('title:'));
    const we = new vscode.WorkspaceEdit();
    we.insert(uri, new vscode.Position(line, 0), 'oops: [unclosed\n');
    assert.ok(await vscode.workspace.applyEdit(we));
    await until('not timed', () => a.clocks.untimed().includes(rel) && a.clocks.plan(rel) === undefined);
    await vscode.commands.executeCommand('undo');
    await until('timed again', () => !a.clocks.untimed().includes(rel) && a.clocks.plan(rel) !== undefined);
    // A break in a field the views show (a title with ': ' half typed): the row stays in its group, as it last
    // parsed, and says so first (it went to 'No status' with no title).
    const t = a.trees.incidents;
    const rowNow = () => { for (const g of t.getChildren()) for (const n of t.getChildren(g)) if (n.type === 'record' && n.record.path === rel) return { group: String(t.getTreeItem(g).label), item: t.getTreeItem(n) }; return undefined; };
    const groupBefore = rowNow()!.group;
    const title = new vscode.WorkspaceEdit();
    title.replace(uri, doc.lineAt(line).range, 'title: Checkout: down');
    assert.ok(await vscode.workspace.applyEdit(title));
    const shown = await until('the row marked', () => { const r = rowNow(); return r && /^front matter does not parse · SEV2/.test(String(r.item.description)) ? r : undefined; });
    assert.equal(shown.group, groupBefore);
    assert.match(String(shown.item.label), /^INC-2026-0904 DELIBERATE/);
    assert.equal((shown.item.iconPath as vscode.ThemeIcon).id, 'error');
    await vscode.commands.executeCommand('undo');
    await until('unmarked once it parses', () => !/does not parse/.test(String(rowNow()?.item.description)));
    if (doc.isDirty) assert.ok(await doc.save());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('judges the clocks again as time passes, with no file read: diagnostics, the tree and the clocks the CLI reports agree (issue 18)', async () => {
    const a = await api();
    const uri = file('incidents/deliberate-mistakes-clock.md');
    const clockCodes = () => codes(uri).filter((c) => c.startsWith('target-') || c === 'escalation-late');
    try {
      // INC-2026-0904 was detected at 06:50 (SEV2: acknowledge within 15m, at risk from 07:01:15).
      a.clocks.setNow(Date.parse('2026-11-23T07:00:00Z'));
      await until('only the escalation is late at 07:00', () => JSON.stringify(clockCodes()) === JSON.stringify(['escalation-late']) && clockCodes());
      a.clocks.setNow(Date.parse('2026-11-23T07:02:00Z'));
      await until('the acknowledge target at risk at 07:02', () => clockCodes().includes('target-at-risk') && !clockCodes().includes('target-breached'));
      a.clocks.setNow(Date.parse('2026-11-23T07:06:00Z'));
      await until('the acknowledge target breached at 07:06', () => clockCodes().includes('target-breached'));
      const breach = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'target-breached')!;
      assert.match(breach.message, /SEV2 target to acknowledge within 15m was breached at 2026-11-23T07:05:00Z/);
      // The tree says it too, where the incident's age was.
      const t = a.trees.incidents;
      const row = t.getChildren().flatMap((g) => t.getChildren(g)).find((n) => n.type === 'record' && n.record.id === 'INC-2026-0904')!;
      assert.match(String(t.getTreeItem(row).description), /^SEV2 · acknowledge breached 1m ago$/);
      assert.equal((t.getTreeItem(row).iconPath as vscode.ThemeIcon).id, 'error', 'a breached clock shows in the icon (a narrow side bar hides the description)');
      // The status bar: the next clock that can still be met (INC-2026-0904's mitigate, 10:50), the breaches counted.
      const top = a.clocks.mostUrgent()!;
      assert.deepEqual({ path: top.path, text: top.text, breached: top.breached }, { path: 'incidents/deliberate-mistakes-clock.md', text: 'mitigate in 3h 44m', breached: 1 });
      // A near miss's quick fix comes first and is preferred: 'extensiv' -> 'extensive'.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const impact = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'unknown-impact')!;
      const fixes = await until('the impact quick fixes', async () => {
        const actions = await quickFixes(uri, impact.range);
        return actions.length ? actions : undefined;
      });
      assert.equal(fixes[0].title, "Change to 'extensive'");
      assert.equal(fixes[0].isPreferred, true);
      assert.ok(fixes.slice(1).every((f) => !f.isPreferred));
      // CodeLens above the status (no acknowledged: line in this file) and hover on a priority.
      await vscode.workspace.openTextDocument(uri);
      const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri)) as vscode.CodeLens[];
      assert.ok(lenses.some((l) => /acknowledge breached 1m ago · target 15m \(SEV2\)/.test(l.command?.title ?? '')), lenses.map((l) => l.command?.title).join(' | '));
      const login = await vscode.workspace.openTextDocument(file('incidents/2026-11-23-login-errors.md'));
      const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', login.uri, login.positionAt(login.getText().indexOf('P3') + 1))) as vscode.Hover[];
      assert.match(hovers.map((h) => h.contents.map((c) => (c as vscode.MarkdownString).value).join('')).join('').replace(/&nbsp;/g, ' '), /Priority P3: Moderate.*resolve 3d/s);
      // A milestone's clock on its key, and on a milestone still empty (`mitigated:`, where one looks for it).
      const hoverText = async (d: vscode.TextDocument, at: number) => ((await vscode.commands.executeCommand('vscode.executeHoverProvider', d.uri, d.positionAt(at))) as vscode.Hover[])
        .map((h) => h.contents.map((c) => (c as vscode.MarkdownString).value).join('')).join('').replace(/&nbsp;/g, ' ');
      assert.match(await hoverText(login, login.getText().indexOf('acknowledged:') + 3), /Target to acknowledge/);
      const loginText = login.getText();
      const edit = new vscode.WorkspaceEdit();
      edit.insert(login.uri, login.positionAt(loginText.indexOf('timeline:')), 'mitigated:\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      try {
        assert.match(await hoverText(login, login.getText().indexOf('mitigated:') + 3), /Target to mitigate/, 'on the key of an empty milestone');
        assert.match(await hoverText(login, login.getText().indexOf('mitigated:') + 'mitigated:'.length), /Target to mitigate/, 'at its empty value');
      } finally {
        // Back as it was, and saved (nothing left to revert later).
        const back = new vscode.WorkspaceEdit();
        back.replace(login.uri, new vscode.Range(login.positionAt(0), login.positionAt(login.getText().length)), loginText);
        await vscode.workspace.applyEdit(back);
        await login.save();
      }
      // What the CLI reports for the same files and the same time is what the editor shows.
      const cli = path.join(vscode.extensions.getExtension('hindsight.hindsight')!.extensionPath, 'dist', 'cli.js');
      let out: string;
      try { out = execFileSync(process.execPath, [cli, 'sla', '--now', '2026-11-23T07:06:00Z', '--format', 'json'], { cwd: file('').fsPath, encoding: 'utf8' }); } catch (e) { out = String((e as { stdout: string }).stdout); }
      const editor = (await vscode.commands.executeCommand('hindsight.slaEntries')) as { mostUrgentDue?: number }[];
      assert.deepEqual(JSON.parse(JSON.stringify(editor.map(({ mostUrgentDue: _d, ...e }) => e))), JSON.parse(out).incidents);
    } finally {
      a.clocks.setNow(undefined);
    }
  });

  it('Set Impact and Urgency writes the derived priority; Escalate logs the step with to: and escalation:, and the late warning goes (issue 18)', async () => {
    const a = await api();
    const uri = file('incidents/deliberate-mistakes-clock.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    const original = doc.getText();
    try {
      // team-page is the severity's policy, not P2's: its steps count round the clock (06:50Z and 07:20Z).
      a.clocks.setNow(Date.parse('2026-11-23T07:40:00Z'));
      assert.equal(await vscode.commands.executeCommand('hindsight.setImpactUrgency', uri, 'significant', 'high'), true);
      assert.match(doc.getText(), /\nimpact: significant\nurgency: high\n/);
      assert.match(doc.getText(), /\npriority: P2\n/);
      await until('no unknown impact or urgency', () => !codes(uri).some((c) => c === 'unknown-impact' || c === 'unknown-urgency'));
      await until('both team-page steps late', () => vscode.languages.getDiagnostics(uri).filter((d) => d.code === 'escalation-late').length === 2);
      // The late step's quick fix is Escalate, for that step.
      await vscode.window.showTextDocument(doc);
      const late = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'escalation-late' && /step 1/.test(d.message))!;
      const fix = await until('the escalate quick fix', async () => (await quickFixes(uri, late.range)).find((x) => x.command?.command === 'hindsight.escalate'));
      assert.equal(fix.title, 'Escalate: log step 1…');
      assert.deepEqual(fix.command!.arguments![1], { step: 1 });
      assert.equal(await vscode.commands.executeCommand('hindsight.escalate', uri, { step: 1, assignTo: 'team-checkout' }), true);
      assert.match(doc.getText(), /kind: escalated\n {4}text: "Escalated \(team-page step 1, functional\) to schedule:owning-team; now with team-checkout"\n {4}to: schedule:owning-team\n {4}escalation: functional\n/);
      assert.match(doc.getText(), /\nassigned_to: team-checkout\n/);
      await until('only step 2 late', () => { const l = vscode.languages.getDiagnostics(uri).filter((d) => d.code === 'escalation-late'); return l.length === 1 && /step 2/.test(l[0].message); });
    } finally {
      a.clocks.setNow(undefined);
      const back = new vscode.WorkspaceEdit();
      back.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
      await vscode.workspace.applyEdit(back);
      await doc.save();
    }
  });

  it('a broken policy gets one diagnostic and the last good policy stays in force', async () => {
    const a = await api();
    const uri = file('.hindsight/policy.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const original = doc.getText();
    const sevs = a.model.policy.severities.map((s) => s.id);
    const we = new vscode.WorkspaceEdit();
    we.insert(uri, new vscode.Position(0, 0), 'severities: [\n');
    await vscode.workspace.applyEdit(we);
    await doc.save();
    await until('a policy diagnostic', () => vscode.languages.getDiagnostics(uri).length === 1);
    assert.deepEqual(a.model.policy.severities.map((s) => s.id), sevs);
    const undo = new vscode.WorkspaceEdit();
    undo.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
    await vscode.workspace.applyEdit(undo);
    await doc.save();
    await until('the policy diagnostic to go', () => vscode.languages.getDiagnostics(uri).length === 0);
  });
});

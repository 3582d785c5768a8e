import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, file, until } from './helpers';
import type { TreeNode as Node } from '../../../src/extension/services/targets';

const INC = 'incidents/2026-11-20-search-degraded.md';
const REV = 'reviews/2026-03-16-checkout-outage.md';

describe('postmortems end to end', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('Create Review from an incident: a prefilled review, linked both ways, the incident otherwise byte-identical', async () => {
    const a = await api();
    const incDoc = await vscode.workspace.openTextDocument(file(INC));
    const before = incDoc.getText();
    // Who creates it is its first author (the responder setting here; else git's user.name).
    const config = vscode.workspace.getConfiguration('hindsight');
    await config.update('responder.name', 'ines.review', vscode.ConfigurationTarget.Workspace);
    let uri: vscode.Uri | undefined;
    try { uri = await vscode.commands.executeCommand<vscode.Uri>('hindsight.createReview', file(INC)); } finally { await config.update('responder.name', undefined, vscode.ConfigurationTarget.Workspace); }
    assert.ok(uri, 'a review was created');
    const review = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(review, /^incident: INC-2026-0003$/m);
    assert.match(review, /Merchandising reported new products missing from search/, 'the timeline as a table');
    assert.match(review, /^authors: \[ines\.review\]$/m);
    const rel = a.model.relPath(uri)!;
    const after = incDoc.getText();
    assert.equal(after.replace(`review: ${rel}\n`, ''), before, 'only the review: line was added to the incident');
    assert.ok(!incDoc.isDirty, 'both files are saved');
    await until('the review in the index', () => a.model.index.get(rel)?.kind === 'review');
    assert.deepEqual(vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);
    // clean up for the other tests: the incident as it was, the review gone
    await vscode.workspace.fs.writeFile(file(INC), new TextEncoder().encode(before));
    await vscode.workspace.fs.delete(uri);
    await until('the incident back without a review', async () => (await vscode.workspace.openTextDocument(file(INC))).getText() === before);
  });

  it('action items: add one, mark one done from the view; minimal edits, undo restores', async () => {
    const a = await api();
    const doc = await vscode.workspace.openTextDocument(file(REV));
    await vscode.window.showTextDocument(doc);
    const before = doc.getText();
    assert.equal(await vscode.commands.executeCommand('hindsight.addActionItem', file(REV), { title: 'Load-test the pool limits', owner: 'team-sre', due: '2027-01-31', type: 'preventive' }), true);
    assert.equal(doc.getText(), before.replace('    link: https://tracker.example.com/SRE-812\n', '    link: https://tracker.example.com/SRE-812\n  - id: AI-92\n    title: Load-test the pool limits\n    owner: team-sre\n    due: 2027-01-31\n    status: open\n    type: preventive\n'));
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), before);
    await until('the index has the review', () => a.model.index.get(REV)?.actionItems.length === 2);
    a.trees.refresh();
    const groups = a.trees.actionItems.getChildren();
    const node = groups.flatMap((g) => a.trees.actionItems.getChildren(g)).find((n: Node) => n.type === 'actionItem' && n.item.id === 'AI-2');
    assert.ok(node, 'AI-2 is in the Action Items view');
    assert.equal(a.trees.actionItems.getTreeItem(node).contextValue, 'actionItem.open.link');
    assert.equal(await vscode.commands.executeCommand('hindsight.markActionItemDone', node), true);
    assert.equal(doc.getText(), before.replace('    due: 2027-03-31\n    status: open\n', '    due: 2027-03-31\n    status: done\n'));
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), before);
  });

  it('Export Incident Report writes a self-contained HTML report; the dashboard gets the figures', async () => {
    const a = await api();
    const target = vscode.Uri.joinPath(file('incidents'), '..', 'report-test.html');
    const out = await vscode.commands.executeCommand<vscode.Uri>('hindsight.exportIncident', file('incidents/2026-03-14-checkout-outage.md'), { format: 'html', target });
    assert.equal(out?.toString(), target.toString());
    const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(html, /<h1>INC-2026-0001 Checkout returns 500 for all card payments<\/h1>/);
    assert.match(html, /Alert on pool exhaustion before errors reach customers/, 'the linked review\'s action items');
    assert.doesNotMatch(html, /<script/i);
    await vscode.workspace.fs.delete(target);
    await vscode.commands.executeCommand('hindsight.openDashboard');
    const data = await until('the dashboard figures', () => a.dashboard.last);
    assert.ok(data.incidents >= 1);
    assert.ok(data.months.includes('2026-11'));
    assert.deepEqual(data.severities.slice(0, 4), ['SEV1', 'SEV2', 'SEV3', 'SEV4']);
  });

  it('an action item opens its review at the item, from the Action Items view and from the dashboard', async () => {
    const a = await api();
    const REVIEW = 'reviews/deliberate-mistakes-review.md';
    const lineOf = (text: string, s: string) => text.slice(0, text.indexOf(s)).split('\n').length - 1;
    const t = a.trees.actionItems;
    const node = t.getChildren().flatMap((g) => t.getChildren(g)).find((n: Node) => n.type === 'actionItem' && n.item.id === 'AI-91')!;
    const cmd = t.getTreeItem(node).command!;
    await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []));
    let ed = await until('the review in front', () => (vscode.window.activeTextEditor?.document.uri.path.endsWith(REVIEW) ? vscode.window.activeTextEditor : undefined));
    assert.equal(ed.selection.active.line, lineOf(ed.document.getText(), 'id: AI-91'), 'the cursor on the item');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('hindsight.openDashboard');
    const data = await until('the dashboard figures', () => a.dashboard.last);
    const item = data.attention.overdueItems.find((x) => x.id === 'AI-91')!;
    assert.equal(await a.dashboard.receive({ type: 'open', path: REVIEW, item: item.item + 1 }), false, 'an item the dashboard did not list');
    assert.equal(await a.dashboard.receive({ type: 'open', path: REVIEW, item: item.item }), true);
    ed = await until('the review in front', () => (vscode.window.activeTextEditor?.document.uri.path.endsWith(REVIEW) ? vscode.window.activeTextEditor : undefined));
    assert.equal(ed.selection.active.line, lineOf(ed.document.getText(), 'id: AI-91'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

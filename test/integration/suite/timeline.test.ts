import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, file, until } from './helpers';

async function openTimeline(rel: string) {
  const a = await api();
  const uri = file(rel);
  await vscode.commands.executeCommand('hindsight.openTimeline', uri);
  await until('the timeline editor', () => a.timeline.sessions.has(uri.toString()));
  const doc = await vscode.workspace.openTextDocument(uri);
  return { a, uri, doc };
}

describe('the timeline editor', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('with the timeline editor in front, the incident commands act on its incident (no argument needed) and it stays in front', async () => {
    const { uri, doc } = await openTimeline('incidents/2026-11-23-login-errors.md');
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(input instanceof vscode.TabInputCustom && input.uri.toString() === uri.toString(), 'the timeline editor is in front');
    const original = doc.getText();
    assert.ok(await vscode.commands.executeCommand('hindsight.changeStatus', undefined, 'mitigated'));
    assert.match(doc.getText(), /^status: mitigated$/m);
    const still = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(still instanceof vscode.TabInputCustom, 'Change Status did not open the text editor over it');
    const back = new vscode.WorkspaceEdit();
    back.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    assert.ok(await vscode.workspace.applyEdit(back));
    assert.ok(await doc.save());
  });

  it("its header changes the severity and names a role through the incident commands, titles the tab 'Timeline: <id>', and drops a stale change", async () => {
    const { a, uri, doc } = await openTimeline('incidents/2026-11-23-login-errors.md');
    await until('the tab title', () => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'Timeline: INC-2026-0004');
    const original = doc.getText();
    await a.timeline.deliver(uri, { type: 'setSeverity', version: doc.version, value: 'SEV1' });
    assert.match(doc.getText(), /^severity: SEV1$/m);
    assert.match(doc.getText(), /kind: severity\n/, 'a severity event, as Change Severity writes');
    // SEV1 requires communications: the header's role button asks who (here given, as the quick pick would).
    assert.ok(await vscode.commands.executeCommand('hindsight.assignRole', uri, 'communications', 'lea.martin'));
    assert.match(doc.getText(), /\ncommander: [^\n]+\nroles:\n {2}communications: lea\.martin\n/, 'roles: beside the commander');
    assert.match(doc.getText(), /kind: role\n {4}text: "Communications: lea\.martin"\n/);
    const before = doc.getText();
    await a.timeline.deliver(uri, { type: 'setStatus', version: doc.version - 1, value: 'resolved' });
    assert.equal(doc.getText(), before, 'a change based on an older version is dropped');
    const back = new vscode.WorkspaceEdit();
    back.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    assert.ok(await vscode.workspace.applyEdit(back));
    assert.ok(await doc.save());
  });

  it('adds, edits and deletes events as minimal edits; undo and redo are VS Code\'s', async () => {
    const { a, uri, doc } = await openTimeline('incidents/2026-11-20-search-degraded.md');
    const original = doc.getText();
    await a.timeline.deliver(uri, { type: 'add', version: doc.version, event: { at: '2026-11-20T14:00:00Z', kind: 'action', text: 'Re-enabled incremental indexing', by: 'lea.martin' } });
    const added = doc.getText();
    assert.equal(added, original.replace('    text: "Full reindex finished; new products searchable"\n', '    text: "Full reindex finished; new products searchable"\n  - at: 2026-11-20T14:00:00Z\n    kind: action\n    text: Re-enabled incremental indexing\n    by: lea.martin\n'));
    await a.timeline.deliver(uri, { type: 'update', version: doc.version, index: 3, patch: { text: 'Re-enabled indexing: done', kind: 'note' } });
    assert.match(doc.getText(), /kind: note\n    text: "Re-enabled indexing: done"\n    by: lea.martin\n/);
    await a.timeline.deliver(uri, { type: 'delete', version: doc.version, index: 0 });
    assert.ok(!doc.getText().includes('Merchandising reported'));
    await vscode.commands.executeCommand('undo');
    assert.ok(doc.getText().includes('Merchandising reported'));
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), original);
    await vscode.commands.executeCommand('redo');
    assert.equal(doc.getText(), added);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.isDirty, false);
  });

  it('drops a stale edit, and follows changes made elsewhere', async () => {
    const { a, uri, doc } = await openTimeline('incidents/2026-11-20-search-degraded.md');
    const staleVersion = doc.version;
    const we = new vscode.WorkspaceEdit();
    we.insert(uri, new vscode.Position(doc.lineCount, 0), '\nAn external note.\n');
    await vscode.workspace.applyEdit(we);
    const afterExternal = doc.getText();
    assert.equal(await a.timeline.deliver(uri, { type: 'delete', version: staleVersion, index: 0 }), false);
    assert.equal(doc.getText(), afterExternal, 'a stale edit writes nothing');
    assert.equal(await a.timeline.deliver(uri, { type: 'delete', version: doc.version, index: 0 }), true);
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
  });

  it('writes nothing when the front matter does not parse, and rejects messages outside the protocol', async () => {
    const { a, uri, doc } = await openTimeline('incidents/deliberate-mistakes-yaml.md');
    const before = doc.getText();
    assert.equal(await a.timeline.deliver(uri, { type: 'add', version: doc.version, event: { at: 'now', kind: 'note', text: 'x' } }), false);
    assert.equal(await a.timeline.deliver(uri, { type: 'runCommand', command: 'workbench.action.terminal.new' }), false);
    assert.equal(doc.getText(), before);
    assert.equal(doc.isDirty, false);
  });

  it('sets the incident\'s milestone from a milestone event', async () => {
    const { a, uri, doc } = await openTimeline('incidents/2026-11-23-login-errors.md');
    await a.timeline.deliver(uri, { type: 'add', version: doc.version, event: { at: '2026-11-23T09:30:00Z', kind: 'mitigated', text: 'Clock skew fixed' } });
    const index = 4; // detected, escalated, acknowledged, escalated, then this one (in time order)
    await a.timeline.deliver(uri, { type: 'setMilestone', version: doc.version, index });
    assert.match(doc.getText(), /\nmitigated: 2026-11-23T09:30:00Z\n/);
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
  });
});

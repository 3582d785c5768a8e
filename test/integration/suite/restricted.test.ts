// Runs only in Restricted Mode (test/integration/run.mjs --restricted: code-server without
// --disable-workspace-trust, the folder untrusted). The suite's index picks this file then, and only this one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, file, until } from './helpers';

describe('Restricted Mode', () => {
  it('the workspace is untrusted here', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('the extension works: views, diagnostics, the runbook panel', async () => {
    const a = await api();
    assert.ok(a.model.index.size > 5);
    await vscode.workspace.openTextDocument(file('incidents/deliberate-mistakes-incident.md'));
    await until('diagnostics', () => vscode.languages.getDiagnostics(file('incidents/deliberate-mistakes-incident.md')).length > 0);
    await vscode.commands.executeCommand('hindsight.showRunbook', 'runbooks/search-index-rebuild.md');
    const s = a.runbook.render();
    assert.equal(s.view?.header.title, 'Search index rebuild');
    assert.equal(s.canRun, false, 'Run buttons are hidden');
    assert.match(s.runDisabledReason ?? '', /Restricted Mode/);
  });

  it('running a runbook command is refused, from the panel and from the command, without asking', async () => {
    const a = await api();
    await vscode.commands.executeCommand('hindsight.showRunbook', 'runbooks/search-index-rebuild.md');
    let asked = 0;
    a.runbook.confirm = async () => { asked++; return true; };
    const terminals = vscode.window.terminals.length;
    assert.equal(await vscode.commands.executeCommand('hindsight.runbook.run', 'runbooks/search-index-rebuild.md', 's3.2', 0), false);
    assert.equal(await a.runbook.deliver({ type: 'run', revision: a.runbook.current()!.revision, step: 's3.2', command: 0 }), false);
    assert.equal(asked, 0);
    assert.equal(vscode.window.terminals.length, terminals);
  });

  it('checking steps still logs to the followed incident (an edit the user makes, not code that runs)', async () => {
    const a = await api();
    await vscode.commands.executeCommand('hindsight.showRunbook', 'runbooks/search-index-rebuild.md');
    await vscode.commands.executeCommand('hindsight.runbook.followIncident', 'incidents/2026-11-20-search-degraded.md');
    const doc = await vscode.workspace.openTextDocument(file('incidents/2026-11-20-search-degraded.md'));
    const before = doc.getText();
    a.runbook.askName = async () => undefined; // this machine's git may have no user name: the panel would ask
    assert.equal(await a.runbook.deliver({ type: 'check', revision: a.runbook.current()!.revision, step: 's4.1', done: true }), true);
    assert.ok(doc.getText().includes('Runbook step done: Pause incremental indexing.'));
    // Put the incident back as it was (a revert command raced with the edit's arrival in the workbench now and then).
    const we = new vscode.WorkspaceEdit();
    we.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), before);
    assert.ok(await vscode.workspace.applyEdit(we));
    await doc.save();
    assert.equal(doc.getText(), before);
  });
});

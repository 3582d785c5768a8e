import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { api, file, until } from './helpers';

describe('timeline import and export', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('imports a Markdown timeline table into structured events, once, and reports unreadable lines', async () => {
    const a = await api();
    const uri = file('incidents/2026-10-30-imported.md');
    fs.writeFileSync(uri.fsPath, '---\nid: INC-2026-0777\ntitle: Imported\nseverity: SEV4\nstatus: investigating\nstarted: 2026-10-30T09:00:00Z\n---\n\n## Timeline\n\nAll times in CET.\n\n| Time | Event |\n| --- | --- |\n| 2026-10-30 10:05 | Alert fired |\n| 2026-10-30 10:20 | Rolled back |\n| 2026-10-30 HH:mm | Unknown |\n');
    await until('the index to see it', () => a.model.index.get('incidents/2026-10-30-imported.md'));
    const n = await vscode.commands.executeCommand<number>('hindsight.importTimeline', uri, {});
    assert.equal(n, 2);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.getText(), /timeline:\n  - at: 2026-10-30T09:05:00Z\n    kind: note\n    text: Alert fired\n  - at: 2026-10-30T09:20:00Z\n    kind: note\n    text: Rolled back\n---/);
    assert.equal(await vscode.commands.executeCommand<number>('hindsight.importTimeline', uri, {}), 0, 'a second import adds nothing');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.ok(!doc.getText().includes('timeline:'), 'one undo removes the whole import');
    await doc.save();
  });

  it('copies the timeline as a Markdown table, inserts it into the linked review as a section, and refreshes that section from the incident', async () => {
    await api();
    const inc = file('incidents/2026-03-14-checkout-outage.md');
    const table = await vscode.commands.executeCommand<string>('hindsight.copyTimelineTable', inc);
    assert.match(table, /^\| Time \| Kind \| Event \| By \|\n\| --- \| --- \| --- \| --- \|\n\| 2026-03-14 09:58 UTC \| deploy \| checkout v4\.18\.0 rolled out to 100% \| deploy-bot \|/);
    assert.equal(await vscode.env.clipboard.readText(), table + '\n');
    assert.ok(await vscode.commands.executeCommand('hindsight.insertTimelineIntoReview', inc));
    const reviewUri = file('reviews/2026-03-16-checkout-outage.md');
    const review = await vscode.workspace.openTextDocument(reviewUri);
    assert.match(review.getText(), /## Timeline\n\n<!-- hindsight:timeline from INC-2026-0001[^\n]*-->\n\| Time \| Kind \| Event \| By \|/);
    await vscode.window.showTextDocument(review);
    // The CodeLens above the section refreshes it; after an event is logged on the incident, the refresh adds it.
    const lenses = await until('the refresh CodeLens', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', reviewUri);
      return l.find((x) => x.command?.command === 'hindsight.refreshReviewTimeline');
    });
    assert.match(lenses.command!.title, /Refresh Timeline from Incident/);
    const incDoc = await vscode.workspace.openTextDocument(inc);
    const we = new vscode.WorkspaceEdit();
    const at = incDoc.getText().indexOf('  - at: 2026-03-14T10:02:00Z');
    we.insert(inc, incDoc.positionAt(at), '  - at: 2026-03-14T10:00:00Z\n    kind: note\n    text: Refreshed into the review\n');
    assert.ok(await vscode.workspace.applyEdit(we));
    await until('the index to see it', () => api().then((x) => x.model.textOf('incidents/2026-03-14-checkout-outage.md')?.includes('Refreshed into the review')));
    assert.ok(await vscode.commands.executeCommand('hindsight.refreshReviewTimeline', reviewUri));
    assert.match(review.getText(), /\| 2026-03-14 09:58 UTC \| deploy [^\n]+\n\| 2026-03-14 10:00 UTC \| note \| Refreshed into the review \|/);
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    assert.ok(!review.getText().includes('hindsight:timeline'), review.getText());
    const back = new vscode.WorkspaceEdit();
    back.delete(inc, new vscode.Range(incDoc.positionAt(at), incDoc.positionAt(at + '  - at: 2026-03-14T10:00:00Z\n    kind: note\n    text: Refreshed into the review\n'.length)));
    assert.ok(await vscode.workspace.applyEdit(back));
  });
});

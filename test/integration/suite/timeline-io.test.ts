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

  it('copies the timeline as a Markdown table and inserts it into the linked review', async () => {
    await api();
    const inc = file('incidents/2026-03-14-checkout-outage.md');
    const table = await vscode.commands.executeCommand<string>('hindsight.copyTimelineTable', inc);
    assert.match(table, /^\| Time \(UTC\) \| Kind \| Event \| By \|\n\| --- \| --- \| --- \| --- \|\n\| 2026-03-14T09:58:00Z \| deploy \| checkout v4\.18\.0 rolled out to 100% \| deploy-bot \|/);
    assert.equal(await vscode.env.clipboard.readText(), table + '\n');
    assert.ok(await vscode.commands.executeCommand('hindsight.insertTimelineIntoReview', inc));
    const review = await vscode.workspace.openTextDocument(file('reviews/2026-03-16-checkout-outage.md'));
    assert.ok(review.getText().includes('## Timeline\n\n| Time (UTC) | Kind | Event | By |'));
    await vscode.window.showTextDocument(review);
    await vscode.commands.executeCommand('undo');
    assert.ok(!review.getText().includes('| Time (UTC) | Kind | Event | By |'));
  });
});

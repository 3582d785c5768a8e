import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, file, until } from './helpers';

const RB = 'runbooks/search-index-rebuild.md';
const INC = 'incidents/2026-11-20-search-degraded.md';

/** Puts the incident back as it was and saves it (a revert command did not always reach the document). */
async function restore(doc: vscode.TextDocument, text: string): Promise<void> {
  const e = new vscode.WorkspaceEdit();
  e.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  await vscode.workspace.applyEdit(e);
  await doc.save();
  assert.equal(doc.getText(), text);
}

describe('the runbook panel', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('hindsight.runbook.stopFollowing');
  });

  it('follows a runbook for an incident: two checked steps and one run become three timeline events, nothing else changes', async () => {
    const a = await api();
    await vscode.window.showTextDocument(file(RB));
    await until('the runbook of the active editor in the panel', () => a.runbook.runbook === RB);
    assert.equal(await vscode.commands.executeCommand('hindsight.runbook.followIncident', INC), true);
    const incident = await vscode.workspace.openTextDocument(file(INC));
    const original = incident.getText();
    const asked: string[] = [];
    a.runbook.confirm = async (code) => { asked.push(code); return true; };
    a.runbook.askName = async () => undefined; // when git has no user name here
    const cur = a.runbook.current()!;
    assert.equal(cur.view.incident?.id, 'INC-2026-0003');
    assert.equal(await a.runbook.deliver({ type: 'check', revision: cur.revision, step: 's3.1', done: true }), true);
    assert.equal(await a.runbook.deliver({ type: 'check', revision: cur.revision, step: 's4.1', done: true }), true);
    assert.equal(await a.runbook.deliver({ type: 'run', revision: cur.revision, step: 's3.2', command: 0 }), true);
    assert.deepEqual(asked, ['echo "rebuild check started $(date -u +%Y-%m-%dT%H:%M:%SZ)"'], 'the exact command text was confirmed');
    // The three events are appended after the last one; every other byte is the same.
    const after = incident.getText();
    const cut = original.indexOf('\n---\n', 4) + 1;
    assert.equal(after.slice(0, cut), original.slice(0, cut));
    assert.equal(after.slice(after.length - (original.length - cut)), original.slice(cut));
    const added = after.slice(cut, after.length - (original.length - cut));
    const texts = [...added.matchAll(/^    text: (.*)$/gm)].map((m) => m[1]);
    assert.equal((added.match(/^  - at: /gm) ?? []).length, 3, added);
    assert.match(texts[0], /^"?Runbook step done: Check how far behind the indexer is on the search dashboard .*\(Search index rebuild, step 2\.1, runbooks\/search-index-rebuild\.md\)"?$/);
    assert.match(texts[1], /Runbook step done: Pause incremental indexing\. \(Search index rebuild, step 3\.1, /);
    assert.match(texts[2], /Ran from runbook: `echo \\"rebuild check started \$\(date -u \+%Y-%m-%dT%H:%M:%SZ\)\\"` \(Search index rebuild, step 2\.2, /);
    assert.equal((added.match(/^    kind: action$/gm) ?? []).length, 3);
    // The command ran in the runbook's named terminal.
    await until('the runbook terminal', () => vscode.window.terminals.find((t) => t.name === 'Runbook: Search index rebuild'));
    // Progress is read back from the timeline; unchecking removes exactly that event.
    const view = a.runbook.current()!.view;
    assert.equal(view.doneCount, 2);
    assert.equal(await a.runbook.deliver({ type: 'check', revision: cur.revision, step: 's3.1', done: false }), true);
    assert.equal(a.runbook.current()!.view.doneCount, 1);
    assert.ok(!incident.getText().includes('step 2.1,'));
    // A second run of the same command is not asked again.
    assert.equal(await a.runbook.deliver({ type: 'run', revision: cur.revision, step: 's3.2', command: 0 }), true);
    assert.equal(asked.length, 1);
    await restore(incident, original);
  });

  it('the side bar\'s Runbook view exists only when chosen (hindsight.runbook.openIn: sidebar), and then shows the runbook', async () => {
    const a = await api();
    const sideView = () => (a.runbook as unknown as { view?: vscode.WebviewView }).view;
    await vscode.window.showTextDocument(file(RB));
    await until('the runbook of the active editor', () => a.runbook.runbook === RB);
    // By default the runbook opens in an editor column: a second copy in the side bar would only repeat it.
    await vscode.commands.executeCommand('hindsight.runbook.focus').then(undefined, () => undefined);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(sideView(), undefined, 'no Runbook view in the side bar');
    const config = vscode.workspace.getConfiguration('hindsight');
    await config.update('runbook.openIn', 'sidebar', vscode.ConfigurationTarget.Workspace);
    try {
      assert.equal(await vscode.commands.executeCommand('hindsight.showRunbook', file(RB)), true);
      await until('the side bar view showing the runbook', () => sideView()?.visible && a.runbook.isOpen());
    } finally {
      await config.update('runbook.openIn', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('opens in an editor column beside the incident (full height, one per window)', async () => {
    const a = await api();
    const panels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('hindsight.runbookPanel')).map(() => g.viewColumn));
    await vscode.window.showTextDocument(file(INC), { viewColumn: vscode.ViewColumn.One });
    assert.equal(await vscode.commands.executeCommand('hindsight.followRunbook', file(INC)), true);
    await until('the runbook panel beside the incident', () => panels().length === 1 && panels()[0] === vscode.ViewColumn.Two);
    assert.equal(a.runbook.panel?.title, 'Runbook: Search index rebuild');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file(INC).fsPath, 'the incident keeps the focus');
    // Showing another runbook reuses the one panel.
    assert.equal(await vscode.commands.executeCommand('hindsight.showRunbook', 'runbooks/payments-db-failover.md'), true);
    await until('the panel follows the runbook', () => a.runbook.panel?.title === 'Runbook: Payments database failover');
    assert.deepEqual(panels(), [vscode.ViewColumn.Two]);
    // Moving it to another group and opening it again there: the UI test (test/e2e) does it as a user would.
  });

  it('with nothing open, Follow Runbook shows the incident and the runbook side by side; the panel\'s links open beside it', async () => {
    const a = await api();
    const panels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('hindsight.runbookPanel')).map(() => g.viewColumn));
    const incidentColumn = () => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === file(INC).fsPath)?.viewColumn;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('no panel', () => panels().length === 0);
    assert.equal(await vscode.commands.executeCommand('hindsight.followRunbook', file(INC)), true);
    await until('the incident in column 1, the runbook in column 2', () => incidentColumn() === vscode.ViewColumn.One && panels().length === 1 && panels()[0] === vscode.ViewColumn.Two);
    // The incident closed, then opened from the panel's link: beside the panel, which stays on screen.
    await vscode.window.showTextDocument(file(INC), { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await until('the incident closed', () => incidentColumn() === undefined);
    await a.runbook.deliver({ type: 'openIncident' });
    await until('the incident opened away from the panel', () => incidentColumn() !== undefined && incidentColumn() !== panels()[0]);
    assert.equal(a.runbook.panel?.visible, true, 'the panel is not covered by the incident');
    // Follow again while the panel is in the incident's own group: it moves beside the incident.
    a.runbook.panel!.reveal(undefined, false); // focused, then moved as a user would
    await until('the panel focused', () => a.runbook.panel?.active);
    await vscode.commands.executeCommand(incidentColumn() === vscode.ViewColumn.One ? 'workbench.action.moveEditorToFirstGroup' : 'workbench.action.moveEditorToLastGroup');
    // (The incident is then behind the panel: its tab, not a visible editor.)
    const incidentTab = () => vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === file(INC).fsPath))?.viewColumn;
    await until('the panel in the incident\'s group', () => panels()[0] === incidentTab());
    await vscode.window.showTextDocument(file(INC), { viewColumn: incidentTab() });
    assert.equal(await vscode.commands.executeCommand('hindsight.followRunbook', file(INC)), true);
    await until('the panel beside the incident again, both on screen', () => panels().length === 1 && incidentColumn() !== undefined && panels()[0] !== incidentColumn() && a.runbook.panel?.visible);
  });

  it('Follow Runbook from the incident\'s timeline editor keeps the timeline in front, the runbook beside it (found by fresh eyes)', async () => {
    const a = await api();
    const panels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('hindsight.runbookPanel')).map(() => g.viewColumn));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('no panel', () => panels().length === 0);
    await vscode.commands.executeCommand('hindsight.openTimeline', file(INC));
    const timelineFront = () => vscode.window.tabGroups.all.find((g) => g.activeTab?.input instanceof vscode.TabInputCustom && (g.activeTab.input as vscode.TabInputCustom).uri.fsPath === file(INC).fsPath)?.viewColumn;
    await until('the timeline editor open', () => timelineFront() !== undefined);
    const column = timelineFront();
    assert.equal(await vscode.commands.executeCommand('hindsight.followRunbook', file(INC)), true);
    await until('the runbook beside the timeline', () => panels().length === 1 && panels()[0] !== column && a.runbook.panel?.visible);
    assert.equal(timelineFront(), column, 'the timeline editor is still in front in its column');
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === file(INC).fsPath), 'the incident\'s text was not opened over it');
  });

  it('asks once for the responder\'s name when neither the setting nor git has one, saves it, and signs the steps with it', async () => {
    const a = await api();
    const config = () => vscode.workspace.getConfiguration('hindsight');
    Object.defineProperty(a.model, 'gitUser', { get: () => undefined, configurable: true }); // git has no user.name
    try {
      await vscode.commands.executeCommand('hindsight.showRunbook', RB);
      await vscode.commands.executeCommand('hindsight.runbook.followIncident', INC);
      const incident = await vscode.workspace.openTextDocument(file(INC));
      const original = incident.getText();
      const asked: unknown[] = [];
      a.runbook.askName = async (current) => { asked.push(current); return 'dana.ops'; };
      a.runbook.askedName = false;
      assert.equal(a.runbook.render().responder, undefined, 'nobody named yet');
      const cur = a.runbook.current()!;
      assert.equal(await a.runbook.deliver({ type: 'check', revision: cur.revision, step: 's3.1', done: true }), true);
      assert.equal(await a.runbook.deliver({ type: 'check', revision: cur.revision, step: 's4.1', done: true }), true);
      assert.deepEqual([...asked], [undefined], 'asked once');
      assert.equal(config().get('responder.name'), 'dana.ops', 'remembered in the setting');
      assert.equal((incident.getText().match(/^    by: dana\.ops$/gm) ?? []).length, 2);
      await until('the panel shows who is logging', () => a.runbook.render().responder === 'dana.ops');
      // "change" in the panel asks again, with the current name, and saves the new one.
      a.runbook.askName = async (current) => { asked.push(current); return 'dana'; };
      await a.runbook.deliver({ type: 'changeResponder' });
      assert.deepEqual(asked, [undefined, 'dana.ops']);
      assert.equal(config().get('responder.name'), 'dana');
      await restore(incident, original);
      // Steps checked while the question is open wait for the answer: both signed with it, in the order checked,
      // at the times they were checked (fresh eyes found the second logged first, unsigned).
      await config().update('responder.name', undefined, vscode.ConfigurationTarget.Global);
      a.runbook.askedName = false;
      let answer: (name: string) => void = () => undefined;
      let asks = 0;
      a.runbook.askName = () => { asks++; return new Promise<string>((r) => { answer = r; }); };
      const cur2 = a.runbook.current()!;
      const first = a.runbook.deliver({ type: 'check', revision: cur2.revision, step: 's3.1', done: true });
      await new Promise((r) => setTimeout(r, 1100)); // the second check a second later
      const second = a.runbook.deliver({ type: 'check', revision: cur2.revision, step: 's4.1', done: true });
      await new Promise((r) => setTimeout(r, 200));
      answer('erin');
      assert.deepEqual(await Promise.all([first, second]), [true, true]);
      assert.equal(asks, 1, 'asked once');
      const logged = incident.getText();
      assert.equal((logged.match(/^    by: erin$/gm) ?? []).length, 2, logged);
      const num = (id: string) => cur2.view.sections.flatMap((sec) => sec.steps).find((st) => st.id === id)!.number;
      const i31 = logged.indexOf(`step ${num('s3.1')},`), i41 = logged.indexOf(`step ${num('s4.1')},`);
      assert.ok(i31 > 0 && i41 > i31, 'logged in the order checked');
      await restore(incident, original);
    } finally {
      delete (a.model as unknown as Record<string, unknown>).gitUser;
      await config().update('responder.name', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('following a runbook for an incident records it in the incident\'s runbooks: (once, a minimal edit)', async () => {
    const a = await api();
    const LOGIN = 'incidents/2026-11-23-login-errors.md';
    const incident = await vscode.workspace.openTextDocument(file(LOGIN));
    const original = incident.getText();
    assert.ok(!/^runbooks:/m.test(original));
    await vscode.commands.executeCommand('hindsight.showRunbook', RB);
    assert.equal(await vscode.commands.executeCommand('hindsight.runbook.followIncident', LOGIN), true);
    assert.equal(a.runbook.incident, LOGIN);
    const after = incident.getText();
    const at = original.indexOf('\ntimeline:') + 1;
    assert.equal(after, original.slice(0, at) + 'runbooks: [runbooks/search-index-rebuild.md]\n' + original.slice(at), 'one line added before timeline:');
    // Following it again adds nothing.
    assert.equal(await vscode.commands.executeCommand('hindsight.runbook.followIncident', LOGIN), true);
    assert.equal(incident.getText(), after);
    await restore(incident, original);
  });

  it('refuses messages outside the protocol and actions on a runbook that changed meanwhile', async () => {
    const a = await api();
    await vscode.commands.executeCommand('hindsight.showRunbook', RB);
    await vscode.commands.executeCommand('hindsight.runbook.followIncident', INC);
    const incident = await vscode.workspace.openTextDocument(file(INC));
    const before = incident.getText();
    let asked = 0;
    a.runbook.confirm = async () => { asked++; return true; };
    const cur = a.runbook.current()!;
    const terminals = vscode.window.terminals.length;
    assert.equal(await a.runbook.deliver({ type: 'run', revision: cur.revision, step: 's3.2', command: 0, code: 'touch /tmp/pwned' }), false);
    assert.equal(await a.runbook.deliver({ type: 'run', revision: cur.revision + 1, step: 's3.2', command: 0 }), false, 'stale revision');
    assert.equal(await a.runbook.deliver({ type: 'check', revision: cur.revision, step: 's99.1', done: true }), false, 'no such step');
    assert.equal(asked, 0);
    assert.equal(vscode.window.terminals.length, terminals);
    assert.equal(incident.getText(), before);
  });

  it('shows the incident\'s linked runbook from the tree command, and finds runbooks by alert', async () => {
    const a = await api();
    assert.equal(await vscode.commands.executeCommand('hindsight.followRunbook', file('incidents/2026-06-02-payments-latency.md')), true);
    assert.equal(a.runbook.runbook, 'runbooks/payments-db-failover.md');
    assert.equal(a.runbook.incident, 'incidents/2026-06-02-payments-latency.md');
    const s = a.runbook.render();
    assert.equal(s.view?.header.title, 'Payments database failover');
    assert.equal(s.canRun, true);
    assert.equal(await vscode.commands.executeCommand('hindsight.findRunbookByAlert', 'searchindexerlaghigh'), true);
    assert.equal(a.runbook.runbook, RB);
    // The payments incident does not link the search runbook: showing it stopped following the incident, so a
    // checked step can never be logged into an incident the runbook has nothing to do with (a fresh-eyes finding).
    assert.equal(a.runbook.incident, undefined);
  });
});

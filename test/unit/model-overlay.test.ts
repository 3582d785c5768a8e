import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ModelChange } from '../../src/extension/services/model';
import { REPO_ROOT, tempDir } from './helpers';

// The workspace model owns the overlay of open documents: with no other feature running, an unsaved edit reaches
// the index (and the change event says which file and which summaries changed); closing the document without
// saving goes back to the file's text. The compiled sources, with the `vscode` stand-in (test/vscode-stand-in.cjs).
const { createVscodeStandIn, installVscodeStandIn, Uri } = require(path.join(REPO_ROOT, 'test', 'vscode-stand-in.cjs'));

describe('the workspace model\'s overlay of open documents (vscode stand-in)', () => {
  const INC = 'incidents/2026-01-a.md';
  const onDisk = '---\nid: INC-1\ntitle: On disk\nseverity: SEV2\nstatus: investigating\nstarted: 2026-01-01T10:00:00Z\n---\n';
  let dir = '';
  let undo: () => void = () => {};
  let stand: { vscode: { workspace: { textDocuments: unknown[] } }; shown: [string, unknown][]; answers: Record<string, unknown>; documents: Record<'change' | 'open' | 'close', { fire(e: unknown): void }> };
  // The extension's modules hold the `vscode` they were first loaded with: load them afresh with this stand-in.
  const forget = () => { for (const k of Object.keys(require.cache)) if (k.includes(`${path.sep}out${path.sep}src${path.sep}`)) delete require.cache[k]; };
  before(() => {
    forget();
    dir = tempDir('hindsight-overlay-');
    fs.mkdirSync(path.join(dir, 'incidents'));
    fs.writeFileSync(path.join(dir, INC), onDisk);
    fs.mkdirSync(path.join(dir, 'reviews'));
    fs.writeFileSync(path.join(dir, 'reviews/a.md'), '---\ntitle: Review A\nincident: INC-1\nstatus: draft\n---\n');
    stand = createVscodeStandIn(dir);
    undo = installVscodeStandIn(stand.vscode);
  });
  after(() => { undo(); forget(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('follows an unsaved edit, says what changed, and goes back to the file when the document closes unsaved', async () => {
    const { HindsightModel } = require('../../src/extension/services/model') as typeof import('../../src/extension/services/model');
    const quiet = { info() {}, warn() {}, error() {}, show() {} };
    const model = new HindsightModel(quiet, undefined);
    const changes: ModelChange[] = [];
    const sub = model.onDidChange((c) => changes.push(c));
    try {
      model.start();
      await model.whenReady();
      assert.equal(model.index.get(INC)?.title, 'On disk');
      changes.length = 0;
      const uri = Uri.file(path.join(dir, INC));
      let text = onDisk.replace('title: On disk', 'title: Edited, unsaved');
      const doc = { uri, getText: () => text };
      stand.vscode.workspace.textDocuments.push(doc);
      stand.documents.change.fire({ document: doc });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(model.index.get(INC)?.title, 'Edited, unsaved', 'the index follows the open document');
      assert.deepEqual(changes.at(-1), { kind: 'files', paths: [INC], summaries: [INC] }, 'the file to validate again, and its summary changed');
      // A keystroke that leaves the summary as it was: the files to validate again, no summary changed.
      text = text + '\nbody\n';
      stand.documents.change.fire({ document: doc });
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(changes.at(-1), { kind: 'files', paths: [INC], summaries: [] });
      stand.vscode.workspace.textDocuments.length = 0;
      stand.documents.close.fire(doc);
      assert.equal(model.index.get(INC)?.title, 'On disk', 'closed without saving: the file\'s text again');
      assert.throws(() => { (model as unknown as { index: unknown }).index = undefined; }, TypeError, 'the index is read-only from outside');
    } finally { sub.dispose(); model.dispose(); }
  });

  it('a record whose front matter stops parsing mid-edit keeps what it said when it last parsed, marked, until it parses again (fresh eyes)', async () => {
    const { HindsightModel } = require('../../src/extension/services/model') as typeof import('../../src/extension/services/model');
    const quiet = { info() {}, warn() {}, error() {}, show() {} };
    const model = new HindsightModel(quiet, undefined);
    const changes: ModelChange[] = [];
    const sub = model.onDidChange((c) => changes.push(c));
    const uri = Uri.file(path.join(dir, INC));
    let text = onDisk;
    const doc = { uri, getText: () => text };
    const type = async (t: string) => { text = t; stand.documents.change.fire({ document: doc }); await new Promise((r) => setTimeout(r, 300)); };
    try {
      model.start();
      await model.whenReady();
      stand.vscode.workspace.textDocuments.push(doc);
      changes.length = 0;
      // Half-typed: a title with ': ' in it, not quoted yet.
      await type(onDisk.replace('title: On disk', 'title: Checkout: down'));
      const kept = model.index.get(INC)!;
      assert.deepEqual({ ok: kept.ok, lastParsed: kept.lastParsed, id: kept.id, title: kept.title, status: kept.status, severity: kept.severity }, { ok: false, lastParsed: true, id: 'INC-1', title: 'On disk', status: 'investigating', severity: 'SEV2' });
      assert.deepEqual(changes.at(-1), { kind: 'files', paths: [INC], summaries: [INC] }, 'the review that points at it is not validated again: it still finds INC-1');
      // Still broken on the next keystroke: kept as it was.
      await type(onDisk.replace('title: On disk', 'title: Checkout: down, still'));
      assert.equal(model.index.get(INC), kept);
      // Parses again: what it says now.
      await type(onDisk.replace('title: On disk', 'title: "Checkout: down"'));
      assert.deepEqual({ ok: model.index.get(INC)!.ok, lastParsed: model.index.get(INC)!.lastParsed, title: model.index.get(INC)!.title }, { ok: true, lastParsed: undefined, title: 'Checkout: down' });
    } finally { stand.vscode.workspace.textDocuments.length = 0; sub.dispose(); model.dispose(); }
  });

  it('Export Incident Report refuses an incident whose front matter does not parse before it asks for a format (fresh eyes)', async () => {
    const { HindsightModel } = require('../../src/extension/services/model') as typeof import('../../src/extension/services/model');
    const { exportIncident } = require('../../src/extension/features/incident/exportReport') as typeof import('../../src/extension/features/incident/exportReport');
    const quiet = { info() {}, warn() {}, error() {}, show() {} };
    const model = new HindsightModel(quiet, undefined);
    const uri = Uri.file(path.join(dir, INC));
    let text = onDisk;
    const doc = { uri, getText: () => text };
    try {
      model.start();
      await model.whenReady();
      stand.shown.length = 0;
      assert.equal(await exportIncident(model, uri), undefined);
      assert.deepEqual(stand.shown.map(([k]) => k), ['quickPick'], 'a good incident: the format is asked (and the pick cancelled)');
      stand.vscode.workspace.textDocuments.push(doc);
      text = onDisk.replace('title: On disk', 'title: Checkout: down');
      stand.documents.change.fire({ document: doc });
      await new Promise((r) => setTimeout(r, 300));
      stand.shown.length = 0;
      assert.equal(await exportIncident(model, uri), undefined);
      assert.equal(stand.shown.length, 1, 'one message, no question');
      assert.equal(stand.shown[0][0], 'error');
      assert.match(String(stand.shown[0][1]), /cannot export incidents\/2026-01-a\.md: its front matter does not parse/);
      // Exported with edits not saved yet: the report is of the editor's text, and the message says so.
      text = onDisk.replace('title: On disk', 'title: Edited');
      Object.assign(doc, { isDirty: true });
      stand.documents.change.fire({ document: doc });
      await new Promise((r) => setTimeout(r, 300));
      const out = Uri.file(path.join(dir, 'report.md'));
      stand.answers.saveDialog = out;
      stand.shown.length = 0;
      try { assert.equal(await exportIncident(model, uri, { format: 'md' }), out); } finally { delete stand.answers.saveDialog; }
      assert.match(fs.readFileSync(out.fsPath, 'utf8'), /^# INC-1 Edited$/m);
      assert.match(String(stand.shown.at(-1)?.[1]), /^Hindsight: exported INC-1 to report\.md \(with the changes not saved yet in the editor\)$/);
    } finally { stand.vscode.workspace.textDocuments.length = 0; model.dispose(); }
  });
});

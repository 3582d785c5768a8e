import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HindsightApi } from '../../src/extension/extension';
import { REPO_ROOT, tempDir } from './helpers';

// The extension's wiring of a first open, in plain Node: the compiled sources (out/src/extension) with the
// `vscode` stand-in of the benchmark (test/vscode-stand-in.cjs). The Incidents view is told to refresh once the
// incident folders are read, before the model is ready, and shows them; the other views wait for the whole read.
// (The same in the real extension host, with the classes alone: test/integration/suite/extension.test.ts.)
const { createVscodeStandIn, installVscodeStandIn, Uri } = require(path.join(REPO_ROOT, 'test', 'vscode-stand-in.cjs'));

type Node = ReturnType<HindsightApi['trees']['incidents']['getChildren']>[number];

describe('a first open, wired as the extension wires it (vscode stand-in)', () => {
  const files: Record<string, string> = {
    'incidents/2026-01-a.md': '---\nid: INC-1\ntitle: A\nseverity: SEV2\nstatus: investigating\nstarted: 2026-01-01T10:00:00Z\n---\n',
    'incidents/2026-01-b.md': '---\nid: INC-2\ntitle: B\nseverity: SEV3\nstatus: resolved\nstarted: 2026-01-02T10:00:00Z\nresolved: 2026-01-02T12:00:00Z\n---\n',
    'notes/misfiled.md': '---\ntype: incident\nid: INC-9\ntitle: Declared elsewhere\nseverity: SEV4\nstatus: investigating\nstarted: 2026-01-03T10:00:00Z\n---\n',
    'reviews/a.md': '---\ntitle: Review A\nincident: INC-1\nstatus: draft\n---\n',
    'runbooks/db.md': '---\ntitle: DB failover\nservices: [payments]\n---\n',
  };
  let dir = '';
  let undo: () => void = () => {};
  const subscriptions: { dispose(): void }[] = [];
  before(() => {
    dir = tempDir('hindsight-first-read-');
    for (const [p, t] of Object.entries(files)) { fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true }); fs.writeFileSync(path.join(dir, p), t); }
    undo = installVscodeStandIn(createVscodeStandIn(dir).vscode);
  });
  after(() => { for (const d of subscriptions.reverse()) d.dispose(); undo(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('shows the incident folders\' incidents before the model is ready, the rest when the read ends', async () => {
    const ext = require('../../src/extension/extension') as typeof import('../../src/extension/extension');
    const api = ext.activate({ subscriptions, extensionUri: Uri.file(REPO_ROOT), storageUri: undefined, workspaceState: { get: () => undefined, update: async () => undefined }, globalState: { get: () => true, update: async () => undefined } } as never);
    const t = api.trees.incidents;
    const ids = () => t.getChildren().flatMap((g: Node) => t.getChildren(g)).map((n: Node) => (n.type === 'record' ? n.record.id : '')).sort();
    const changes: { ready: boolean; ids: string[]; reviews: number; runbooks: number }[] = [];
    subscriptions.push(t.onDidChangeTreeData(() => changes.push({ ready: api.model.ready, ids: ids() as string[], reviews: api.trees.reviews.getChildren().length, runbooks: api.trees.runbooks.getChildren().length })));
    await api.model.whenReady();
    assert.ok(changes.length >= 1, 'the Incidents view was told to refresh');
    assert.deepEqual(changes[0], { ready: false, ids: ['INC-1', 'INC-2'], reviews: 0, runbooks: 0 }, 'first: the incident folders only, the other views empty');
    const last = changes[changes.length - 1];
    assert.equal(last.ready, true);
    assert.deepEqual(last.ids, ['INC-1', 'INC-2', 'INC-9'], 'at the end: the incident declared elsewhere too');
    assert.ok(api.trees.reviews.getChildren().length > 0 && api.trees.runbooks.getChildren().length > 0, 'the other views once ready');
    // Rows by path and their parents (for reveal) are made when first asked for, from the view as built now.
    const row = t.nodeFor('incidents/2026-01-b.md');
    assert.equal(row?.type === 'record' && row.record.id, 'INC-2');
    const parent = t.getParent(row!);
    assert.ok(parent?.type === 'group' && parent.children.includes(row!), 'its parent is the group that holds it');
    t.refresh();
    const shown = t.getChildren().flatMap((g: Node) => t.getChildren(g)).find((n: Node) => n.type === 'record' && n.record.id === 'INC-2');
    assert.ok(shown && shown !== row && t.getParent(shown)?.type === 'group', 'a refresh builds new rows, with their parents');
    assert.equal(t.nodeFor('incidents/2026-01-b.md'), shown);
    assert.equal(t.nodeFor('incidents/none.md'), undefined);
  });
});

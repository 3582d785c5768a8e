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

describe('a first and a later open, wired as the extension wires it (vscode stand-in)', () => {
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

  // The same workspace opened again (the module keeps the stand-in it was first loaded with).
  it('a later open shows the saved index at once, then reads again what changed while the window was closed', async () => {
    for (const d of subscriptions.splice(0).reverse()) d.dispose(); // the first open's window is closed
    const { defaultPolicy, scanRepo } = require('../../src/core/index') as typeof import('../../src/core/index');
    const { NodeRepoSource } = require('../../src/node/repo') as typeof import('../../src/node/repo');
    const { IndexCache } = require('../../src/extension/services/indexCache') as typeof import('../../src/extension/services/indexCache');
    const storage = path.join(dir, '.storage');
    const quiet = { info: () => {}, warn: () => {}, error: () => {}, show: () => {} };
    new IndexCache(path.join(storage, 'index-v1.json'), dir, quiet).save(scanRepo(new NodeRepoSource(dir), defaultPolicy()).index, '');
    // While the window was closed: INC-1 resolved (edited in place), the runbook made binary, the misfiled
    // incident deleted, an incident added.
    fs.writeFileSync(path.join(dir, 'incidents/2026-01-a.md'), files['incidents/2026-01-a.md'].replace('status: investigating', 'status: resolved\nresolved: 2026-01-01T12:00:00Z'));
    fs.writeFileSync(path.join(dir, 'runbooks/db.md'), 'bin\0ary');
    fs.rmSync(path.join(dir, 'notes/misfiled.md'));
    fs.writeFileSync(path.join(dir, 'incidents/2026-01-c.md'), '---\nid: INC-3\ntitle: C\nseverity: SEV4\nstatus: investigating\nstarted: 2026-01-03T10:00:00Z\n---\n');

    const ext = require('../../src/extension/extension') as typeof import('../../src/extension/extension');
    const api = ext.activate({ subscriptions, extensionUri: Uri.file(REPO_ROOT), storageUri: Uri.file(storage), workspaceState: { get: () => undefined, update: async () => undefined }, globalState: { get: () => true, update: async () => undefined } } as never);
    const statusOf = (id: string) => api.model.records().find((r) => r.id === id)?.status;
    const checked = new Promise<{ paths: string[]; summaries: string[] }>((resolve) => subscriptions.push(api.model.onDidChange((c) => { if (c.kind === 'files') resolve(c); })));
    await api.model.whenReady();
    // Shown at once from the saved index: the edited incident as saved, the deleted one not at all, the new one
    // not yet.
    assert.equal(statusOf('INC-1'), 'investigating');
    assert.deepEqual(api.model.records().map((r) => r.path), ['incidents/2026-01-a.md', 'incidents/2026-01-b.md', 'reviews/a.md', 'runbooks/db.md']);
    const change = await checked;
    assert.deepEqual(change.summaries.sort(), ['incidents/2026-01-a.md', 'incidents/2026-01-c.md', 'runbooks/db.md']);
    assert.ok(change.paths.includes('reviews/a.md'), 'the review of the changed incident is validated again');
    // Then as a first read would have it.
    assert.deepEqual(api.model.records(), scanRepo(new NodeRepoSource(dir), defaultPolicy()).index.all());
    assert.equal(statusOf('INC-1'), 'resolved');
    assert.equal(api.model.readProblemOf('runbooks/db.md')?.code, 'file-unreadable', 'the binary runbook is reported, not kept as saved');
    // Refresh reads every file again (the saved index is for the first load only: it may be older than the views).
    const lastRead = () => api.model.lastRead;
    assert.equal(lastRead(), undefined, 'the later open read only what changed');
    await api.model.reload();
    assert.equal(lastRead()?.filesRead, 5);
    assert.deepEqual(api.model.records(), scanRepo(new NodeRepoSource(dir), defaultPolicy()).index.all());
  });

  it('the Incidents view\'s filter is kept with the workspace: a reopened window has it (fresh eyes)', async () => {
    for (const d of subscriptions.splice(0).reverse()) d.dispose();
    const state = new Map<string, unknown>([['hindsight.incidents.filter', { severities: ['SEV2'], statuses: 7, services: ['x', 1] }]]);
    const workspaceState = { get: (k: string) => state.get(k), update: async (k: string, v: unknown) => { if (v === undefined) state.delete(k); else state.set(k, v); } };
    const ext = require('../../src/extension/extension') as typeof import('../../src/extension/extension');
    const api = ext.activate({ subscriptions, extensionUri: Uri.file(REPO_ROOT), storageUri: undefined, workspaceState, globalState: { get: () => true, update: async () => undefined } } as never);
    assert.deepEqual(api.trees.incidents.filter, { severities: ['SEV2'], services: [], statuses: [], priorities: [], categories: [] }, 'read back, what is not a list of strings dropped');
    api.trees.setFilter({ severities: [], services: ['payments'], statuses: [] });
    assert.deepEqual(state.get('hindsight.incidents.filter'), { severities: [], services: ['payments'], statuses: [], priorities: [], categories: [] });
    api.trees.setFilter({ severities: [], services: [], statuses: [] }); // Clear Filter
    assert.equal(state.has('hindsight.incidents.filter'), false);
    await api.model.whenReady();
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultPolicy, scanRepo } from '../../src/core/index';
import { NodeRepoSource } from '../../src/node/repo';
import { IndexCache } from '../../src/extension/services/indexCache';
import { tempDir } from './helpers';

// The index saved between sessions (a later open starts from it): what it restores is what the read made, field
// for field and in the same object shape (the views read thousands of summaries; one shape keeps that fast).
describe('the saved index (a later open)', () => {
  const files: Record<string, string> = {
    'incidents/a.md': '---\nid: INC-1\ntitle: Checkout degraded for most customers\nseverity: SEV2\nstatus: resolved\nservices: [checkout, payments]\nroles:\n  commander: ana\nstarted: 2026-01-01T10:00:00Z\nresolved: 2026-01-01T12:00:00Z\nrunbooks: [runbooks/db.md]\ntimeline:\n  - at: 2026-01-01T10:00:00Z\n    text: paged\n---\n# A\n',
    'incidents/b.md': '---\nid: INC-2\ntitle: B\n---\n',
    'incidents/c.md': '---\nid: INC-3\ntitle: C\nseverity: SEV1\nstatus: investigating\nescalation: major\nimpact: extensive\nurgency: high\npriority: P1\ncategory: network/dns\nassigned_to: sre\nreview: reviews/a.md\nstarted: 2026-01-02T10:00:00Z\n---\n',
    'reviews/a.md': '---\ntitle: Review A\nincident: INC-1\nstatus: draft\nauthors: [ana]\ndate: 2026-01-05\naction_items:\n  - { id: AI-1, title: Add an alert on the queue depth, owner: sre, due: 2026-02-01 }\n  - id: AI-2\n    title: Runbook\n    status: done\n    link: https://example.com/x\n---\n',
    'runbooks/db.md': '# DB failover\n\nNo front matter: the heading is the title.\n',
    'runbooks/queue.md': '---\ntitle: Queue\nalerts: [QueueDeep]\nowner: sre\nlast_reviewed: 2026-01-01\nreview_every: 90d\n---\n',
    'runbooks/broken.md': '---\ntitle: [unclosed\n---\n',
  };
  let dir = '';
  const log = { info: () => {}, warn: (m: string) => { throw new Error(m); }, error: () => {}, show: () => {} };
  before(() => {
    dir = tempDir('hindsight-index-cache-');
    for (const [p, t] of Object.entries(files)) { fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true }); fs.writeFileSync(path.join(dir, p), t); }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('restores every summary as the read made it, in the same shape, and finds the files that changed since', async () => {
    const policy = defaultPolicy();
    const src = new NodeRepoSource(dir);
    const { index } = scanRepo(src, policy);
    assert.equal(index.size, 7);
    // Every field of a summary is set in some fixture, so that the check below covers each one.
    const unset = Object.keys(index.get('incidents/a.md')!).filter((k) => !index.all().some((r) => { const v = (r as unknown as Record<string, unknown>)[k]; return v !== undefined && v !== 0 && !(Array.isArray(v) && !v.length); }));
    assert.deepEqual(unset, []);
    const cache = new IndexCache(path.join(dir, '.storage', 'index.json'), dir, log);
    cache.save(index, 'policy text');
    const restored = cache.restore(src, policy, 'policy text');
    assert.ok(restored);
    assert.deepEqual(restored.stale, []);
    for (const r of index.all()) {
      const back = restored.index.get(r.path);
      assert.deepEqual(back, r, r.path);
      assert.deepEqual(Object.keys(back!), Object.keys(r), `${r.path}: the fields in the read's order`);
      back!.actionItems.forEach((a, i) => assert.deepEqual(Object.keys(a), Object.keys(r.actionItems[i]), `${r.path}: action item ${i}`));
    }
    assert.equal(restored.index.get('reviews/a.md')!.actionItems.length, 2);
    // Another policy: the saved index is not used.
    assert.equal(cache.restore(src, policy, 'another policy'), undefined);
    // Restored without opening a file: each restored file is listed with the size and mtime saved with it.
    assert.deepEqual(restored.unverified.map((f) => f.path), index.all().map((r) => r.path));
    // A file that changed (its size), one whose mtime alone changed, one gone: verify() finds them with a stat each.
    fs.appendFileSync(path.join(dir, 'incidents/b.md'), '\nmore\n');
    const t = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(path.join(dir, 'runbooks/queue.md'), t, t);
    fs.renameSync(path.join(dir, 'incidents/c.md'), path.join(dir, 'incidents/c2.md'));
    const again = cache.restore(src, policy, 'policy text')!;
    assert.equal(again.index.get('incidents/b.md')?.id, 'INC-2', 'shown as saved until checked');
    assert.equal(again.index.get('incidents/c.md'), undefined, 'a file gone before the walk is not restored');
    assert.deepEqual(again.stale.map((e) => e.path), ['incidents/c2.md'], 'a new file is read');
    fs.rmSync(path.join(dir, 'reviews/a.md')); // gone after the walk
    let pauses = 0;
    const checked = await cache.verify(again.unverified, { pause: async () => { pauses++; }, cancelled: () => false });
    assert.deepEqual(checked, { changed: [{ path: 'incidents/b.md', size: files['incidents/b.md'].length + 6 }, { path: 'runbooks/queue.md', size: files['runbooks/queue.md'].length }], gone: ['reviews/a.md'] });
    assert.equal(pauses, 0, 'a handful of stats in one slice');
  });
});

describe('keepLastParsed: a record edited into front matter that does not parse', () => {
  const { indexSummary, keepLastParsed, defaultPolicy: policy, WorkspaceIndex } = require('../../src/core/index') as typeof import('../../src/core/index');
  const good = '---\nid: INC-1\ntitle: T\nseverity: SEV2\nstatus: investigating\n---\n';
  const broken = good.replace('title: T', 'title: a: b');
  it('keeps the fields it had, marked; a read alone never does; the saved index leaves it out', () => {
    const p = policy();
    const before = indexSummary('incidents/a.md', good, p)!;
    const after = indexSummary('incidents/a.md', broken, p)!;
    assert.equal(after.ok, false);
    assert.equal(after.status, undefined, 'a read of the broken text alone knows no status');
    const kept = keepLastParsed(before, after)!;
    assert.deepEqual(kept, { ...before, ok: false, lastParsed: true });
    assert.equal(keepLastParsed(kept, after), kept, 'still broken: kept');
    assert.equal(keepLastParsed(after, after), after, 'broken when first read: nothing to keep');
    assert.equal(keepLastParsed(undefined, after), after);
    const runbook = indexSummary('incidents/a.md', broken.replace('id: INC-1', 'type: runbook'), p)!;
    assert.equal(keepLastParsed(before, runbook), runbook, 'another kind: not kept');
    // WorkspaceIndex.edit keeps it; update (a read) does not.
    const index = new WorkspaceIndex(p);
    index.update('incidents/a.md', good);
    assert.equal(index.edit('incidents/a.md', broken)?.status, 'investigating');
    index.update('incidents/a.md', broken);
    assert.equal(index.get('incidents/a.md')?.status, undefined);
    // Saved: left out, so the next open reads the file.
    index.update('incidents/a.md', good);
    index.edit('incidents/a.md', broken);
    index.update('incidents/b.md', good.replace('INC-1', 'INC-2'));
    const dir = tempDir('hindsight-last-parsed-');
    try {
      const file = path.join(dir, 'index.json');
      fs.mkdirSync(path.join(dir, 'incidents'));
      for (const f of ['incidents/a.md', 'incidents/b.md']) fs.writeFileSync(path.join(dir, f), good);
      new IndexCache(file, dir, { info: () => {}, warn: (m: string) => { throw new Error(m); }, error: () => {}, show: () => {} }).save(index, '');
      assert.deepEqual(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).files), ['incidents/b.md']);
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { api, codes, file, until } from './helpers';

describe('changes from outside the editor (git checkout, other tools)', () => {
  it('updates cross-file problems and the views when many files change on disk at once', async () => {
    const a = await api();
    const review = file('reviews/2026-06-05-payments-latency.md');
    const incident = file('incidents/2026-06-02-payments-latency.md');
    assert.deepEqual(codes(incident), []);
    const before = fs.readFileSync(review.fsPath, 'utf8');
    // As a checkout would: several files written at once, none of them open in an editor.
    fs.writeFileSync(review.fsPath, before.replace('incident: INC-2026-0002', 'incident: INC-2026-0001'));
    for (let i = 0; i < 5; i++) {
      fs.writeFileSync(file(`incidents/2026-11-2${i}-from-branch-${i}.md`).fsPath, `---\nid: INC-2026-08${i}0\ntitle: From a branch ${i}\nseverity: SEV4\nstatus: investigating\nstarted: 2026-11-2${i}T10:00:00Z\n---\n`);
    }
    await until('the incident to get review-backlink', () => codes(incident).includes('review-backlink'));
    await until('the new incidents in the index', () => a.model.records().filter((r) => r.id?.startsWith('INC-2026-08')).length === 5);
    const ids = a.trees.incidents.getChildren().flatMap((g) => a.trees.incidents.getChildren(g)).map((n) => String(a.trees.incidents.getTreeItem(n).label));
    assert.ok(ids.some((l) => l.startsWith('INC-2026-0840 From a branch 4')), ids.join(', '));
    // And back.
    fs.writeFileSync(review.fsPath, before);
    for (let i = 0; i < 5; i++) fs.unlinkSync(file(`incidents/2026-11-2${i}-from-branch-${i}.md`).fsPath);
    await until('the problem to go', () => !codes(incident).includes('review-backlink'));
    await until('the incidents to go', () => !a.model.records().some((r) => r.id?.startsWith('INC-2026-08')));
    void vscode;
  });

  it('a symlinked record and a binary file where records are get the CLI\'s error (file-unreadable), and no record', async () => {
    const a = await api();
    const link = file('incidents/zz-link.md');
    const bin = file('incidents/zz-binary.md');
    fs.symlinkSync(file('incidents/2026-03-14-checkout-outage.md').fsPath, link.fsPath);
    fs.writeFileSync(bin.fsPath, '---\nid: INC-X\n---\n\0\0binary');
    try {
      await until('the link reported', () => codes(link).includes('file-unreadable'));
      await until('the binary file reported', () => codes(bin).includes('file-unreadable'));
      assert.match(vscode.languages.getDiagnostics(link)[0].message, /symbolic link/);
      assert.equal(a.model.index.get('incidents/zz-link.md'), undefined, 'the link is not read as a record');
      assert.equal(a.model.records().filter((r) => r.id === 'INC-2026-0001').length, 1, 'no duplicate of the incident it points to');
      assert.ok(!codes(file('incidents/2026-03-14-checkout-outage.md')).includes('duplicate-id'));
    } finally {
      fs.unlinkSync(link.fsPath);
      fs.unlinkSync(bin.fsPath);
    }
    await until('the errors to go', () => codes(link).length === 0 && codes(bin).length === 0);
  });
});

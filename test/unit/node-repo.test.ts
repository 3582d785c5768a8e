import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeBytes, defaultPolicy, scanRepo } from '../../src/core/index';
import { NodeRepoSource } from '../../src/node/repo';
import { tempDir } from './helpers';

describe('NodeRepoSource.readText (the index read path) decodes exactly like decodeBytes', () => {
  let dir: string;
  before(() => { dir = tempDir('hindsight-read-'); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const enc = (s: string) => new TextEncoder().encode(s);
  const cases: [string, Uint8Array][] = [
    ['plain.md', enc('---\nid: A\n---\nbody é ✓\n')],
    ['bom.md', new Uint8Array([0xef, 0xbb, 0xbf, ...enc('---\nid: A\n---\n')])],
    ['binary.md', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2])],
    ['late-nul.md', new Uint8Array([...enc('a'.repeat(9000)), 0, ...enc('tail')])],
    // multi-byte characters before a NUL at byte 8,200: its character index is under 8,192, its byte offset is not
    ['nul-after-8k-bytes.md', new Uint8Array([...enc('é'.repeat(4100)), 0])],
    ['latin1.md', new Uint8Array([...enc('---\ntitle: caf'), 0xe9, ...enc('\n---\n')])],
    ['real-replacement-char.md', enc('---\ntitle: \ufffd is a real character here\n---\n')],
    ['empty.md', new Uint8Array()],
    // over the 64 KB read chunk: sized on the open file and read whole (a multi-byte character across the boundary)
    ['large.md', enc('---\ntitle: large\n---\n' + 'x'.repeat(65536 - 22 - 1) + 'é'.repeat(20000))],
    ['large-exactly-chunk.md', enc('y'.repeat(65536))],
    ['large-invalid.md', new Uint8Array([...enc('z'.repeat(70000)), 0xff, ...enc('end')])],
  ];
  it('for plain, BOM, binary, late NUL, invalid UTF-8, a real U+FFFD and empty files', () => {
    for (const [name, bytes] of cases) fs.writeFileSync(path.join(dir, name), bytes);
    const src = new NodeRepoSource(dir);
    for (const [name, bytes] of cases) {
      const r = src.readText(name, 1 << 20);
      assert.equal(r.size, bytes.length, name);
      assert.deepEqual(r.decoded, decodeBytes(bytes), name);
    }
  });
  it('files over the limit are not read, only sized', () => {
    fs.writeFileSync(path.join(dir, 'big.md'), 'x'.repeat(5000));
    assert.deepEqual(new NodeRepoSource(dir).readText('big.md', 4096), { size: 5000 });
  });

  it('a file name that is not UTF-8 is named as such, not "no such file"', () => {
    const repo = tempDir('hindsight-latin-name-');
    fs.mkdirSync(path.join(repo, 'incidents'));
    // 'caf\xe9.md' in Latin-1: the listing decodes it with U+FFFD, a name no file has.
    fs.writeFileSync(Buffer.concat([Buffer.from(path.join(repo, 'incidents') + '/caf'), Buffer.from([0xe9]), Buffer.from('.md')]), '---\nid: INC-1\n---\n');
    const r = scanRepo(new NodeRepoSource(repo), defaultPolicy());
    assert.deepEqual(r.readProblems.map((p) => [p.file, p.code, p.message]), [['incidents/caf\uFFFD.md', 'file-unreadable', 'File name is not valid UTF-8 (its bytes are shown as U+FFFD), so it cannot be opened by name: rename it']]);
  });
});

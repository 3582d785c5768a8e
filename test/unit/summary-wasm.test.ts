import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { BINARY, defaultPolicy, incidentsFirst, indexSummary, scanRepo, scanRepoAsync, type Policy, type RecordSummary, WasmSummaryScanner } from '../../src/core/index';
import { NodeRepoSource } from '../../src/node/repo';
import { loadSummaryScanner } from '../../src/node/wasm';
import { RUNS } from './yaml-fast.test';
import { record, mutated, PATHS } from './summary-scan.test';
import { REPO_ROOT, ACME, acmePolicy } from './helpers';
import { CORPUS, corpusPolicy } from './corpus.test';

// The WebAssembly twin of the index scanner (src/wasm/summaryScan.ts, built into dist/ by compile-tests and build).
const WASM = path.join(REPO_ROOT, 'dist', 'summary-scan.wasm');
const policy = defaultPolicy();

function wasmScanner(): WasmSummaryScanner {
  const r = loadSummaryScanner(WASM);
  if (!r.scanner) throw new Error(`the WebAssembly scanner did not load: ${r.error}`);
  return r.scanner;
}

/** The module's answer for a text, as the Node reader asks it (it never passes NUL bytes or invalid UTF-8). */
function viaWasm(s: WasmSummaryScanner, file: string, text: string, p: Policy = policy) {
  const bytes = Buffer.from(text, 'utf8');
  assert.ok(bytes.length <= s.input.length);
  s.input.set(bytes);
  const r = s.summary(file, bytes.length, p, () => true);
  assert.notEqual(r, BINARY, 'texts given here have no NUL');
  return r as RecordSummary | null | undefined;
}

describe('the WebAssembly index scanner answers what indexSummary does', () => {
  const scanner = wasmScanner();

  it('on generated records (and it answers most of them)', () => {
    let answered = 0;
    fc.assert(fc.property(record, fc.constantFrom(...PATHS), (text, file) => {
      const w = viaWasm(scanner, file, text);
      if (w === undefined) return true;
      answered++;
      const ref = indexSummary(file, text, policy);
      assert.deepEqual(w, ref, text);
      assert.equal(JSON.stringify(w), JSON.stringify(ref), 'same JSON (the model compares JSON)');
      return true;
    }), { numRuns: RUNS });
    assert.ok(answered > RUNS / 5, `the module answered only ${answered} of ${RUNS} records`);
  });

  it('on mutated records: wherever it answers, the same answer', () => {
    let answered = 0;
    fc.assert(fc.property(mutated, fc.constantFrom(...PATHS), (text, file) => {
      if (text.slice(0, 8192).includes('\0')) return true; // binary: the reader never hands it over
      const w = viaWasm(scanner, file, text);
      if (w === undefined) return true;
      answered++;
      assert.deepEqual(w, indexSummary(file, text, policy), text);
      return true;
    }), { numRuns: RUNS });
    assert.ok(answered > RUNS / 20, `the module answered only ${answered} of ${RUNS} mutated records`);
  });

  it('reads values as YAML does, and gives up where the TypeScript path must look', () => {
    const same = [
      "title: 'It''s down' # why\nseverity: SEV1",
      'title: "Café — 5xx on checkout 🔥"\nservices:\n  - api\n  - ~\n  - 12',
      'title: x\nid: 0x1F\nseverity: true\nstatus: null\nescalation: 1e3\ncommander: .inf',
      'title: x\nroles:\n  scribe: ann\n  commander: "bob"\nrunbooks: []\ntimeline: [a, b, ~]',
      'title: x\ntimeline:\n- at: 1\n  text: a\n- at: 2\n\n  # note\nstatus: open',
      'title: x\nnotes:\n  - "a\n    b"\nstatus: open',
      'severity: SEV1\n---\n\n# The title is the body\'s first heading',
      'title: ~\n---\nText\n#   Spaced   heading  \n',
      `severity: SEV1\n---\n${'é'.repeat(4090)}\n# Past the first 4,096 units`,
      `severity: SEV1\n---\n${'🔥'.repeat(2040)}\n# Heading at unit 4,081`,
    ];
    for (const fm of same) {
      const text = `---\ntype: incident\n${fm}\n---\n`;
      const w = viaWasm(scanner, 'incidents/x.md', text);
      assert.ok(w, fm);
      assert.deepEqual(w, indexSummary('incidents/x.md', text, policy), fm);
    }
    assert.equal(viaWasm(scanner, 'incidents/x.md', "---\ntitle: 'It''s'\n---\n")!.title, "It's");
    assert.deepEqual(viaWasm(scanner, 'incidents/x.md', '---\ntitle: t\nservices: [a, ~, 0x10]\n---\n')!.services, ['a', '16']);
    const giveUps = [
      '\ufeff---\ntitle: x\n---\n', // a byte-order mark
      '---\r\ntitle: x\r\n---\r\n', // CRLF
      '---\ntitle: x\nseverity:\tSEV1\n---\n', // a tab
      '---\ntitle: x\nservices: [café]\n---\n', // non-ASCII in a flow sequence (trim() judges Unicode spaces)
      '---\ntitle: x\nid: a\nid: b\n---\n', // duplicate keys
      '---\ntitle: x\nother: 1\nother: 2\n---\n',
      '---\ntitle: x\n', // unterminated
      `---\ntitle: x\naction_items:\n${Array.from({ length: 600 }, (_, i) => `  - id: A${i}\n`).join('')}---\n`, // over the table
      `---\ntitle: x\nservices: [${Array.from({ length: 2100 }, (_, i) => `s${i}`).join(', ')}]\n---\n`,
    ];
    for (const text of giveUps) assert.equal(viaWasm(scanner, 'incidents/x.md', text), undefined, JSON.stringify(text.slice(0, 60)));
  });

  it('keeps answering right once its intern table is full (entries, then bytes)', () => {
    for (const width of [4, 40]) {
      const s = wasmScanner(); // a fresh table
      for (let i = 0; i < 6000; i++) {
        const v = `s${i}`.padEnd(width, 'x');
        const text = `---\ntitle: T\nstatus: ${v}\nseverity: SEV${i % 4}\nservices: [api, w${i}]\n---\n`;
        const w = viaWasm(s, 'incidents/x.md', text);
        assert.deepEqual(w, indexSummary('incidents/x.md', text, policy), `record ${i}, width ${width}`);
      }
    }
  });

  it('on examples/acme and on every file of the corpus', function () {
    const roots: [string, Policy][] = [[ACME, acmePolicy()]];
    if (fs.existsSync(path.join(CORPUS, 'SOURCES.md'))) roots.push([CORPUS, corpusPolicy()]);
    else if (process.env.HINDSIGHT_REQUIRE_CORPUS) throw new Error(`corpus required but missing at ${CORPUS}`);
    else console.log(`      (corpus not found at ${CORPUS}: only examples/acme is compared)`);
    let files = 0, answered = 0, acmeRecords = 0, acmeAnswered = 0;
    for (const [root, p] of roots) {
      for (const e of new NodeRepoSource(root).list()) {
        const bytes = fs.readFileSync(path.join(root, e.path));
        if (bytes.length > scanner.input.length || bytes.subarray(0, 8192).includes(0)) continue;
        const text = bytes.toString('utf8');
        files++;
        const ref = indexSummary(e.path, text, p);
        const w = viaWasm(scanner, e.path, text, p);
        if (root === ACME && ref && !/deliberate/.test(e.path)) { acmeRecords++; if (w !== undefined) acmeAnswered++; }
        if (w === undefined) continue;
        answered++;
        assert.deepEqual(w, ref, e.path);
      }
    }
    assert.ok(files > 20 && answered > 10, `compared ${answered} of ${files}`);
    // The acme records are written the way records are meant to be: the module reads every one.
    assert.equal(acmeAnswered, acmeRecords, 'acme records the module gave up on');
    console.log(`      the WebAssembly scanner answered for ${answered} of ${files} files (the rest took the TypeScript path)`);
  });
});

describe('the Node reader with the WebAssembly scanner', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-wasm-'));
    const put = (rel: string, content: string | Buffer) => { fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true }); fs.writeFileSync(path.join(dir, rel), content); };
    for (let i = 0; i < 30; i++) {
      put(`incidents/inc-${i}.md`, `---\nid: INC-${i}\ntitle: "Incident ${i}"\nseverity: SEV${1 + (i % 4)}\nstatus: ${i % 3 ? 'resolved' : 'investigating'}\nservices: [api]\nstarted: 2026-03-0${1 + (i % 9)}T10:00:00Z\ntimeline:\n  - at: 2026-03-01T10:00:00Z\n    text: x\n---\n\n# Incident ${i}\n`);
    }
    put('reviews/r.md', '---\ntitle: Review\nincident: INC-1\naction_items:\n  - id: AI-1\n    owner: ann\n    due: 2026-04-01\n---\n');
    put('runbooks/no-front-matter.md', '# Restart the API\n\n1. Do it\n');
    put('runbooks/bom.md', '\ufeff---\ntitle: With BOM\n---\n');
    put('runbooks/crlf.md', '---\r\ntitle: CRLF\r\nservices: [api]\r\n---\r\n');
    put('incidents/untitled.md', '---\nid: INC-99\nseverity: SEV2\n---\n\n# Heading title\n');
    put('incidents/binary.md', Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02]));
    put('incidents/latin1.md', Buffer.concat([Buffer.from('---\ntitle: caf'), Buffer.from([0xe9]), Buffer.from('\nid: INC-L\n---\n')]));
    put('incidents/big.md', `---\ntitle: Big\nid: INC-BIG\n---\n${'x'.repeat(300_000)}\n`); // fills the module's input: read again whole
    put('notes/readme.md', '# Not a record\n');
    put('incidents/broken.md', '---\ntitle: [unclosed\n---\n');
    put('incidents/late-nul.md', `---\ntitle: Late NUL\n---\n${'x'.repeat(9000)}\0\n`); // past the first 8 KB: not binary
    put('incidents/accents.md', '---\ntitle: "Café — Ünïcode"\nid: INC-U\n---\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const summaries = (scan: ReturnType<typeof scanRepo>) => JSON.stringify(scan.index.all());

  it('builds the same index, with the same problems, as the TypeScript path', () => {
    for (const [root, p] of [[dir, defaultPolicy()], [ACME, acmePolicy()]] as const) {
      const plain = scanRepo(new NodeRepoSource(root), p);
      const fast = scanRepo(new NodeRepoSource(root, undefined, { summaries: wasmScanner() }), p);
      assert.equal(summaries(fast), summaries(plain), root);
      assert.deepEqual(fast.readProblems, plain.readProblems, root);
      assert.equal(fast.filesRead, plain.filesRead, root);
      assert.equal(fast.index.fileCount, plain.index.fileCount, root);
    }
    const fast = scanRepo(new NodeRepoSource(dir, undefined, { summaries: wasmScanner() }), defaultPolicy());
    assert.equal(fast.index.get('incidents/untitled.md')?.title, 'Heading title');
    assert.equal(fast.index.get('incidents/big.md')?.id, 'INC-BIG');
    assert.equal(fast.index.get('incidents/latin1.md')?.title, 'caf\ufffd');
    assert.ok(fast.readProblems.some((x) => x.file === 'incidents/latin1.md' && x.code === 'invalid-encoding'));
    assert.ok(fast.readProblems.some((x) => x.file === 'incidents/binary.md' && /binary/.test(x.message)));
    assert.equal(fast.index.get('incidents/broken.md')?.ok, false);
  });

  it('tells binary, ASCII and other bytes apart as the reader does (a NUL in the first 8 KB is binary)', () => {
    const s = wasmScanner();
    // 'binary' when summary() says so; 'other' when it asked the caller's UTF-8 check; 'ascii' when it did not.
    const kind = (b: Buffer) => {
      s.input.set(b);
      let asked = false;
      const r = s.summary('incidents/x.md', b.length, defaultPolicy(), () => { asked = true; return true; });
      return r === BINARY ? 'binary' : asked ? 'other' : 'ascii';
    };
    assert.equal(kind(Buffer.from('---\ntitle: plain\n---\n')), 'ascii');
    assert.equal(kind(Buffer.from('---\ntitle: café\n---\n')), 'other');
    assert.equal(kind(Buffer.from([0xe9, 0x41])), 'other', 'invalid UTF-8 is "other": the reader checks it');
    assert.equal(kind(Buffer.concat([Buffer.alloc(8191, 0x41), Buffer.from([0])])), 'binary', 'a NUL at byte 8,191');
    assert.equal(kind(Buffer.concat([Buffer.alloc(8192, 0x41), Buffer.from([0])])), 'ascii', 'a NUL at byte 8,192 is past the head');
    assert.equal(kind(Buffer.from([0x41, 0x00, 0x42])), 'binary', 'in the scalar tail (short input)');
    assert.equal(kind(Buffer.alloc(0)), 'ascii');
    // Other bytes are answered only when the caller's check passes.
    const text = Buffer.from('---\ntitle: "Café"\n---\n');
    s.input.set(text);
    assert.equal(s.summary('incidents/x.md', text.length, defaultPolicy(), () => false), undefined, 'not valid UTF-8 by the check: no answer');
    assert.equal((s.summary('incidents/x.md', text.length, defaultPolicy(), () => true) as RecordSummary).title, 'Café');
    const bin = Buffer.from('---\ntitle: x\n---\n\0');
    s.input.set(bin);
    assert.equal(s.summary('incidents/x.md', bin.length, defaultPolicy(), () => true), BINARY);
  });

  it('a module that traps costs no file: the TypeScript path reads it', () => {
    const trapping = { input: new Uint8Array(1 << 18), summary: () => { throw new Error('RuntimeError: memory access out of bounds'); } } as unknown as WasmSummaryScanner;
    const plain = scanRepo(new NodeRepoSource(dir), defaultPolicy());
    const r = scanRepo(new NodeRepoSource(dir, undefined, { summaries: trapping }), defaultPolicy());
    assert.equal(summaries(r), summaries(plain));
    assert.deepEqual(r.readProblems, plain.readProblems);
    assert.equal(r.fromBytes, 0);
  });

  it('without the module file, says why and the caller reads with the TypeScript scanner', () => {
    const r = loadSummaryScanner(path.join(os.tmpdir(), 'no-such-dir', 'summary-scan.wasm'));
    assert.equal(r.scanner, undefined);
    assert.match(r.error ?? '', /no-such-dir/);
    // A module whose tables are laid out otherwise (a stale build) is refused, not misread.
    const exports = { memory: { buffer: new ArrayBuffer(65536) }, layout: () => 2, inputPtr: () => 0, inputCapacity: () => 1024, outPtr: () => 0, scan: () => 1 };
    assert.throws(() => new WasmSummaryScanner(exports), /layout 2.*layout 3/);
    const bad = path.join(dir, 'bad.wasm');
    fs.writeFileSync(bad, 'not wasm');
    assert.match(loadSummaryScanner(bad).error ?? '', /bad\.wasm/);
  });
});

describe('scanRepoAsync', () => {
  // An in-memory repo: 200 incidents.
  const files = new Map(Array.from({ length: 200 }, (_, i) => [`incidents/i-${String(i).padStart(3, '0')}.md`, `---\nid: INC-${i}\ntitle: T${i}\nstatus: open\n---\n`]));
  const src = { list: () => [...files.keys()].map((p) => ({ path: p })), read: (p: string) => Buffer.from(files.get(p)!) };

  it('yields when its time slice is used up, and builds what scanRepo builds', async () => {
    let clock = 0;
    let pauses = 0;
    const r = await scanRepoAsync(src, policy, { pause: async () => { pauses++; }, sliceMs: 10, now: () => (clock += 1) });
    // The clock is read every 16 files and moves 1 ms per reading: a pause about every 10 readings (160 files).
    assert.equal(pauses, 1);
    assert.equal(JSON.stringify(r!.index.all()), JSON.stringify(scanRepo(src, policy).index.all()));
    let fast = 0;
    await scanRepoAsync(src, policy, { pause: async () => { fast++; }, now: () => 0 });
    assert.equal(fast, 0, 'no pause while the slice lasts');
  });

  it('stops when cancelled at a pause', async () => {
    let clock = 0;
    const r = await scanRepoAsync(src, policy, { pause: async () => undefined, cancelled: () => true, sliceMs: 1, now: () => (clock += 5) });
    assert.equal(r, undefined);
  });

  // A mixed repo, listed in path order as the Node source lists it: the incident folders are not first.
  const mixed = new Map<string, string>([
    ['docs/incidents/readme.md', '# not a record\n'],
    ['docs/misfiled.md', '---\ntype: incident\nid: INC-9\ntitle: Declared elsewhere\n---\n'],
    ['incidents/a.md', '---\nid: INC-1\ntitle: A\nstatus: open\n---\n'],
    ['incidents/b.md', '---\nid: INC-2\ntitle: B\nstatus: resolved\n---\n'],
    ['incidents/playbooks/r.md', '---\ntitle: Nested runbook\n---\n'],
    ['notes.txt', 'x'],
    ['reviews/a.md', '---\ntitle: Review A\nincident: INC-1\n---\n'],
    ['runbooks/db.md', '---\ntitle: DB\n---\n'],
  ]);
  const mixedSrc = { list: () => [...mixed.keys()].map((p) => ({ path: p })), read: (p: string) => Buffer.from(mixed.get(p)!) };
  // incidents/playbooks is a runbook folder: the deepest folder wins, so its files are not read first.
  const nested: Policy = { ...policy, paths: { ...policy.paths, runbooks: [...policy.paths.runbooks, 'incidents/playbooks'] } };

  it('incidentsFirst: the entries under incident folders first, each part in its order', () => {
    const o = incidentsFirst(mixedSrc.list(), nested);
    assert.deepEqual(o.entries.map((e) => e.path), ['incidents/a.md', 'incidents/b.md', 'docs/incidents/readme.md', 'docs/misfiled.md', 'incidents/playbooks/r.md', 'notes.txt', 'reviews/a.md', 'runbooks/db.md']);
    assert.equal(o.incidents, 2);
    assert.deepEqual(incidentsFirst([], nested), { entries: [], incidents: 0 });
  });

  it('calls the checkpoint once, after the first entries, then pauses, and builds what scanRepo builds', async () => {
    const o = incidentsFirst(mixedSrc.list(), nested);
    const log: string[] = [];
    let atCheckpoint: string[] = [];
    const r = await scanRepoAsync(mixedSrc, nested, {
      pause: async () => { log.push('pause'); }, now: () => 0, entries: o.entries,
      checkpoint: { at: o.incidents, reached: (st) => { log.push('checkpoint'); atCheckpoint = st.index.all().map((x) => `${x.kind}:${x.path}`); } },
    });
    assert.deepEqual(log, ['checkpoint', 'pause']);
    assert.deepEqual(atCheckpoint, ['incident:incidents/a.md', 'incident:incidents/b.md']);
    // Read in another order, the index is the same (all() in path order, the files known).
    const plain = scanRepo(mixedSrc, nested).index;
    assert.equal(JSON.stringify(r!.index.all()), JSON.stringify(plain.all()));
    assert.equal(r!.index.fileCount, plain.fileCount);
    assert.ok(r!.index.all().some((x) => x.path === 'docs/misfiled.md' && x.kind === 'incident'), 'an incident declared elsewhere is there at the end');
  });

  it('a checkpoint at the end is reached after the last entry; one out of range never', async () => {
    const entries = mixedSrc.list();
    let seen = -1;
    await scanRepoAsync(mixedSrc, nested, { pause: async () => undefined, now: () => 0, entries, checkpoint: { at: entries.length, reached: (st) => { seen = st.filesRead; } } });
    assert.equal(seen, 7, 'every candidate file read (notes.txt is not one)');
    for (const at of [0, entries.length + 1]) {
      let called = false;
      await scanRepoAsync(mixedSrc, nested, { pause: async () => undefined, now: () => 0, entries, checkpoint: { at, reached: () => { called = true; } } });
      assert.equal(called, false, `checkpoint at ${at}`);
    }
  });

  it('stops when cancelled at the checkpoint\'s pause', async () => {
    let cancelled = false;
    const r = await scanRepoAsync(mixedSrc, nested, { pause: async () => undefined, now: () => 0, cancelled: () => cancelled, checkpoint: { at: 2, reached: () => { cancelled = true; } } });
    assert.equal(r, undefined);
  });
});

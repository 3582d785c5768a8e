import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { appendTimelineEvent, applyEdits, decodeBytes, defaultPolicy, EditError, parseRecord, scanRepo, validateRecord, WorkspaceIndex, get, toJS, type RepoSource } from '../../src/core/index';
import { check, codes, fm, NOW } from './helpers';
import { documentArb, RUNS } from './yaml-fast.test';

const INC = 'incidents/x.md';
const policy = defaultPolicy();

function assertNoPollution(): void {
  const probe: Record<string, unknown> = {};
  assert.equal(probe.polluted, undefined);
  assert.equal(probe.evil, undefined);
  assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
}

function memRepo(files: Record<string, string | Uint8Array>): RepoSource {
  const bytes = (v: string | Uint8Array) => (typeof v === 'string' ? new TextEncoder().encode(v) : v);
  return {
    list: () => Object.entries(files).map(([path, v]) => ({ path, size: bytes(v).length })),
    read: (path, max) => { const b = bytes(files[path]); return max === undefined ? b : b.subarray(0, max); },
  };
}

describe('hostile inputs', () => {
  it('a 9-level alias bomb is refused, not expanded', () => {
    const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
    const ps = check(INC, fm(lines.join('\n')));
    assert.ok(ps.some((p) => p.code === 'yaml-alias-limit'), JSON.stringify(codes(ps)));
  });

  it('deep nesting (5,000 levels, block, sequence or flow) is reported with the real limit, never thrown', () => {
    let block = 'a:';
    for (let i = 1; i <= 5000; i++) block += `\n${'  '.repeat(i)}b:`;
    const seq = 'a:\n' + Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i * 2)}-`).join('\n');
    const flow = `a: ${'['.repeat(5000)}${']'.repeat(5000)}`;
    for (const [name, text] of [['block', block], ['sequence', seq], ['flow', flow]]) {
      let ps: ReturnType<typeof check> = [];
      assert.doesNotThrow(() => { ps = check(INC, fm(text)); }, name);
      assert.deepEqual(codes(ps).filter((c) => c.startsWith('yaml')), ['yaml-nesting-limit'], name);
      assert.match(ps.find((p) => p.code === 'yaml-nesting-limit')!.message, /deeper than 100 levels/);
    }
  });

  it('a valid 201-deep flow list is over the nesting limit, not an alias bomb; 50 levels are read', () => {
    assert.deepEqual(codes(check(INC, fm(`notes: ${'['.repeat(201)}${']'.repeat(201)}`))).filter((c) => c.startsWith('yaml')), ['yaml-nesting-limit']);
    const rec = parseRecord(INC, fm(`notes: ${'['.repeat(50)}1${']'.repeat(50)}`), policy);
    assert.deepEqual(rec.problems, []);
  });

  it('50,000 keys with a duplicate: reported as over the size limit, never handed to yaml\'s quadratic key check (9 s)', () => {
    let text = '';
    for (let i = 0; i < 50_000; i++) text += `k${i}: v\n`;
    const ps = check(INC, fm(text + 'k7: dup'));
    assert.deepEqual(codes(ps).filter((c) => c.startsWith('yaml')), ['yaml-size-limit']);
  });

  it('__proto__ is a plain key and pollutes nothing', () => {
    const rec = parseRecord(INC, fm('__proto__: {polluted: true}\nid: X'), policy);
    const js = toJS(rec.root) as Record<string, unknown>;
    assert.deepEqual(Object.keys(js).sort(), ['__proto__', 'id']);
    assertNoPollution();
  });

  it('a << merge with __proto__ stays a plain key under YAML 1.2 and pollutes nothing', () => {
    const t = fm('base: &b {__proto__: {evil: 1}}\nother:\n  <<: *b\nid: X');
    const rec = parseRecord(INC, t, policy);
    validateRecord(rec, policy, { now: NOW });
    const other = toJS(get(rec.root, 'other')) as Record<string, unknown>;
    assert.ok('<<' in other);
    assertNoPollution();
  });

  it('a repeated severity: key is a duplicate-key error', () => {
    assert.ok(codes(check(INC, fm('id: X\nseverity: SEV1\nseverity: SEV4'))).includes('duplicate-key'));
  });

  it('---javascript front matter is reported and never evaluated', () => {
    const ps = check(INC, '---javascript\n(() => { globalThis.pwned = true; return {} })()\n---\n');
    assert.deepEqual(codes(ps), ['frontmatter-unsupported']);
    assert.equal((globalThis as Record<string, unknown>).pwned, undefined);
  });

  it('an unterminated --- in a multi-MB file is reported', () => {
    const t = '---\nid: X\n' + 'line of text\n'.repeat(300_000);
    assert.deepEqual(codes(check(INC, t)), ['frontmatter-unterminated']);
  });

  it('a 20 MB file is capped and reported, never read whole', () => {
    const big = new Uint8Array(20 * 1024 * 1024).fill(0x61);
    let fullReads = 0;
    const src = memRepo({ 'incidents/big.md': big, 'incidents/ok.md': fm('id: A') });
    const counting: RepoSource = { list: src.list, read: (p, max) => { if (max === undefined && p.endsWith('big.md')) fullReads++; return src.read(p, max); } };
    const r = scanRepo(counting, policy, { keepTexts: true });
    assert.equal(fullReads, 0);
    assert.deepEqual(r.readProblems.map((p) => [p.file, p.code]), [['incidents/big.md', 'file-unreadable']]);
    assert.match(r.readProblems[0].message, /20\.0 MB/);
  });

  it('binary files in record folders are skipped with a message; elsewhere silently', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]);
    const r = scanRepo(memRepo({ 'incidents/logo': png, 'docs/img.md': png }), policy);
    assert.deepEqual(r.readProblems.map((p) => [p.file, p.code]), [['incidents/logo', 'file-unreadable']]);
    assert.equal(r.index.size, 0);
  });

  it('a BOM and CRLF line ends parse like any other file', () => {
    const t = '\ufeff' + fm('id: INC-1\ntitle: T\nseverity: SEV4\nstatus: investigating\nstarted: 2026-03-01T10:00:00Z').replace(/\n/g, '\r\n');
    assert.deepEqual(check(INC, t), []);
  });

  it('non-UTF-8 bytes are flagged, decoded with U+FFFD, and editing refuses nothing silently', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('---\nid: INC-1\ntitle: caf'), 0xe9, ...new TextEncoder().encode('\n---\n')]);
    const d = decodeBytes(bytes);
    assert.ok(d.ok && d.invalidUtf8 && d.text.includes('\ufffd'));
    const r = scanRepo(memRepo({ 'incidents/latin1.md': bytes }), policy);
    assert.deepEqual(r.readProblems.map((p) => p.code), ['invalid-encoding']);
  });

  it('hostile values stay values: shell metacharacters, HTML, links', () => {
    for (const v of ['$(curl x)', '`id`', 'a"; rm -rf ~; "', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))']) {
      const t = fm(`id: INC-1\ntitle: ${JSON.stringify(v)}\nseverity: SEV4\nstatus: investigating\nstarted: 2026-03-01T10:00:00Z`);
      assert.deepEqual(check(INC, t), []);
      const after = applyEdits(t, appendTimelineEvent(t, { at: '2026-03-01T10:01:00Z', kind: 'note', text: v }));
      const tl = toJS(get(parseRecord(INC, after, policy).root, 'timeline')) as Record<string, unknown>[];
      assert.equal(tl[0].text, v);
    }
  });

  it(`property: random and mutated front matter never throws, never pollutes, and edits keep the rest identical (${RUNS} cases)`, () => {
    const arbitraryText = fc.string({ maxLength: 200, unit: fc.constantFrom('a', 'b', ':', ' ', '\n', '-', '#', '"', "'", '[', ']', '{', '}', '&', '*', '!', '|', '>', '\t', '\r', '_', '_proto__', '__proto__', '<<', 'timeline', 'severity', 'id', '\ufeff', '\u0000') });
    const mutated = fc.tuple(documentArb, fc.array(fc.tuple(fc.nat(), arbitraryText, fc.nat(4)), { maxLength: 3 })).map(([t, muts]) => {
      for (const [pos, ins, del] of muts) { const p = pos % (t.length + 1); t = t.slice(0, p) + ins + t.slice(p + del); }
      return t;
    });
    const index = new WorkspaceIndex(policy);
    fc.assert(fc.property(fc.oneof(mutated, arbitraryText), fc.boolean(), (yamlText, delimited) => {
      const text = delimited ? `---\n${yamlText}\n---\n# body\n` : yamlText;
      const rec = parseRecord(INC, text, policy);
      validateRecord(rec, policy, { index, now: NOW });
      index.update(INC, text);
      try {
        const edits = appendTimelineEvent(text, { at: '2026-03-01T10:00:00Z', kind: 'note', text: 'x' });
        const after = applyEdits(text, edits);
        const sorted = [...edits].sort((a, b) => a.start - b.start);
        assert.equal(after.slice(0, sorted[0].start), text.slice(0, sorted[0].start));
        const last = sorted[sorted.length - 1];
        assert.equal(after.slice(after.length - (text.length - last.end)), text.slice(last.end));
        const again = parseRecord(INC, after, policy);
        assert.equal(again.yaml?.errors.length ?? 0, 0, `edit broke the YAML:\n${after}`);
      } catch (e) {
        if (!(e instanceof EditError)) throw e;
      }
      assertNoPollution();
      return true;
    }), { numRuns: RUNS });
  });
});

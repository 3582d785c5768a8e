import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { classify, defaultPolicy, folderKind, indexSummary, isCandidatePath, parseRecord, SHALLOW_SKIP, summarize, WorkspaceIndex } from '../../src/core/index';
import { RUNS } from './yaml-fast.test';

const policy = defaultPolicy();
const full = (path: string, text: string) => summarize(parseRecord(path, text, policy));
const shallow = (path: string, text: string) => summarize(parseRecord(path, text, policy, { skip: SHALLOW_SKIP }));

// Record-shaped front matter: the keys the index reads, written every way the subset allows, plus other keys.
const word = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/);
const plain = fc.oneof(word, fc.constantFrom('SEV1', 'INC-2026-0001', '2026-03-01T10:00:00Z', '2026-03-01', 'true', 'null', '~', '12', '0x1F', '1.5', '.inf', 'a b', 'x:y', 'a#b', 'it\'s', 'runbooks/db.md', 'https://x.y/z?a=1#f'),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 .,:/#()'-]{0,16}$/));
const txt = fc.string({ maxLength: 10, unit: fc.constantFrom('a', ' ', '"', "'", '\\', ':', '#', '-', 'é', 'x', '{', ']', ',') });
const scalar = fc.oneof(plain, plain, txt.map((s) => JSON.stringify(s)), txt.map((s) => `'${s.replace(/'/g, "''")}'`));
const comment = fc.constantFrom('', '', ' # c', '  #x');
const flow = fc.array(fc.oneof(word, plain), { maxLength: 3 }).map((a) => `[${a.join(', ')}]`);
const indentArb = fc.constantFrom('', '  ', '    ');
const seqLines = (item: fc.Arbitrary<string>) => fc.tuple(indentArb, fc.array(fc.tuple(item, comment), { minLength: 1, maxLength: 3 }))
  .map(([pad, items]) => items.map(([v, c]) => `${pad}- ${v}${c}`));
const mapLines = fc.tuple(fc.constantFrom('  ', '    '), fc.uniqueArray(fc.oneof(fc.constantFrom('commander', 'communications'), word), { minLength: 1, maxLength: 3 }), fc.array(scalar, { minLength: 3, maxLength: 3 }))
  .map(([pad, keys, vals]) => keys.map((k, i) => `${pad}${k}: ${vals[i]}`));
const itemLines = fc.tuple(fc.constantFrom('', '  '), fc.array(fc.uniqueArray(fc.oneof(fc.constantFrom('id', 'title', 'owner', 'due', 'status', 'type', 'link'), word), { minLength: 1, maxLength: 4 }).chain((keys) =>
  fc.array(scalar, { minLength: keys.length, maxLength: keys.length }).map((vals) => keys.map((k, i) => `${k}: ${vals[i]}`))), { minLength: 1, maxLength: 3 }))
  .map(([pad, items]) => items.flatMap((kv) => kv.map((l, i) => (i === 0 ? `${pad}- ${l}` : `${pad}  ${l}`))));
const timelineLines = fc.tuple(indentArb, fc.array(fc.tuple(plain, scalar), { maxLength: 4 }))
  .map(([pad, evs]) => evs.flatMap(([at, t]) => [`${pad}- at: ${at}`, `${pad}  text: ${t}`]));

const value = fc.oneof(
  fc.tuple(scalar, comment).map(([v, c]) => [` ${v}${c}`]),
  fc.tuple(flow, comment).map(([v, c]) => [` ${v}${c}`]),
  fc.constant(['']),
  seqLines(scalar).map((l) => ['', ...l]),
  mapLines.map((l) => ['', ...l]),
  itemLines.map((l) => ['', ...l]),
  timelineLines.map((l) => ['', ...l]),
);
const KEYS = ['type', 'title', 'id', 'severity', 'status', 'commander', 'escalation', 'review', 'incident', 'date', 'owner', 'last_reviewed', 'review_every', 'started', 'detected', 'acknowledged', 'mitigated', 'resolved', 'services', 'runbooks', 'authors', 'alerts', 'roles', 'action_items', 'timeline'];
const frontMatter = fc.tuple(fc.uniqueArray(fc.oneof(fc.constantFrom(...KEYS), word), { minLength: 1, maxLength: 10 }), fc.constantFrom('incident', 'review', 'runbook'))
  .chain(([keys, type]) => fc.tuple(...keys.map((k) => value.map((v) => [`${k}:${v[0]}`, ...v.slice(1)]))).map((parts) => [`type: ${type}`, ...parts.filter((p) => !p[0].startsWith('type:')).flat()]))
  .chain((lines) => fc.array(fc.constantFrom('', '# note', '  # indented note'), { maxLength: 2 }).map((extra) => [...lines.slice(0, 1), ...extra, ...lines.slice(1)]));
export const record = fc.tuple(frontMatter, fc.constantFrom('', '# A heading\n\nBody.\n', 'Body only\n')).map(([lines, body]) => `---\n${lines.join('\n')}\n---\n${body}`);
export const PATHS = ['incidents/a.md', 'reviews/b.md', 'runbooks/c.md', 'notes/d.md'];

/** Records with a few characters inserted and deleted anywhere after the opening `---`. */
export const mutated = fc.tuple(record, fc.array(fc.tuple(fc.nat(), fc.constantFrom('', ' ', '  ', ':', '- ', '"', "'", '#', '\n', '\n  ', '\n- ', '[', ']', '&a ', '*a', '!!str ', '|', '? ', '\t', '\r', '---\n', '\\', 'é', '\ufeff', '\u00a0', '\u0000'), fc.nat(3)), { minLength: 1, maxLength: 3 }))
  .map(([text, muts]) => {
    let t = text;
    for (const [pos, ins, del] of muts) { const p = 4 + (pos % Math.max(1, t.length - 3)); t = t.slice(0, p) + ins + t.slice(p + del); }
    return t;
  });

describe('the shallow parse of the index (every key the summary does not read skipped) agrees with the full parse', () => {
  it('on generated records: where the YAML is valid, the same summary as the full parse', () => {
    let fast = 0;
    fc.assert(fc.property(record, fc.constantFrom(...PATHS), (text, path) => {
      const rec = parseRecord(path, text, policy);
      // Broken YAML (an error inside a block the shallow parse skips): both answers are best effort, and validation
      // reports the error on the file; only valid YAML has one right answer.
      if (rec.yaml?.errors.length) return true;
      const s = shallow(path, text);
      if (parseRecord(path, text, policy, { skip: SHALLOW_SKIP }).yaml?.parser === 'fast') fast++;
      assert.deepEqual(s, full(path, text), text);
      assert.equal(JSON.stringify(indexSummary(path, text, policy)), JSON.stringify(s), 'the index keeps the same summary (detached)');
      return true;
    }), { numRuns: RUNS });
    assert.ok(fast > RUNS / 5, `the fast parser answered only ${fast} of ${RUNS} records`);
  });

  it('on mutated records: where the YAML is valid, it never answers differently from the full parse', () => {
    fc.assert(fc.property(mutated, fc.constantFrom(...PATHS), (text, path) => {
      if (parseRecord(path, text, policy).yaml?.errors.length) return true;
      assert.deepEqual(shallow(path, text), full(path, text), text);
      return true;
    }), { numRuns: RUNS });
  });

  it('on skipped blocks holding multi-line scalars and flow collections: where the YAML is valid, the same answer as the full parse', () => {
    // The shallow parse delimits a skipped block (timeline:, unknown keys) by indentation alone and counts the timeline's
    // `- ` lines, without looking at the quotes and brackets inside. That is right only because YAML does not let a
    // continuation line of a quoted scalar or a flow collection come back to the block's own indentation (the full
    // parse reports it). Here the continuation lines are put at every indentation, with contents that look like a
    // new item, a new top-level key, a comment or the end of the scalar.
    const open = fc.constantFrom('"abc', "'abc", '[a,', '{a: 1,', '"a\\"', "'it''s");
    const close = fc.constantFrom('x"', "x'", 'b]', 'b: 2}', 'status: closed"', "- at: y'", '- b]', 'b, c: 3}', '# c"', '"', "'", ']', '}', 'x');
    // Mostly an opening and a closing that match (so that some of the YAML is valid and there are answers to
    // compare), sometimes any two; the continuation mostly deep enough, sometimes back at the block's level.
    const matched = fc.constantFrom<[string, string]>(['"abc', 'x"'], ['"abc', 'status: closed"'], ['"abc', '- at: y"'], ["'abc", "x'"], ["'abc", "- b: c'"], ['[a,', 'b]'], ['[a,', 'status: x]'], ['{a: 1,', 'b: 2}'], ['"a\\"', 'b"'], ["'it''s", "- x'"]);
    const pair = fc.oneof(matched, matched, fc.tuple(open, close));
    const pad = fc.constantFrom('', ' ', '  ', '   ', '    ', '      ', '      ', '        ', '        ');
    const item = fc.tuple(fc.constantFrom('  ', ''), pair, pad)
      .map(([ind, [o, c], p]) => [`${ind}- at: 2026-03-01T10:00:00Z`, `${ind}  text: ${o}`, p + c]);
    const block = fc.tuple(fc.constantFrom('timeline', 'notes', 'impact'), fc.array(item, { minLength: 1, maxLength: 3 }))
      .map(([key, items]) => [`${key}:`, ...items.flat()]);
    const doc = fc.tuple(fc.array(fc.constantFrom('id: INC-1', 'status: active', 'severity: SEV2', 'title: "A title"', 'services: [api]'), { minLength: 1, maxLength: 3 }), block, fc.array(fc.constantFrom('status: resolved', 'resolved: 2026-03-01T11:00:00Z', 'review: reviews/r.md'), { maxLength: 2 }))
      .map(([before, b, after]) => `---\ntype: incident\n${[...new Set(before)].join('\n')}\n${b.join('\n')}\n${[...new Set(after)].filter((l) => !before.some((x) => x.split(':')[0] === l.split(':')[0])).join('\n')}\n---\n`);
    let compared = 0, multiLine = 0;
    fc.assert(fc.property(doc, (text) => {
      if (parseRecord('incidents/x.md', text, policy).yaml?.errors.length) return true;
      const s = shallow('incidents/x.md', text);
      compared++;
      const ref = full('incidents/x.md', text);
      assert.deepEqual(s, ref, text);
      if (s!.timelineCount > 0 || /: ["'[{][^\n]*\n +[^ -]/.test(text)) multiLine++;
      return true;
    }), { numRuns: RUNS });
    // The property must have met valid multi-line values inside skipped blocks, or it proves nothing.
    assert.ok(compared > RUNS / 20 && multiLine > RUNS / 40, `compared ${compared}, multi-line ${multiLine} of ${RUNS}`);
  });

  it('a timeline outside the subset (an anchor, a tag) is still counted: given up on, not skipped (found by the property at 10,000 runs)', () => {
    for (const tl of ['&a [x]', '!!seq [x, y]', '&a\n  - at: x']) {
      const text = `---\ntype: incident\ntimeline: ${tl}\n---\n`;
      assert.equal(shallow('incidents/a.md', text)?.timelineCount, full('incidents/a.md', text)?.timelineCount, tl);
    }
  });

  it('a stray CR inside the timeline (a line break to yaml) is given up on, not counted past (CI seed 720512204)', () => {
    for (const tl of ["\n \r - 'aaaa'\n  - SEV1  #x", '\n  - a\r  - b', '\n  - a\r\n  - b']) {
      const text = `---\ntype: incident\ntimeline:${tl}\nk:\n---\n`;
      assert.equal(shallow('incidents/a.md', text)?.timelineCount, full('incidents/a.md', text)?.timelineCount, JSON.stringify(tl));
    }
  });

  it('an empty key at the timeline\'s own column ends it, as yaml reads it (CI seed 1303434398)', () => {
    // yaml reads `    : x` under a sequence as an empty key of the map above, without an error: one event, not two.
    for (const tl of ['\n    - a--a-a # c\n    \t:  #x\n    - a_', '\n  - a\n  :\n  - b', '\n  - a\n  : x\n  - b\n  - c']) {
      const text = `---\ntype: review\ntimeline:${tl}\n---\n`;
      assert.equal(shallow('reviews/a.md', text)?.timelineCount, full('reviews/a.md', text)?.timelineCount, JSON.stringify(tl));
    }
  });

  it('skips what the summary does not read, even outside the subset, and reads the plain shapes', () => {
    // Keys the summary does not read, written in shapes the fast parser gives up on: skipped, not a reason to
    // parse the whole front matter with yaml.
    for (const fm of ['notes: |\n  x\n  y', 'blast_radius: &x a', 'extra:\n  deep:\n    - "a\n      b"', 'links: {a: [1, 2]}', 'summary: "multi\n  line"']) {
      const text = `---\ntype: incident\nstatus: active\n${fm}\ntimeline:\n  - at: x\n---\n`;
      const y = parseRecord('incidents/x.md', text, policy, { skip: SHALLOW_SKIP }).yaml!;
      assert.equal(y.parser, 'fast', fm);
      assert.deepEqual(shallow('incidents/x.md', text), full('incidents/x.md', text), fm);
    }
    // Keys it reads, outside the subset: the whole front matter goes to yaml, and the answer is the same.
    for (const fm of ['title: a\n  continued', 'title: &x a', 'title: |\n  x']) {
      const text = `---\ntype: incident\n${fm}\n---\n`;
      assert.equal(parseRecord('incidents/x.md', text, policy, { skip: SHALLOW_SKIP }).yaml!.parser, 'full', fm);
      assert.deepEqual(shallow('incidents/x.md', text), full('incidents/x.md', text), fm);
    }
    const text = "---\ntype: review\ntitle: 'It''s down' # why\nincident: INC-1\nauthors: [ann, bob]\naction_items:\n  - id: AI-1\n    title: Fix it\n    owner: ann\n  - just a note\n  - id: AI-2\n    status: done\n---\n";
    const s = indexSummary('reviews/r.md', text, policy)!;
    assert.equal(s.title, "It's down");
    assert.deepEqual(s.authors, ['ann', 'bob']);
    assert.deepEqual(s.actionItems.map((a) => [a.id, a.owner, a.status]), [['AI-1', 'ann', undefined], ['AI-2', undefined, 'done']]);
    assert.deepEqual(s, full('reviews/r.md', text));
  });

  it('keeps U+00A0 (and other Unicode spaces) as content, as YAML does', () => {
    for (const fm of ['status:\n  \u00a0', 'services: [a\u00a0, b]', 'services: [\u3000]', 'status: \u00a0']) {
      const text = `---\ntype: incident\ntitle: x\n${fm}\n---\n`;
      assert.deepEqual(shallow('incidents/x.md', text), full('incidents/x.md', text), fm);
    }
    assert.deepEqual(indexSummary('incidents/x.md', '---\ntitle: x\nservices: [a\u00a0, b]\n---\n', policy)!.services, ['a\u00a0', 'b']);
  });

  it('a scalar where a mapping was expected (roles: oncall) is not a crash', () => {
    const text = '---\ntype: incident\nroles: oncall\n---\n';
    assert.equal(shallow('incidents/x.md', text)?.commander, undefined);
    assert.equal(full('incidents/x.md', `---\ntype: incident\nroles:\n  - a\n---\n`)?.commander, undefined);
  });
});

describe('the workspace index', () => {
  it('lists its records in path order, whatever order they were added, removed and added again in', () => {
    const op = fc.tuple(fc.constantFrom('set', 'set', 'set', 'remove', 'null'), fc.constantFrom('incidents/a.md', 'incidents/b.md', 'incidents/c.md', 'reviews/a.md', 'runbooks/z.md', 'incidents/ab.md', 'Incidents/A.md'));
    fc.assert(fc.property(fc.array(op, { maxLength: 12 }), fc.boolean(), (ops, readBetween) => {
      const idx = new WorkspaceIndex(policy);
      const model = new Set<string>();
      for (const [kind, path] of ops) {
        if (kind === 'set') { idx.update(path, '---\ntype: incident\nid: X\n---\n'); model.add(path); }
        else if (kind === 'remove') { idx.remove(path); model.delete(path); }
        else { idx.set(path, null); model.delete(path); }
        if (readBetween) idx.all();
      }
      assert.deepEqual(idx.all().map((r) => r.path), [...model].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      return true;
    }), { numRuns: RUNS });
  });

  it('knows which files exist, records or not, through adds, records that stop being records and removals', () => {
    // A record's path is a file without a second entry (the scan registers only other files); the model here is
    // the plain meaning: a file exists from its first add or update until it is removed.
    const paths = ['incidents/a.md', 'incidents/b.md', 'notes/x.md', 'runbooks/z.md'];
    const op = fc.tuple(fc.constantFrom('update', 'record', 'notRecord', 'file', 'remove'), fc.constantFrom(...paths));
    fc.assert(fc.property(fc.array(op, { maxLength: 14 }), (ops) => {
      const idx = new WorkspaceIndex(policy);
      const files = new Set<string>();
      const records = new Set<string>();
      for (const [kind, path] of ops) {
        if (kind === 'update') { idx.update(path, '---\ntype: incident\nid: X\n---\n'); files.add(path); records.add(path); }
        // As a scan stores a record: its summary only, no addFile.
        else if (kind === 'record') { idx.set(path, new WorkspaceIndex(policy).update(path, '---\ntype: runbook\n---\n')); files.add(path); records.add(path); }
        else if (kind === 'notRecord') { idx.set(path, null); records.delete(path); } // the file, if it was one, is still there
        else if (kind === 'file') { idx.addFile(path); files.add(path); }
        else { idx.remove(path); files.delete(path); records.delete(path); }
      }
      for (const p of paths) assert.equal(idx.hasFile(p), files.has(p), `${p} after ${JSON.stringify(ops)}`);
      assert.equal(idx.fileCount, files.size, JSON.stringify(ops));
      assert.deepEqual(idx.all().map((r) => r.path), [...records].sort());
      return true;
    }), { numRuns: RUNS });
  });
});

describe('classify', () => {
  // The reference: what classify did before it lowercased only names short enough to be index names.
  const INDEX = new Set(['readme.md', 'index.md', '_index.md', 'readme', 'license', 'license.md', 'contributing.md', 'changelog.md']);
  const reference = (path: string): string | null => {
    const slash = path.lastIndexOf('/');
    const name = path.slice(slash + 1).toLowerCase();
    if (name === '_index.md') return null;
    const kind = folderKind(path, policy);
    if (kind && INDEX.has(name)) {
      const dir = path.slice(0, Math.max(slash, 0));
      const folders = kind === 'incident' ? policy.paths.incidents : kind === 'runbook' ? policy.paths.runbooks : policy.paths.reviews;
      if (folders.includes(dir) || !name.endsWith('.md') || !/^(readme|index)\.md$/.test(name)) return null;
    }
    return kind;
  };
  it('judges index names (README.md, _index.md ...) in any case and at any length as lowercasing the whole name does', () => {
    const unit = fc.constantFrom('r', 'R', 'e', 'E', 'a', 'd', 'D', 'm', 'M', '.', '_', 'i', 'I', 'n', 'x', 'l', 'c', 'h', '\u0130', '\u212a', 'é');
    const name = fc.oneof(fc.string({ unit, maxLength: 20 }), fc.constantFrom('README.md', 'Readme.MD', '_INDEX.md', 'index.md', 'CONTRIBUTING.md', 'ChangeLog.md', 'LICENSE', 'README', 'README.mdx', 'README.md.md', 'contributing.mdd'));
    fc.assert(fc.property(name, fc.constantFrom('', 'incidents/', 'incidents/2024/', 'runbooks/', 'runbooks/db/', 'reviews/', 'docs/'), (n, dir) => {
      assert.equal(classify(dir + n, undefined, policy), reference(dir + n), dir + n);
      return true;
    }), { numRuns: RUNS });
    assert.equal(classify('incidents/README.md', undefined, policy), null);
    assert.equal(classify('runbooks/db/README.md', undefined, policy), 'runbook');
    assert.equal(classify('incidents/a-very-long-incident-name.md', undefined, policy), 'incident');
  });
});

describe('isCandidatePath', () => {
  it('takes .md and .markdown in any case, as /\\.(md|markdown)$/i does', () => {
    const unit = fc.constantFrom('.', 'm', 'M', 'd', 'D', 'a', 'A', 'r', 'k', 'K', '\u212a', 'o', 'w', 'n', 'N', '/', 'x', 'é');
    fc.assert(fc.property(fc.string({ unit, maxLength: 14 }), fc.constantFrom('', 'notes/', 'incidents/'), (name, dir) => {
      const p = dir + name;
      const base = p.slice(p.lastIndexOf('/') + 1);
      const expected = /\.(md|markdown)$/i.test(base) || (!base.includes('.') && folderKind(p, policy) !== null);
      assert.equal(isCandidatePath(p, policy), expected, p);
      return true;
    }), { numRuns: RUNS });
    assert.ok(isCandidatePath('a/B.MarkDown', policy) && isCandidatePath('x.MD', policy) && !isCandidatePath('x.mdx', policy) && !isCandidatePath('x.mar\u212adown', policy));
  });
});

describe('summarize', () => {
  it('reads a repeated key as the rules do (get: the last one wins), an empty last value included', () => {
    const text = '---\ntype: incident\ntitle: First\ndetected: 2026-01-01T00:00:00Z\nseverity: SEV1\ntitle: Second\ndetected:\nseverity: SEV2\n---\n';
    const rec = parseRecord('incidents/a.md', text, policy);
    const s = summarize(rec)!;
    assert.equal(s.title, 'Second');
    assert.equal(s.severity, 'SEV2');
    assert.deepEqual(s.milestones, {});
  });
  it('reads every field of an action item, in any order, and the commander from roles when there is no commander key', () => {
    const text = '---\ntype: review\nroles:\n  commander: ana\naction_items:\n  - link: https://x.y/1\n    type: preventive\n    status: open\n    due: 2027-01-01\n    owner: bo\n    title: Fix it\n    id: AI-1\n---\n';
    const s = summarize(parseRecord('reviews/a.md', text, policy))!;
    assert.deepEqual(s.actionItems, [{ id: 'AI-1', title: 'Fix it', owner: 'bo', due: '2027-01-01', status: 'open', type: 'preventive', link: 'https://x.y/1' }]);
    assert.equal(s.commander, 'ana');
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { REPO_ROOT, tempDir } from './helpers';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const run = (args: string[], cwd: string, env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, GITHUB_STEP_SUMMARY: '', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const BAD = '---\nid: INC-2026-0001\ntitle: Bad\nseverity: SEV9\nstatus: investigating\n---\n\n# Bad\n';
function repo(files: Record<string, string> = {}): string {
  const dir = tempDir('hindsight-gate-');
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [p, t] of Object.entries(files)) { fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true }); fs.writeFileSync(path.join(dir, p), t); }
  return dir;
}
const codes = (out: string) => (JSON.parse(out) as { problems: { file: string; code: string; severity: string }[] }).problems.map((p) => `${p.file} ${p.code} ${p.severity}`);

describe('the CI gate cannot be slipped past (issue 16)', () => {
  it('--changed-since checks a changed record whose name holds a newline', () => {
    const dir = repo();
    fs.rmSync(path.join(dir, '.git'), { recursive: true });
    const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, stdio: 'pipe' });
    git('init', '-q'); git('-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '--allow-empty', '-m', 'root');
    fs.mkdirSync(path.join(dir, 'incidents'));
    fs.writeFileSync(path.join(dir, 'incidents', 'a\nb.md'), BAD);
    const r = run(['validate', '--changed-since', 'HEAD', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.out + r.err);
    assert.deepEqual(codes(r.out), ['incidents/a\nb.md missing-field error', 'incidents/a\nb.md unknown-severity error']);
  });

  it('a record with errors and a NUL byte is an error (exit 1), not a warning', () => {
    const dir = repo({ 'incidents/a.md': BAD + 'body \0 with a NUL\n' });
    const r = run(['validate', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.out);
    assert.deepEqual(codes(r.out), ['incidents/a.md file-unreadable error']);
  });

  it('a record whose file name is not UTF-8 is an error', () => {
    const dir = repo({ 'incidents/ok.md': BAD.replace('SEV9', 'SEV1') });
    fs.writeFileSync(Buffer.concat([Buffer.from(path.join(dir, 'incidents') + '/'), Buffer.from([0xff, 0xfe]), Buffer.from('.md')]), BAD);
    const r = run(['validate', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.out + r.err);
    assert.ok(codes(r.out).some((c) => / file-unreadable error$/.test(c)), r.out);
  });

  it('a record folder or a record that is a symlink is reported, never skipped in silence', () => {
    const elsewhere = repo({ 'incidents/a.md': BAD });
    const dir = repo();
    fs.symlinkSync(path.join(elsewhere, 'incidents'), path.join(dir, 'incidents'));
    let r = run(['validate', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.out);
    assert.deepEqual(codes(r.out), ['incidents file-unreadable error']);
    fs.rmSync(path.join(dir, 'incidents'));
    fs.mkdirSync(path.join(dir, 'incidents'));
    fs.symlinkSync(path.join(elsewhere, 'incidents', 'a.md'), path.join(dir, 'incidents', 'b.md'));
    r = run(['validate', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.out);
    assert.deepEqual(codes(r.out), ['incidents/b.md file-unreadable error']);
  });

  it('a NUL byte after the first 8 KB is an error too (nul-byte), and log does not write to such a file; a FIFO where records are is an error, never opened (fresh eyes)', function () {
    this.timeout(20_000);
    const good = '---\nid: INC-2026-0001\ntitle: Good\nseverity: SEV3\nstatus: investigating\nservices: [checkout]\nstarted: 2026-11-20T10:00:00Z\n---\n\n# Good\n\n';
    const dir = repo({ 'incidents/a.md': good + 'x'.repeat(9000) + '\0 tail\n' });
    const r = run(['validate', '--no-clock', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.out);
    assert.deepEqual(codes(r.out), ['incidents/a.md nul-byte error']);
    const l = run(['log', 'incidents/a.md', 'x'], dir);
    assert.equal(l.code, 1, l.err);
    assert.match(l.err, /holds a NUL byte/);
    execFileSync('mkfifo', [path.join(dir, 'incidents', 'fifo.md')]);
    for (const args of [['validate', '--no-clock', '--format', 'json'], ['validate', 'incidents/fifo.md', '--format', 'json']]) {
      const v = run(args, dir);
      assert.equal(v.code, 1, `${args.join(' ')}: ${v.out}${v.err}`);
      assert.ok(codes(v.out).includes('incidents/fifo.md file-unreadable error'), v.out);
    }
    // sla and stats leave such files out, and say so (second fresh-eyes pass: they were silent).
    for (const cmd of ['sla', 'stats']) assert.match(run([cmd], dir).err, new RegExp(`hindsight ${cmd}: 1 file where records are could not be read and is left out .*incidents/fifo\\.md`), cmd);
  });

  it('no line of text, Markdown or JSON output is a workflow command, whatever the files say (fresh eyes)', () => {
    const open = (id: string, title: string) => `---\nid: ${JSON.stringify(id)}\ntitle: ${JSON.stringify(title)}\nseverity: SEV3\nstatus: investigating\nservices: [checkout]\nstarted: 2026-11-20T10:00:00Z\n---\n\n# x\n`;
    const dir = repo({
      '::error title=pwned::owned.md': '---\ntype: incident\nid: X-1\n---\n',
      'incidents/a.md': open('::error title=sla::pwned', 'Title ##[add-mask]secret'),
      'incidents/b.md': open('  ::warning::indented', 'ok'),
      // Second fresh-eyes pass: the runner trims every Unicode space before '::', and a line break in an id or a name.
      'incidents/c.md': open('INC-1\n\u3000::stop-commands::t', 'ok'),
      'incidents/x\n\u00a0::add-mask::hello.md': open('INC-2', 'ok'),
      'incidents/y\n##[group]g.md': open('INC-3', 'ok'),
    });
    const command = /^[\s\u0085]*::|##\[/m;
    for (const args of [['validate'], ['sla'], ['sla', '--format', 'markdown'], ['stats'], ['stats', '--format', 'markdown'], ['log', '::error title=sla::pwned', 'x\n::error::injected'],
      ['log', 'INC-2', '--kind', 'x\n\u00a0::error::c', 'y'], ['set', 'INC-2', 'title', 'x\n\u00a0::add-mask::y'], ['x\n::error::b'], ['x\r::error::e'], ['##[add-mask]f']]) {
      const r = run([...args, '--now', '2026-11-20T10:30:00Z'].filter((a, i, l) => !(args[0] === 'stats' || args[0] === 'log') || (a !== '--now' && l[i - 1] !== '--now')), dir);
      assert.doesNotMatch(r.out, command, `${args.join(' ')}: ${r.out}`);
      assert.doesNotMatch(r.err, command, `${args.join(' ')} (stderr): ${r.err}`);
    }
    for (const args of [['validate', '--format', 'json'], ['sla', '--format', 'json'], ['validate', '--format', 'sarif']]) {
      const r = run(args, dir);
      assert.doesNotMatch(r.out, /##\[/, args.join(' '));
      const parsed = JSON.parse(r.out) as unknown; // still JSON, the text the same once read
      if (args[0] === 'sla') assert.ok(JSON.stringify(parsed).includes('Title ##[add-mask]secret'));
    }
    // The file name is still shown (its first ':' written as an escape), with its position.
    assert.match(run(['validate'], dir).out, /^\\x3a:error title=pwned::owned\.md:\d+:\d+ /m);
  });

  it('the step summary and Markdown output link nothing: no bare URL, www. name or e-mail address becomes a link', () => {
    const { parseMarkdown } = require('../../src/core/remark') as typeof import('../../src/core/remark');
    // Links and images, and HTML other than the summary's own <code> and <br>.
    const links = (md: string) => { const out: string[] = []; const walk = (n: { type: string; url?: string; value?: string; children?: unknown[] }) => { if (n.type === 'link' || n.type === 'image' || (n.type === 'html' && !/^<\/?(code|br)>$/.test(n.value ?? ''))) out.push(n.url ?? n.value ?? n.type); (n.children ?? []).forEach((c) => walk(c as never)); }; walk(parseMarkdown(md) as never); return out; };
    const hostile = 'see www.evil.example, http://evil.example/x, mailto:a@b.co and ops@evil.example';
    const dir = repo({ 'incidents/www.evil.example.md': `---\nid: INC-1\ntitle: ${JSON.stringify(hostile)}\nseverity: SEV9\nstatus: investigating\nservices: [checkout]\nstarted: 2026-11-20T10:00:00Z\ncommander: http://evil.example/c\n---\n` });
    const summary = path.join(dir, 'summary.md');
    run(['validate', '--format', 'github'], dir, { GITHUB_STEP_SUMMARY: summary });
    assert.deepEqual(links(fs.readFileSync(summary, 'utf8')), []);
    assert.deepEqual(links(run(['sla', '--format', 'markdown', '--now', '2026-11-20T10:30:00Z'], dir).out), []);
    const stats = run(['stats', '--format', 'markdown'], dir).out;
    assert.deepEqual(links(stats), []);
    assert.ok(run(['sla', '--format', 'markdown', '--now', '2026-11-20T10:30:00Z'], dir).out.replace(/\u2060/g, '').includes(`INC-1 ${hostile}`), 'the text is all there, as written');
  });

  it('the step summary keeps a file name with backticks and link syntax as text', () => {
    const name = 'x` [click](evil.example) `y.md';
    const dir = repo({ [`incidents/${name}`]: BAD });
    const summary = path.join(dir, 'summary.md');
    run(['validate', '--format', 'github'], dir, { GITHUB_STEP_SUMMARY: summary });
    const md = fs.readFileSync(summary, 'utf8');
    assert.doesNotMatch(md, /\]\(evil/, 'no live link');
    assert.doesNotMatch(md.split('\n').find((l) => l.includes('evil'))!, /`/, 'no backtick left to end a code span');
    assert.match(md, /x&#96; &#91;click&#93;&#40;evil.example&#41; &#96;y.md:4/);
  });
});

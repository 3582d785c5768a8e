import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { REPO_ROOT } from './helpers';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const run = (args: string[], cwd: string, env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, GITHUB_STEP_SUMMARY: '', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const BAD = '---\nid: INC-2026-0001\ntitle: Bad\nseverity: SEV9\nstatus: investigating\n---\n\n# Bad\n';
function repo(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-gate-'));
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

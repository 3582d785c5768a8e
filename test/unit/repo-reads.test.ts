import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { REPO_ROOT, tempDir } from './helpers';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 20_000 });

function repo(): string {
  const dir = tempDir('hindsight-reads-');
  fs.mkdirSync(path.join(dir, '.hindsight', 'templates'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'incidents'));
  fs.writeFileSync(path.join(dir, 'incidents', 'a.md'), '---\nid: INC-1\ntitle: A\nseverity: SEV3\nstatus: investigating\n---\n');
  return dir;
}

describe('the policy and templates are read only as regular files inside the repo (issue 16)', () => {
  it('a FIFO as the policy: validate and new answer at once with the reason, never hang', function () {
    this.timeout(30_000);
    const dir = repo();
    execFileSync('mkfifo', [path.join(dir, '.hindsight', 'policy.yaml')]);
    for (const args of [['validate'], ['new', 'incident', '--title', 'x']]) {
      const r = cli(args, dir);
      assert.equal(r.error, undefined, `${args[0]} timed out`);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /not a regular file/);
    }
  });

  it('a policy linked to /dev/zero is refused, not read', function () {
    this.timeout(30_000);
    const dir = repo();
    fs.symlinkSync('/dev/zero', path.join(dir, '.hindsight', 'policy.yaml'));
    const r = cli(['validate'], dir);
    assert.equal(r.error, undefined, 'timed out');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /outside the repo|not a regular file/);
  });

  it('a dangling link as the policy or a template is refused with the reason, not taken for "no policy" (fresh eyes)', () => {
    const dir = repo();
    fs.symlinkSync(path.join(os.tmpdir(), 'hindsight-no-such-policy.yaml'), path.join(dir, '.hindsight', 'policy.yaml'));
    const r = cli(['validate'], dir);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /policy\.yaml is a symbolic link to .*hindsight-no-such-policy\.yaml, which does not exist/);
    fs.rmSync(path.join(dir, '.hindsight', 'policy.yaml'));
    fs.mkdirSync(path.join(dir, '.hindsight', 'templates'), { recursive: true });
    fs.symlinkSync('nowhere.md', path.join(dir, '.hindsight', 'templates', 'incident.md'));
    const n = cli(['new', 'incident', '--title', 'T', '--severity', 'SEV3'], dir);
    assert.equal(n.status, 1, n.stdout + n.stderr);
    assert.match(n.stderr, /incident\.md is a symbolic link to nowhere\.md, which does not exist/);
  });

  it('a template that is a socket, a link to itself, or holds a NUL after 8 KB is refused with the reason, exit 1 (second fresh-eyes pass)', () => {
    const dir = repo();
    const t = path.join(dir, '.hindsight', 'templates');
    fs.mkdirSync(t, { recursive: true });
    const tpl = path.join(t, 'incident.md');
    const cases: [() => void, RegExp][] = [
      [() => fs.symlinkSync('incident.md', tpl), /links? .*back to itself|leads back to itself/],
      [() => fs.writeFileSync(tpl, '---\ntitle: "{{title}}"\n---\n' + 'x'.repeat(9000) + '\0\n'), /binary \(a NUL byte\)/],
    ];
    for (const [make, why] of cases) {
      fs.rmSync(tpl, { force: true });
      make();
      const r = cli(['new', 'incident', '--title', 'T', '--severity', 'SEV3'], dir);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stderr, why);
    }
    fs.rmSync(tpl, { force: true });
    const server = require('node:net').createServer().listen(tpl);
    try {
      const r = spawnSync(process.execPath, [CLI, 'new', 'incident', '--title', 'T', '--severity', 'SEV3'], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /not a regular file \(a socket\)/);
    } finally { server.close(); }
  });

  it('a policy linked to a file outside the repo is refused and none of its keys are echoed', () => {
    const dir = repo();
    const outside = path.join(tempDir('hindsight-secret-'), 'secret.yaml');
    fs.writeFileSync(outside, 'aws_secret_access_key_TOPSECRET: 1\n');
    fs.symlinkSync(outside, path.join(dir, '.hindsight', 'policy.yaml'));
    const r = cli(['validate', '--format', 'json'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /outside the repo/);
    assert.doesNotMatch(r.stdout + r.stderr, /TOPSECRET/);
  });

  it('a policy over 1 MB is refused with its size', () => {
    const dir = repo();
    fs.writeFileSync(path.join(dir, '.hindsight', 'policy.yaml'), '# ' + 'x'.repeat(1100 * 1024) + '\n');
    const r = cli(['validate'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /over the 1 MB limit/);
  });

  it('a template that is a FIFO or a link outside the repo: new refuses with the reason (exit 1)', function () {
    this.timeout(30_000);
    const dir = repo();
    execFileSync('mkfifo', [path.join(dir, '.hindsight', 'templates', 'incident.md')]);
    let r = cli(['new', 'incident', '--title', 'x'], dir);
    assert.equal(r.error, undefined, 'timed out');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /templates\/incident.md is not a regular file/);
    fs.rmSync(path.join(dir, '.hindsight', 'templates', 'incident.md'));
    fs.symlinkSync('/etc/hostname', path.join(dir, '.hindsight', 'templates', 'incident.md'));
    r = cli(['new', 'incident', '--title', 'x'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /outside the repo/);
    // A link inside the repo is fine.
    fs.rmSync(path.join(dir, '.hindsight', 'templates', 'incident.md'));
    fs.copyFileSync(path.join(REPO_ROOT, 'templates', 'incident.md'), path.join(dir, 'my-incident.md'));
    fs.symlinkSync(path.join(dir, 'my-incident.md'), path.join(dir, '.hindsight', 'templates', 'incident.md'));
    r = cli(['new', 'incident', '--title', 'Inside link', '--severity', 'SEV4'], dir);
    assert.equal(r.status, 0, r.stderr);
  });
});

describe('git is run by its absolute path from PATH (issue 16)', () => {
  it('never the bare name: a git planted in the working folder, with . or an empty entry on PATH, is not chosen', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { gitExecutable } = require('../../src/node/repo') as typeof import('../../src/node/repo');
    const dir = tempDir('hindsight-git-');
    fs.writeFileSync(path.join(dir, 'git'), '#!/bin/sh\necho planted\n', { mode: 0o755 });
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const real = gitExecutable({ PATH: '' }, 'linux');
      assert.equal(real, undefined, 'no PATH: no git');
      const found = gitExecutable({ PATH: `.::${path.dirname(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim())}` }, 'linux');
      assert.ok(found && path.isAbsolute(found) && !found.startsWith(dir), String(found));
      assert.equal(gitExecutable({ PATH: `${dir}` }, 'linux'), path.join(dir, 'git'), 'an absolute PATH entry is searched');
    } finally { process.chdir(cwd); }
  });
});

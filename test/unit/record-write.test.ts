import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { REPO_ROOT, tempDir } from './helpers';
import { breakStale, editRecord, WriteRefused } from '../../src/node/recordWrite';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const INCIDENT = `---
id: INC-2026-0001
title: Checkout down
severity: SEV3
status: investigating
services: [checkout]
started: 2026-03-01T10:00:00Z
timeline:
  - at: 2026-03-01T10:00:00Z
    kind: detected
    text: "Alert fired"
---

# Checkout down
`;

function repo(): { dir: string; file: string } {
  const dir = tempDir('hindsight-write-');
  fs.mkdirSync(path.join(dir, 'incidents'));
  fs.mkdirSync(path.join(dir, '.git'));
  const file = path.join(dir, 'incidents', 'checkout.md');
  fs.writeFileSync(file, INCIDENT);
  return { dir, file };
}
const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
const log = (cwd: string, text: string) => cli(['log', 'INC-2026-0001', '--at', '2026-03-01T10:05:00Z', text], cwd);

describe('record writes (node/recordWrite): never lost, never through a link, metadata kept', () => {
  it('20 concurrent hindsight log processes on one incident: every event is in the file, every process says so', async function () {
    this.timeout(60_000);
    const { dir, file } = repo();
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const p = spawn(process.execPath, [CLI, 'log', 'INC-2026-0001', '--at', '2026-03-01T10:05:00Z', `event number ${i}`], { cwd: dir });
      let out = '', err = '';
      p.stdout.on('data', (d) => { out += d; });
      p.stderr.on('data', (d) => { err += d; });
      p.on('close', (code) => resolve({ code, out, err }));
    })));
    const text = fs.readFileSync(file, 'utf8');
    for (let i = 0; i < 20; i++) {
      const inFile = text.includes(`event number ${i}\n`) || text.includes(`event number ${i}"`);
      // Nothing may report success for an event that is not in the file.
      assert.equal(runs[i].code === 0, inFile, `process ${i}: exit ${runs[i].code} (${runs[i].err.trim()}), event in the file: ${inFile}`);
    }
    assert.ok(runs.every((r) => r.code === 0), runs.map((r) => r.err).join(''));
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['checkout.md'], 'no lock or temporary file left');
  });

  it('refuses a record that is a symlink, and never writes through it', () => {
    const { dir, file } = repo();
    const outside = path.join(tempDir('hindsight-outside-'), 'secret.md');
    fs.writeFileSync(outside, INCIDENT);
    fs.rmSync(file);
    fs.symlinkSync(outside, file);
    const r = log(dir, 'through the link');
    assert.notEqual(r.status, 0);
    assert.equal(fs.readFileSync(outside, 'utf8'), INCIDENT, 'the file outside the repo is unchanged');
    assert.ok(fs.lstatSync(file).isSymbolicLink(), 'the record is still the link');
  });

  it('a symlink planted at the lock\'s name is never written through: the writer refuses at once and says what is there', () => {
    const { file } = repo();
    const victim = path.join(tempDir('hindsight-victim-'), 'v.txt');
    fs.writeFileSync(victim, 'keep');
    fs.symlinkSync(victim, path.join(path.dirname(file), '.checkout.md.hindsight.lock'));
    const t0 = Date.now();
    assert.throws(() => editRecord(file, (t) => ({ text: t + 'x' }), { timeoutMs: 5000, name: 'incidents/checkout.md' }), /incidents\/checkout\.md: something that is not a lock file is at the lock's name .*a symbolic link/);
    assert.ok(Date.now() - t0 < 2000, 'not after the lock timeout');
    assert.equal(fs.readFileSync(victim, 'utf8'), 'keep');
    assert.equal(fs.readFileSync(file, 'utf8'), INCIDENT);
  });

  it('new and init never write through a symlinked folder (incidents/, runbooks/, .hindsight/): refused, nothing outside', () => {
    const outside = tempDir('hindsight-outside-');
    const { dir } = repo();
    fs.rmSync(path.join(dir, 'incidents'), { recursive: true });
    fs.symlinkSync(outside, path.join(dir, 'incidents'));
    let r = cli(['new', 'incident', '--title', 'Into the link', '--severity', 'SEV3'], dir);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /incidents is a symbolic link; not writing through it/);
    fs.symlinkSync(outside, path.join(dir, 'runbooks'));
    r = cli(['new', 'runbook', '--title', 'Elsewhere'], dir);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /runbooks is a symbolic link/);
    const fresh = repo().dir;
    fs.symlinkSync(outside, path.join(fresh, '.hindsight'));
    r = cli(['init'], fresh);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /\.hindsight is a symbolic link/);
    // A dangling link where the templates go: refused before anything is written.
    const third = repo().dir;
    fs.mkdirSync(path.join(third, '.hindsight'));
    fs.symlinkSync(path.join(outside, 'nothing-here'), path.join(third, '.hindsight', 'templates'));
    r = cli(['init'], third);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /\.hindsight\/templates is a symbolic link/);
    assert.deepEqual(fs.readdirSync(path.join(third, '.hindsight')), ['templates'], 'no policy written before the refusal');
    assert.deepEqual(fs.readdirSync(outside), [], 'nothing was written outside the repo');
  });

  it('keeps the record\'s mode (a 0600 record stays 0600) and refuses a read-only one', () => {
    const { dir, file } = repo();
    fs.chmodSync(file, 0o600);
    assert.equal(log(dir, 'confidential').status, 0);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.match(fs.readFileSync(file, 'utf8'), /confidential/);
    fs.chmodSync(file, 0o444);
    const r = log(dir, 'should not be written');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /read-only/);
    assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /should not be written/);
  });

  it('takes over the lock of a writer that died, and removes the temporary files such a writer left', () => {
    const { dir, file } = repo();
    const folder = path.dirname(file);
    // A writer killed while it held the lock and had written its temporary file.
    const child = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
    assert.equal(child.status, 0);
    fs.writeFileSync(path.join(folder, '.checkout.md.hindsight.lock'), `${child.pid}@${os.hostname()}\n`);
    fs.writeFileSync(path.join(folder, '.checkout.md.hindsight-0123456789abcdef.tmp'), 'half a rec');
    const r = log(dir, 'after the crash');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(fs.readdirSync(folder), ['checkout.md']);
    assert.match(fs.readFileSync(file, 'utf8'), /after the crash/);
  });

  it('a stale lock is removed only while it still holds what the writer judged stale (two writers judging it at once)', () => {
    const { file } = repo();
    const lock = path.join(path.dirname(file), '.checkout.md.hindsight.lock');
    const dead = `999999@${os.hostname()}\n`;
    // The other writer got there first: the stale lock is gone and its own fresh lock is in its place.
    const fresh = `${process.pid}@${os.hostname()} 0123456789abcdef\n`;
    fs.writeFileSync(lock, fresh);
    breakStale(lock, dead);
    assert.equal(fs.readFileSync(lock, 'utf8'), fresh, 'the fresh lock is kept');
    fs.writeFileSync(lock, dead);
    breakStale(lock, dead);
    assert.ok(!fs.existsSync(lock), 'the stale one is removed');
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['checkout.md'], 'and the second lock that let one writer at a time look');
  });

  it('a writer whose lock was taken from it writes nothing, and leaves the other writer\'s lock alone', () => {
    const { file } = repo();
    const lock = path.join(path.dirname(file), '.checkout.md.hindsight.lock');
    const other = `${process.pid}@${os.hostname()} fedcba9876543210\n`;
    assert.throws(() => editRecord(file, (t) => { fs.writeFileSync(lock, other); return { text: t + 'x' }; }), /the lock was taken from this writer/);
    assert.equal(fs.readFileSync(file, 'utf8'), INCIDENT, 'nothing written');
    assert.equal(fs.readFileSync(lock, 'utf8'), other, 'the other writer still holds its lock');
  });

  it('20 concurrent log processes while a dead writer\'s lock is there: every event lands', async function () {
    this.timeout(60_000);
    const { dir, file } = repo();
    fs.writeFileSync(path.join(path.dirname(file), '.checkout.md.hindsight.lock'), `999999@${os.hostname()}\n`);
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => new Promise<number | null>((resolve) => {
      spawn(process.execPath, [CLI, 'log', 'INC-2026-0001', '--at', '2026-03-01T10:05:00Z', `event number ${i}`], { cwd: dir, stdio: 'ignore' }).on('close', resolve);
    })));
    const text = fs.readFileSync(file, 'utf8');
    for (let i = 0; i < 20; i++) assert.equal(runs[i] === 0, text.includes(`event number ${i}`), `process ${i}: exit ${runs[i]}`);
    assert.ok(runs.every((c) => c === 0));
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['checkout.md']);
  });

  it('a folder at the breaker\'s name with a stale lock is refused at once, never a writer spinning forever (fresh eyes)', () => {
    const { file } = repo();
    const lock = path.join(path.dirname(file), '.checkout.md.hindsight.lock');
    fs.writeFileSync(lock, `999999@${os.hostname()} abcdefabcdefabcd\n`);
    fs.mkdirSync(`${lock}.break`);
    const t0 = Date.now();
    assert.throws(() => editRecord(file, (t) => ({ text: t + 'x' }), { timeoutMs: 3000, name: 'incidents/checkout.md' }), /something that is not a lock file is at \.checkout\.md\.hindsight\.lock\.break \(a folder\)/);
    assert.ok(Date.now() - t0 < 2000);
    assert.equal(fs.readFileSync(file, 'utf8'), INCIDENT);
  });

  it('takes over a lock whose holder exited but was not reaped (a zombie), and one with no process in it (pid 0) once old', async function () {
    this.timeout(20_000);
    const { file } = repo();
    const lock = path.join(path.dirname(file), '.checkout.md.hindsight.lock');
    // `sleep 0 &` exits at once and its parent, exec'd into `sleep 5`, never reaps it: a zombie for 5 s.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const zombie = Number(await new Promise<string>((resolve) => { let out = ''; parent.stdout!.on('data', (d) => { out += d; if (out.includes('\n')) resolve(out.split('\n')[0]); }); }));
    for (let i = 0; i < 50 && !/\) Z /.test(fs.readFileSync(`/proc/${zombie}/stat`, 'utf8')); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    fs.writeFileSync(lock, `${zombie}@${os.hostname()} 0123456789abcdef\n`);
    editRecord(file, (t) => ({ text: t + 'after the zombie\n' }), { timeoutMs: 2000 });
    assert.match(fs.readFileSync(file, 'utf8'), /after the zombie/);
    parent.kill();
    fs.writeFileSync(lock, `0@${os.hostname()}\n`);
    const old = (Date.now() - 120_000) / 1000;
    fs.utimesSync(lock, old, old);
    editRecord(file, (t) => ({ text: t + 'after pid 0\n' }), { timeoutMs: 2000 });
    assert.match(fs.readFileSync(file, 'utf8'), /after pid 0/);
  });

  it('a lock held by a live writer: waits, then says so and exits 1 without writing', () => {
    const { file } = repo();
    fs.writeFileSync(path.join(path.dirname(file), '.checkout.md.hindsight.lock'), `${process.pid}@${os.hostname()}\n`);
    assert.throws(() => editRecord(file, (t) => ({ text: t + 'x' }), { timeoutMs: 100 }), /being changed by another writer/);
    assert.equal(fs.readFileSync(file, 'utf8'), INCIDENT);
  });

  it('a writer killed with SIGKILL in the middle of an edit leaves the record whole', async function () {
    this.timeout(20_000);
    const { dir, file } = repo();
    const script = `const { editRecord } = require(${JSON.stringify(path.join(REPO_ROOT, 'out', 'src', 'node', 'recordWrite.js'))});
      editRecord(${JSON.stringify(file)}, (t) => { process.stdout.write('locked\\n'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000); return { text: t + 'never' }; });`;
    const p = spawn(process.execPath, ['-e', script]);
    await new Promise<void>((resolve) => p.stdout.on('data', () => resolve()));
    p.kill('SIGKILL');
    await new Promise((resolve) => p.on('close', resolve));
    assert.equal(fs.readFileSync(file, 'utf8'), INCIDENT);
    const r = log(dir, 'next writer');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['checkout.md']);
  });
});

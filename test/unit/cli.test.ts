import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { ACME, REPO_ROOT, tempDir } from './helpers';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const NOW = '2026-11-23T10:00:00Z';

function run(args: string[], cwd = REPO_ROOT, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, GITHUB_STEP_SUMMARY: '', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A repo (`.hindsight/` marks it; `bare`: no mark, a folder outside any repo) with these files. */
function tmpRepo(files: Record<string, string> = {}, { bare = false } = {}): string {
  const dir = tempDir('hindsight-cli-');
  if (!bare) fs.mkdirSync(path.join(dir, '.hindsight'));
  for (const [p, t] of Object.entries(files)) { fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true }); fs.writeFileSync(path.join(dir, p), t); }
  return dir;
}

const INCIDENT = `---
id: INC-2026-0001
title: Checkout down
severity: SEV3
status: investigating   # keep this comment
services: [checkout]
started: 2026-03-01T10:00:00Z
timeline:
  - at: 2026-03-01T10:00:00Z
    kind: detected
    text: "Alert fired"
---

# Checkout down
`;

/** The deliberate mistakes of test/fixtures/acme: exactly these, no more, no fewer. */
const ACME_EXPECTED = [
  'incidents/deliberate-mistakes-clock.md escalation-late warning',
  'incidents/deliberate-mistakes-clock.md escalation-late warning',
  'incidents/deliberate-mistakes-clock.md target-at-risk warning',
  'incidents/deliberate-mistakes-clock.md target-breached error',
  'incidents/deliberate-mistakes-clock.md unknown-impact error',
  'incidents/deliberate-mistakes-clock.md unknown-urgency error',
  'incidents/deliberate-mistakes-duplicate.md duplicate-id error',
  'incidents/deliberate-mistakes-duplicate.md review-overdue warning',
  'incidents/deliberate-mistakes-incident.md broken-link error',
  'incidents/deliberate-mistakes-incident.md datetime-no-zone warning',
  'incidents/deliberate-mistakes-incident.md duplicate-id error',
  'incidents/deliberate-mistakes-incident.md escalation-mismatch error',
  'incidents/deliberate-mistakes-incident.md milestones-out-of-order error',
  'incidents/deliberate-mistakes-incident.md missing-field error',
  'incidents/deliberate-mistakes-incident.md review-backlink error',
  'incidents/deliberate-mistakes-incident.md status-missing-milestone error',
  'incidents/deliberate-mistakes-incident.md target-missed warning',
  'incidents/deliberate-mistakes-incident.md timeline-out-of-order warning',
  'incidents/deliberate-mistakes-incident.md unknown-role error',
  'incidents/deliberate-mistakes-incident.md unknown-service error',
  'incidents/deliberate-mistakes-incident.md unknown-timeline-kind error',
  'incidents/deliberate-mistakes-process.md priority-mismatch error',
  'incidents/deliberate-mistakes-process.md unknown-category error',
  'incidents/deliberate-mistakes-yaml.md yaml-syntax error',
  'reviews/deliberate-mistakes-review.md action-item-incomplete error',
  'reviews/deliberate-mistakes-review.md action-item-overdue warning',
  'reviews/deliberate-mistakes-review.md invalid-value error',
  'reviews/deliberate-mistakes-review.md missing-section error',
  'runbooks/deliberate-mistakes-runbook.md runbook-review-overdue warning',
];

describe('hindsight CLI', function () {
  this.timeout(60_000);

  it('validate test/fixtures/acme --format json reports exactly the deliberate mistakes', () => {
    const r = run(['validate', 'test/fixtures/acme', '--format', 'json', '--now', NOW]);
    assert.equal(r.code, 1, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.files, 17);
    const got = j.problems.map((p: { file: string; code: string; severity: string }) => `${p.file} ${p.code} ${p.severity}`).sort();
    assert.deepEqual(got, ACME_EXPECTED);
    for (const p of j.problems) {
      assert.deepEqual(Object.keys(p).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
      assert.ok(p.line >= 1 && p.column >= 1 && (p.endLine > p.line || p.endColumn >= p.column));
      assert.ok(!p.file.includes('\\'));
    }
    const unknownService = j.problems.find((p: { code: string }) => p.code === 'unknown-service');
    assert.deepEqual([unknownService.line, unknownService.column, unknownService.endColumn], [7, 22, 29]);
  });

  it('every problem in acme sits in a file marked as deliberate mistakes', () => {
    const j = JSON.parse(run(['validate', 'test/fixtures/acme', '--format', 'json', '--now', NOW]).out);
    for (const p of j.problems) assert.match(p.file, /deliberate-mistakes/);
    const clean = run(['validate', ...['incidents/2026-03-14-checkout-outage.md', 'incidents/2026-06-02-payments-latency.md', 'runbooks/checkout-high-error-rate.md', 'runbooks/payments-db-failover.md', 'runbooks/search-index-rebuild.md', 'reviews/2026-03-16-checkout-outage.md'], '--now', NOW], ACME);
    assert.equal(clean.code, 0, clean.out + clean.err);
    assert.match(clean.out, /^No problems in 6 records\.$/m);
  });

  it('text output reads like tsc/eslint: file:line:col  severity  message  code', () => {
    const r = run(['validate', '--now', NOW], ACME);
    assert.equal(r.code, 1);
    const lines = r.out.trim().split('\n');
    for (const l of lines.slice(0, -1)) assert.match(l, /^[^:]+:\d+:\d+  (error|warning|info) *  .+  [a-z-]+$/);
    assert.match(lines[lines.length - 1], /^29 problems \(20 errors, 9 warnings\) in 7 files; 17 records checked\.$/);
  });

  it('exit 0 for warnings only, 2 for bad arguments and unusable policies, never a stack trace', () => {
    const warn = tmpRepo({ 'incidents/a.md': INCIDENT.replace('2026-03-01T10:00:00Z\ntimeline', '2026-03-01 10:00:00\ntimeline') });
    const w = run(['validate', '--format', 'json', '--now', '2026-03-01T10:02:00Z'], warn);
    assert.equal(w.code, 0, w.out);
    assert.deepEqual(JSON.parse(w.out).problems.map((p: { code: string }) => p.code), ['datetime-no-zone']);
    assert.equal(run(['validate', '--format', 'xml'], warn).code, 2);
    assert.equal(run(['validate', 'nope/'], warn).code, 2);
    assert.equal(run(['frobnicate']).code, 2);
    assert.equal(run(['validate', '--bogus']).code, 2);
    const broken = tmpRepo({ '.hindsight/policy.yaml': 'severities: [\n', 'incidents/a.md': INCIDENT });
    const b = run(['validate'], broken);
    assert.equal(b.code, 2);
    assert.match(b.err, /policy/);
    assert.doesNotMatch(b.err + b.out, /\n\s+at /);
  });

  it('a policy that is not YAML is a problem at its line in every format, exit 2 (not just a line on stderr)', () => {
    const broken = tmpRepo({ '.hindsight/policy.yaml': 'severities:\n  - id: SEV1\n    name: [oops\n', 'incidents/a.md': INCIDENT });
    const j = run(['validate', '--format', 'json'], broken);
    assert.equal(j.code, 2);
    assert.deepEqual(JSON.parse(j.out).problems.map((p: { file: string; code: string; line: number }) => [p.file, p.code, p.line]), [['.hindsight/policy.yaml', 'policy-yaml-syntax', 3]], 'the line that opens the unclosed [');
    assert.match(j.err, /\.hindsight\/policy\.yaml:3:5 cannot be used/);
    const g = run(['validate', '--format', 'github'], broken);
    assert.equal(g.code, 2);
    assert.match(g.out, /^::error file=\.hindsight\/policy\.yaml,line=3,.*title=hindsight policy-yaml-syntax::/m);
    const sarif = JSON.parse(run(['validate', '--format', 'sarif'], broken).out);
    assert.equal(sarif.runs[0].results[0].ruleId, 'policy-yaml-syntax');
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine, 3);
    const t = run(['validate'], broken);
    assert.match(t.out, /^\.hindsight\/policy\.yaml:3:5  error .* policy-yaml-syntax$/m);
    // Other commands stop with the same one line, naming the place.
    assert.match(run(['stats'], broken).err, /policy\.yaml:3:5 cannot be used/);
  });

  it('outside any repo a command says it uses the folder and the built-in policy; with a policy that has mistakes, the writers say so', () => {
    const bare = tmpRepo({ 'incidents/a.md': INCIDENT }, { bare: true });
    const v = run(['validate'], bare);
    assert.match(v.err, /^hindsight validate: no \.hindsight\/ or \.git in .* or above: using this folder as the repo, with the built-in policy/);
    assert.equal(run(['validate'], tmpRepo({ 'incidents/a.md': INCIDENT })).err, '');
    const typo = tmpRepo({ '.hindsight/policy.yaml': 'statusez: []\n', 'incidents/a.md': INCIDENT });
    for (const args of [['log', 'INC-2026-0001', 'x'], ['set', 'INC-2026-0001', 'title', 'Y'], ['stats'], ['sla']]) {
      assert.match(run(args, typo).err, new RegExp(`^hindsight ${args[0]}: the policy has 1 error \\(hindsight validate \\.hindsight/policy\\.yaml lists them\\); going on`), args[0]);
    }
    assert.equal(run(['validate', '--format', 'json'], typo).err, '', 'validate lists them itself');
  });

  it('validate without a path checks the whole repo, also when run from a subfolder of it', () => {
    const dir = tmpRepo({ '.hindsight/policy.yaml': 'severities:\n  - id: SEV3\n', 'incidents/a.md': '---\nid: BAD\n', 'docs/readme.txt': 'x' });
    const r = run(['validate', '--format', 'json'], path.join(dir, 'docs'));
    assert.equal(r.code, 1, r.out + r.err);
    assert.deepEqual(JSON.parse(r.out).problems.map((p: { file: string }) => p.file), ['incidents/a.md']);
  });

  it('a policy with mistakes is reported on the policy file with exit 1', () => {
    const dir = tmpRepo({ '.hindsight/policy.yaml': 'severities:\n  - id: SEV1\n    review_within: soon\n', 'incidents/a.md': INCIDENT.replace('SEV3', 'SEV1') });
    const r = run(['validate', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    assert.deepEqual(j.problems.map((p: { file: string; code: string; line: number }) => [p.file, p.code, p.line]), [['.hindsight/policy.yaml', 'policy-bad-duration', 3]]);
  });

  it('github format escapes like the toolkit and nothing from a file starts a line', () => {
    const evil = 'x%\n::set-env name=A::b,c:d';
    const dir = tmpRepo({ 'incidents/a,b:c.md': INCIDENT.replace('severity: SEV3', `severity: ${JSON.stringify(evil)}`) });
    const r = run(['validate', '--format', 'github'], dir);
    assert.equal(r.code, 1);
    const lines = r.out.trim().split('\n');
    assert.equal(lines.filter((l) => l.startsWith('::')).length, 1);
    assert.match(lines[0], /^::error file=incidents\/a%2Cb%3Ac\.md,line=4,endLine=4,col=11,endColumn=\d+,title=hindsight unknown-severity::Unknown severity 'x%25%0A::set-env name=A::b,c:d'; use one of: SEV1/);
    const t = run(['validate'], dir);
    assert.ok(t.out.split('\n').every((l) => !l.startsWith('::')), t.out);
    const summary = path.join(dir, 'summary.md');
    run(['validate', '--format', 'github'], dir, { GITHUB_STEP_SUMMARY: summary });
    assert.match(fs.readFileSync(summary, 'utf8'), /### Hindsight: 1 problem/);
  });

  it('sarif format is SARIF 2.1.0 with rules and regions', () => {
    const r = run(['validate', 'test/fixtures/acme', '--format', 'sarif', '--now', NOW]);
    assert.equal(r.code, 1);
    const s = JSON.parse(r.out);
    assert.equal(s.version, '2.1.0');
    const run0 = s.runs[0];
    assert.equal(run0.tool.driver.name, 'hindsight');
    assert.equal(run0.results.length, ACME_EXPECTED.length);
    const ids = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    for (const res of run0.results) {
      assert.equal(ids[res.ruleIndex], res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      assert.ok(res.locations[0].physicalLocation.region.startLine >= 1);
    }
  });

  it('init writes a policy and templates, once', () => {
    const dir = tmpRepo();
    const r = run(['init'], dir);
    assert.equal(r.code, 0, r.err);
    assert.ok(fs.existsSync(path.join(dir, '.hindsight/policy.yaml')));
    assert.ok(fs.existsSync(path.join(dir, '.hindsight/templates/review.md')));
    // Empty record folders get a .gitkeep (git keeps no empty folder); one with files in it does not.
    assert.match(r.out, /^created incidents\/\.gitkeep$/m);
    assert.equal(fs.readFileSync(path.join(dir, 'runbooks/.gitkeep'), 'utf8'), '');
    assert.equal(run(['validate'], dir).code, 0);
    assert.equal(run(['init'], dir).code, 1);
    const used = tmpRepo({ 'incidents/a.md': INCIDENT });
    assert.equal(run(['init'], used).code, 0);
    assert.ok(!fs.existsSync(path.join(used, 'incidents/.gitkeep')));
    assert.ok(fs.existsSync(path.join(used, 'reviews/.gitkeep')));
  });

  it('new incident writes from the template, validates clean, and refuses to overwrite', () => {
    const dir = tmpRepo();
    run(['init'], dir);
    const r = run(['new', 'incident', '--title', 'Checkout "slow"\nseverity: SEV1', '--severity', 'SEV2', '--commander', 'ann'], dir);
    assert.equal(r.code, 0, r.err);
    const rel = r.out.trim();
    assert.match(rel, /^incidents\/\d{4}-\d{2}-\d{2}-checkout-slow-severity-sev1\.md$/);
    const text = fs.readFileSync(path.join(dir, rel), 'utf8');
    assert.match(text, /^severity: SEV2$/m);
    assert.equal(run(['validate'], dir).code, 0, run(['validate'], dir).out);
    const again = run(['new', 'incident', '--title', 'Checkout "slow"\nseverity: SEV1', '--severity', 'SEV2', '--commander', 'ann'], dir);
    assert.equal(again.code, 1);
    assert.match(again.err, /already exists/);
    assert.equal(fs.readFileSync(path.join(dir, rel), 'utf8'), text);
    assert.equal(run(['new', 'incident', '--severity', 'SEV9'], dir).code, 2);
  });

  it('a repo template overrides the built-in one', () => {
    const dir = tmpRepo({ '.hindsight/templates/runbook.md': '---\ntitle: {{yaml.title}}\nowner: custom\n---\n# {{text.title}}\n' });
    const r = run(['new', 'runbook', '--title', 'DB failover'], dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(fs.readFileSync(path.join(dir, 'runbooks/db-failover.md'), 'utf8'), '---\ntitle: DB failover\nowner: custom\n---\n# DB failover\n');
  });

  it('new review --incident prefills from the incident and links both ways', () => {
    const dir = tmpRepo({ 'incidents/a.md': INCIDENT });
    const r = run(['new', 'review', '--incident', 'INC-2026-0001'], dir, { TZ: 'UTC' });
    assert.equal(r.code, 0, r.err);
    const rel = r.out.trim();
    const review = fs.readFileSync(path.join(dir, rel), 'utf8');
    assert.match(review, /^incident: INC-2026-0001$/m);
    assert.match(review, /^authors: \[\]$/m, 'no --author: the template\'s empty list');
    assert.match(review, /\| 2026-03-01 10:00 UTC \| detected \| Alert fired \|/);
    // Allowed while the incident runs, and said: the prefill is the incident so far.
    assert.match(r.err, /^hindsight new: INC-2026-0001 is still investigating: the review is prefilled with its timeline and times so far/m);
    const done = tmpRepo({ 'incidents/a.md': INCIDENT.replace('status: investigating', 'status: resolved').replace('started: 2026-03-01T10:00:00Z\n', 'started: 2026-03-01T10:00:00Z\nresolved: 2026-03-01T11:00:00Z\n') });
    const d = run(['new', 'review', '--incident', 'INC-2026-0001'], done);
    assert.equal(d.code, 0, d.err);
    assert.equal(d.err, '', 'a resolved incident: nothing to say');
    // --author fills the template's empty authors: (found by fresh eyes: the editor's Create Review left it empty).
    const other = tmpRepo({ 'incidents/a.md': INCIDENT });
    const w = run(['new', 'review', '--incident', 'INC-2026-0001', '--author', 'ana', '--author', 'bo,TBD'], other);
    assert.equal(w.code, 0, w.err);
    assert.match(fs.readFileSync(path.join(other, w.out.trim()), 'utf8'), /^authors: \[ana, bo\]$/m);
    assert.equal(run(['new', 'incident', '--title', 'x', '--author', 'ana'], other).code, 2);
    const inc = fs.readFileSync(path.join(dir, 'incidents/a.md'), 'utf8');
    // After the milestones, not after the timeline at the end of the front matter (found by fresh eyes).
    assert.equal(inc, INCIDENT.replace('started: 2026-03-01T10:00:00Z\n', `started: 2026-03-01T10:00:00Z\nreview: ${rel}\n`));
  });

  it('set takes impact, urgency (the priority follows once both are known), category and assigned_to, checked against the policy', () => {
    const policy = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/acme/.hindsight/policy.yaml'), 'utf8');
    const dir = tmpRepo({ '.hindsight/policy.yaml': policy, 'incidents/a.md': INCIDENT });
    const file = path.join(dir, 'incidents/a.md');
    for (const [f, v] of [['urgency', 'high'], ['impact', 'significant'], ['category', 'network/dns'], ['assigned_to', 'team:sre']]) assert.equal(run(['set', 'INC-2026-0001', f, v], dir).code, 0, f);
    assert.match(fs.readFileSync(file, 'utf8'), /\nservices: \[checkout\]\nimpact: significant\nurgency: high\npriority: P2\ncategory: network\/dns\n/);
    assert.match(fs.readFileSync(file, 'utf8'), /\nassigned_to: "?team:sre"?\n/);
    assert.equal(run(['set', 'INC-2026-0001', 'impact', 'minor'], dir).code, 0);
    assert.match(fs.readFileSync(file, 'utf8'), /\nimpact: minor\nurgency: high\npriority: P3\n[\s\S]*text: "Priority changed from P2 to P3 \(impact minor, urgency high\)"/);
    const before = fs.readFileSync(file, 'utf8');
    for (const [f, v] of [['impact', 'huge'], ['urgency', 'now'], ['category', 'network/wifi'], ['services', 'x']]) assert.equal(run(['set', 'INC-2026-0001', f, v], dir).code, 2, f);
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    assert.equal(run(['validate', '--format', 'json', '--no-clock'], dir).code, 0);
  });

  it('set says on stderr a warning it leaves: resolved set while the status is still investigating', () => {
    const dir = tmpRepo({ 'incidents/a.md': INCIDENT });
    const r = run(['set', 'INC-2026-0001', 'resolved', '2026-03-01T12:00:00Z'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /^hindsight set: note: incidents\/a\.md now has a warning: 'resolved' is set \(2026-03-01T12:00:00Z\), but status 'investigating' comes before 'resolved'.*\(status-behind-milestone\)$/m);
    // The status brought up to it: only that the acknowledge target cannot be judged (never acknowledged).
    assert.equal(run(['set', 'INC-2026-0001', 'status', 'resolved'], dir).err, "hindsight set: note: incidents/a.md now has a warning: Time to acknowledge is not measured: 'acknowledged' is not set, so the SEV3 target of 1h cannot be judged; add 'acknowledged:' with when the incident was acknowledged (target-unmeasured)\n");
  });

  it('closing straight from investigating fills mitigated and resolved (the built-in closed requires both), so time to mitigate is kept', () => {
    const dir = tmpRepo({ 'incidents/a.md': INCIDENT });
    const r = run(['set', 'INC-2026-0001', 'status', 'closed'], dir);
    assert.equal(r.code, 0, r.err);
    const text = fs.readFileSync(path.join(dir, 'incidents/a.md'), 'utf8');
    assert.match(text, /\nmitigated: \S+\nresolved: \S+\n/);
    // Months after it started: the missed target is said, as a warning the change leaves.
    assert.match(r.err, /now has a warning: Time to mitigate .* missed the SEV3 target of 1d .*\(target-missed\)/);
  });

  it('set title renames the body\'s first heading when it read as the old title, and only then', () => {
    const dir = tmpRepo({ 'incidents/a.md': INCIDENT, 'incidents/b.md': INCIDENT.replace('INC-2026-0001', 'INC-2026-0002').replace('# Checkout down', '# Our own heading') });
    assert.equal(run(['set', 'INC-2026-0001', 'title', 'Checkout down in EU'], dir).code, 0);
    assert.equal(fs.readFileSync(path.join(dir, 'incidents/a.md'), 'utf8'), INCIDENT.replace('title: Checkout down', 'title: Checkout down in EU').replace('# Checkout down', '# Checkout down in EU'));
    assert.equal(run(['set', 'INC-2026-0002', 'title', 'Other'], dir).code, 0);
    assert.match(fs.readFileSync(path.join(dir, 'incidents/b.md'), 'utf8'), /title: Other\n[\s\S]*\n# Our own heading\n/);
  });

  it('set names the person in any role of the policy, with an event, as Assign Role does', () => {
    const policy = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/acme/.hindsight/policy.yaml'), 'utf8');
    const dir = tmpRepo({ '.hindsight/policy.yaml': policy, 'incidents/a.md': INCIDENT });
    const file = path.join(dir, 'incidents/a.md');
    assert.equal(run(['set', 'INC-2026-0001', 'communications', 'li.wei'], dir).code, 0);
    assert.equal(run(['set', 'INC-2026-0001', 'commander', 'dee'], dir).code, 0);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /\nroles:\n  communications: li\.wei\n/);
    assert.match(text, /\ncommander: dee\n/);
    assert.match(text, /kind: role\n    text: "Communications: li\.wei"/);
    assert.match(text, /kind: role\n    text: "Commander: dee"/);
    // The same person again: nothing written; a role the policy does not have: a usage error naming the roles.
    const again = run(['set', 'INC-2026-0001', 'communications', 'li.wei'], dir);
    assert.match(again.out, /is already li\.wei; nothing written/);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
    const wrong = run(['set', 'INC-2026-0001', 'sheriff', 'x'], dir);
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /or a role: scribe, communications$/m, 'commander is listed once, with the fields');
    // A placeholder names nobody: refused as Assign Role refuses it, nothing written.
    const tbd = run(['set', 'INC-2026-0001', 'scribe', 'TBD'], dir);
    assert.equal(tbd.code, 2);
    assert.match(tbd.err, /'TBD' names nobody/);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
    assert.equal(run(['validate', '--format', 'json', '--no-clock'], dir).code, 0);
  });

  it('set never leaves, without a word, an error it made: empty values and a mismatched escalation are refused, a new error is said on stderr', () => {
    const policy = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/acme/.hindsight/policy.yaml'), 'utf8');
    const dir = tmpRepo({ '.hindsight/policy.yaml': policy, 'incidents/a.md': INCIDENT.replace('started:', 'escalation: team-page\nstarted:'), 'reviews/r.md': '---\ntitle: R\nincident: INC-2026-0001\nstatus: draft\n---\n' });
    const file = path.join(dir, 'incidents/a.md');
    const before = fs.readFileSync(file, 'utf8');
    for (const args of [['set', 'INC-2026-0001', 'resolved', ''], ['set', 'INC-2026-0001', 'commander', ' '], ['set', 'INC-2026-0001', 'title', ''], ['log', 'INC-2026-0001', '--at', '', 'x']]) {
      const r = run(args, dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /needs a value|an empty one is not taken for now/);
    }
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    // SEV1 requires a commander and the major-incident policy: the severity is written (what was asked), and the
    // errors it leaves are said; an escalation policy the severity does not use is refused.
    const up = run(['set', 'INC-2026-0001', 'severity', 'SEV1'], dir);
    assert.equal(up.code, 0, up.err);
    assert.match(up.err, /^hindsight set: note: incidents\/a\.md now has an error: Missing required field 'commander'.*\(missing-field\)$/m);
    const esc = run(['set', 'INC-2026-0001', 'escalation', 'team-page'], dir);
    assert.equal(esc.code, 1);
    assert.match(esc.err, /severity SEV1 requires the escalation policy 'major-incident'/);
    // A review is named as one, whatever the field.
    assert.match(run(['set', 'reviews/r.md', 'status', 'published'], dir).err, /is a review, not an incident/);
    // Impact and urgency on a closed incident: the priority event is no timeline-outside-window warning.
    assert.equal(run(['set', 'INC-2026-0001', 'commander', 'dee'], dir).code, 0);
    assert.equal(run(['set', 'INC-2026-0001', 'status', 'closed'], dir).code, 0);
    const prio = run(['set', 'INC-2026-0001', 'impact', 'minor'], dir);
    assert.equal(run(['set', 'INC-2026-0001', 'urgency', 'low'], dir).err, '');
    assert.equal(prio.err, '');
    assert.match(fs.readFileSync(file, 'utf8'), /kind: priority\n    text: "Priority P4/);
    const codes = JSON.parse(run(['validate', '--format', 'json', '--no-clock'], dir).out).problems.map((p: { code: string }) => p.code);
    assert.ok(!codes.includes('timeline-outside-window'), codes.join(' '));
  });

  it('log --to TARGET --escalation KIND logs the escalated event the escalation clock looks for', () => {
    const policy = 'escalation_policies:\n  - id: page\n    steps:\n      - after: 0m\n        notify: [schedule:db-oncall]\n      - after: 30m\n        kind: hierarchical\n        notify: [user:eng-manager]\n';
    const dir = tmpRepo({ '.hindsight/policy.yaml': policy, 'incidents/a.md': INCIDENT.replace('started:', 'escalation: page\nstarted:') });
    const late = (at: string) => JSON.parse(run(['validate', '--format', 'json', '--now', at], dir).out).problems.filter((p: { code: string }) => p.code === 'escalation-late').map((p: { message: string }) => p.message);
    assert.equal(late('2026-03-01T10:20:00Z').length, 1);
    assert.match(late('2026-03-01T10:20:00Z')[0], /hindsight log INCIDENT --to TARGET/);
    const r = run(['log', 'INC-2026-0001', '--at', '2026-03-01T10:03:00Z', '--to', 'schedule:db-oncall', 'Paged the DB on-call'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(fs.readFileSync(path.join(dir, 'incidents/a.md'), 'utf8'), /  - at: 2026-03-01T10:03:00Z\n    kind: escalated\n    text: Paged the DB on-call\n    to: "?schedule:db-oncall"?\n/);
    assert.deepEqual(late('2026-03-01T10:20:00Z'), []);
    assert.equal(late('2026-03-01T10:50:00Z').length, 1, 'the hierarchical step is still due');
    assert.equal(run(['log', 'INC-2026-0001', '--at', '2026-03-01T10:35:00Z', '--to', 'user:eng-manager,user:cto', '--escalation', 'hierarchical', 'Manager and CTO told'], dir).code, 0);
    assert.match(fs.readFileSync(path.join(dir, 'incidents/a.md'), 'utf8'), /    to: \["?user:eng-manager"?, "?user:cto"?\]\n    escalation: hierarchical\n/);
    assert.deepEqual(late('2026-03-01T10:50:00Z'), []);
    // Refused as usage errors, nothing written.
    assert.equal(run(['log', 'INC-2026-0001', '--escalation', 'hierarchical', 'x'], dir).code, 2);
    assert.equal(run(['log', 'INC-2026-0001', '--to', 'a', '--escalation', 'sideways', 'x'], dir).code, 2);
    assert.equal(run(['log', 'INC-2026-0001', '--to', ',', 'x'], dir).code, 2);
  });

  it('log appends an event as a minimal edit; set changes status with event and milestones', () => {
    const dir = tmpRepo({ 'incidents/a.md': INCIDENT.replace(/\n/g, '\r\n') });
    const r = run(['log', 'INC-2026-0001', '--at', '2026-03-01T10:05:00Z', '--kind', 'action', '--by', 'bob', 'Restarted', 'pods;', '$(id)'], dir);
    assert.equal(r.code, 0, r.err);
    const after = fs.readFileSync(path.join(dir, 'incidents/a.md'), 'utf8');
    assert.equal(after, INCIDENT.replace('    text: "Alert fired"\n', '    text: "Alert fired"\n  - at: 2026-03-01T10:05:00Z\n    kind: action\n    text: "Restarted pods; $(id)"\n    by: bob\n').replace(/\n/g, '\r\n'));
    const s = run(['set', 'incidents/a.md', 'status', 'mitigated', '--by', 'bob'], dir);
    assert.equal(s.code, 0, s.err);
    const after2 = fs.readFileSync(path.join(dir, 'incidents/a.md'), 'utf8');
    assert.match(after2, /status: mitigated   # keep this comment\r\n/);
    assert.match(after2, /kind: mitigated\r\n    text: Status changed from investigating to mitigated\r\n    by: bob\r\n/);
    assert.match(after2, /\r\nstarted: 2026-03-01T10:00:00Z\r\nmitigated: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\r\ntimeline:/, 'the milestone after the earlier one, not after the timeline');
    // The milestones it filled are said, with their time (the change's own: to correct when it happened earlier).
    const filled = /\r\nmitigated: (\S+)\r\n/.exec(after2)![1];
    assert.equal(s.out, `incidents/a.md: status set to mitigated; filled mitigated ${filled} (the time of this change: edit it if it happened earlier)\n`);
    const back = run(['set', 'incidents/a.md', 'status', 'investigating'], dir);
    assert.equal(back.out, 'incidents/a.md: status set to investigating; emptied mitigated (reopened; the status event keeps its value)\n');
    assert.equal(run(['validate', '--format', 'json', '--no-clock'], dir).code, 0);
  });

  it('new incident asks for the people the severity requires: --commander, --role, refused without them off a terminal (issue 17)', () => {
    const dir = tmpRepo({ '.hindsight/policy.yaml': 'roles: [commander, communications, scribe]\nseverities:\n  - id: SEV1\n    requires: [commander, communications]\n  - id: SEV3\n' });
    const r = run(['new', 'incident', '--title', 'Checkout down', '--severity', 'SEV1'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.err, 'hindsight new: severity SEV1 requires a commander (--commander PERSON) and someone in the role communications (--role communications=PERSON); nothing written\n');
    assert.equal(run(['new', 'incident', '--title', 'Checkout down', '--severity', 'SEV1', '--commander', 'TBD', '--role', 'communications=bo'], dir).code, 1, 'a placeholder names nobody');
    assert.equal(run(['new', 'incident', '--title', 'x', '--role', 'boss=bo'], dir).code, 2);
    assert.ok(!fs.existsSync(path.join(dir, 'incidents')), 'nothing written');
    const ok = run(['new', 'incident', '--title', 'Checkout down', '--severity', 'SEV1', '--commander', 'Ann Lee', '--role', 'communications=bo'], dir);
    assert.equal(ok.code, 0, ok.err);
    const text = fs.readFileSync(path.join(dir, ok.out.trim()), 'utf8');
    assert.match(text, /\ncommander: Ann Lee\nroles:\n  communications: bo\n/);
    // detected: is written with the template's detected event.
    const started = /\nstarted: (\S+)\n/.exec(text)![1];
    assert.ok(text.includes(`\ndetected: ${started}\n`) && text.includes(`  - at: ${started}\n    kind: detected\n`), text);
    const v = run(['validate', '--format', 'json'], dir);
    assert.deepEqual(JSON.parse(v.out).problems, [], 'a new SEV1 starts valid');
  });

  it('new incident in a terminal without --title asks the title, the severity and the people (issue 17)', function () {
    if (spawnSync('script', ['--version']).status !== 0) this.skip();
    const dir = tmpRepo({ '.hindsight/policy.yaml': 'roles: [commander, communications]\nseverities:\n  - id: SEV1\n    title: Critical\n    requires: [commander]\n  - id: SEV3\n' });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['config', 'user.name', 'Gil Git'], { cwd: dir });
    // script(1) gives the CLI a pseudo-terminal; the answers are typed ahead: title, severity 1, an out-of-range pick, the first person offered.
    const r = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} new incident`, '/dev/null'], { cwd: dir, input: 'Payments failing\n1\n7\n1\n', encoding: 'utf8' });
    const screen = r.stdout.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
    assert.equal(r.status, 0, screen);
    assert.match(screen, /1\) SEV1 Critical \(requires commander\)/);
    assert.match(screen, /SEV1 requires a commander:\n  1\) Gil Git\n/);
    assert.match(screen, /7 is not on the list/);
    const file = path.join(dir, 'incidents', fs.readdirSync(path.join(dir, 'incidents'))[0]);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /\ntitle: Payments failing\nseverity: SEV1\n[^]*\ncommander: Gil Git\n/);
    assert.deepEqual(JSON.parse(run(['validate', '--format', 'json'], dir).out).problems, []);
  });

  it('log/set --at HH:MM is read in --tz or TZ and written with its offset; a time in the future is refused (issue 17)', () => {
    const dir = tmpRepo({ 'incidents/a.md': INCIDENT });
    const file = path.join(dir, 'incidents/a.md');
    // Two minutes ago, as a wall clock in the zone (HH:MM and the date there).
    const wall = (zone: string, ms: number) => {
      const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
      return { hm: `${p.hour}:${p.minute}`, date: `${p.year}-${p.month}-${p.day}` };
    };
    const k = wall('Asia/Kolkata', Date.now() - 120_000);
    const r = run(['log', 'INC-2026-0001', '--tz', 'Asia/Kolkata', '--at', k.hm, 'Rollback finished'], dir, { TZ: 'UTC' });
    assert.equal(r.code, 0, r.err);
    assert.ok(fs.readFileSync(file, 'utf8').includes(`  - at: ${k.date}T${k.hm}:00+05:30\n    kind: note\n    text: Rollback finished\n`), fs.readFileSync(file, 'utf8'));
    // Without --tz: the process's zone.
    const n = wall('America/New_York', Date.now() - 120_000);
    assert.equal(run(['log', 'INC-2026-0001', '--at', n.hm, 'From New York'], dir, { TZ: 'America/New_York' }).code, 0);
    assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`  - at: ${n.date}T${n.hm}:00-0[45]:00\n    kind: note\n    text: From New York\n`));
    const s = run(['set', 'INC-2026-0001', 'detected', k.hm, '--tz', 'Asia/Kolkata'], dir);
    assert.equal(s.code, 0, s.err);
    assert.ok(fs.readFileSync(file, 'utf8').includes(`detected: ${k.date}T${k.hm}:00+05:30\n`));
    const before = fs.readFileSync(file, 'utf8');
    const future = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const f = run(['log', 'INC-2026-0001', '--at', future, 'Too soon'], dir);
    assert.equal(f.code, 2);
    assert.match(f.err, /^hindsight log: --at: '.*' is .*, 1h in the future \(time zone .*\); a time may be at most 5 minutes ahead\n$/);
    const fs2 = run(['set', 'INC-2026-0001', 'resolved', future], dir);
    assert.equal(fs2.code, 2);
    assert.match(fs2.err, /resolved: .* in the future/);
    assert.equal(run(['log', 'INC-2026-0001', '--tz', 'Mars/Olympus', 'x'], dir).code, 2);
    assert.equal(fs.readFileSync(file, 'utf8'), before, 'nothing written');
  });

  it('log and set refuse unparsable front matter and leave the file alone', () => {
    const broken = INCIDENT.replace('title: Checkout down', 'title: [Checkout down');
    const dir = tmpRepo({ 'incidents/a.md': broken });
    const r = run(['log', 'incidents/a.md', 'text'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /does not parse/);
    assert.equal(fs.readFileSync(path.join(dir, 'incidents/a.md'), 'utf8'), broken);
    assert.equal(run(['log', 'INC-404', 'x'], dir).code, 1);
    assert.equal(run(['log', 'incidents/a.md', '--kind', 'party', 'x'], dir).code, 2);
    assert.equal(run(['set', 'incidents/a.md', 'status', 'done'], dir).code, 2, 'a status the policy does not define is a wrong command line, as new --severity SEV9 is');
    assert.equal(run(['set', 'incidents/a.md', 'status', 'resolved'], dir).code, 1, 'a file that does not parse is refused');
    assert.equal(fs.readFileSync(path.join(dir, 'incidents/a.md'), 'utf8'), broken);
  });

  it('validate --changed-since checks changed records and the records tied to them', () => {
    const dir = tmpRepo({
      'incidents/a.md': INCIDENT.replace('---\n\n#', 'review: reviews/r.md\n---\n\n#'),
      'incidents/b.md': INCIDENT.replace('INC-2026-0001', 'INC-2026-0002'),
      'incidents/c.md': INCIDENT.replace('INC-2026-0001', 'INC-2026-0003').replace('SEV3', 'SEV9'),
      'reviews/r.md': '---\ntitle: R\nincident: INC-2026-0001\nstatus: draft\n---\n## Summary\n## Impact\n## Timeline\n## Contributing Factors\n## Action Items\n## Lessons Learned\n',
    });
    const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, stdio: 'pipe' });
    git('init', '-q'); git('-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '--allow-empty', '-m', 'root');
    git('add', '.'); git('-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '-m', 'records');
    fs.writeFileSync(path.join(dir, 'reviews/r.md'), fs.readFileSync(path.join(dir, 'reviews/r.md'), 'utf8').replace('INC-2026-0001', 'INC-2026-0002'));
    const r = run(['validate', '--changed-since', 'HEAD', '--format', 'json', '--no-clock'], dir);
    const j = JSON.parse(r.out);
    assert.equal(j.files, 3, 'the changed review, the incident that links it, the incident it now names');
    assert.deepEqual(j.problems.map((p: { file: string; code: string }) => `${p.file} ${p.code}`), ['incidents/a.md review-backlink']);
    const all = JSON.parse(run(['validate', '--format', 'json'], dir).out);
    assert.ok(all.problems.some((p: { file: string }) => p.file === 'incidents/c.md'), 'the unrelated mistake is found by a full run');
    assert.equal(run(['validate', '--changed-since', 'no-such-rev'], dir).code, 2);
    // The same change committed, as in a pull request: checked against the base commit.
    git('add', '.'); git('-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '-m', 'review now names INC-2026-0002');
    assert.deepEqual(JSON.parse(run(['validate', '--changed-since', 'HEAD~1', '--format', 'json'], dir).out).files, 3);
    assert.deepEqual(JSON.parse(run(['validate', '--changed-since', 'HEAD', '--format', 'json'], dir).out).files, 0, 'nothing changed since the last commit');
  });

  it('the summary counts files with problems apart from records checked (a policy problem is not "2 of 1 record")', () => {
    const dir = tmpRepo({ '.hindsight/policy.yaml': 'severities: [SEV1]\nbogus: 1\n', 'incidents/a.md': INCIDENT.replace('SEV3', 'SEV7') });
    const r = run(['validate'], dir);
    assert.match(r.out, /^\d+ problems? \(\d+ errors?, \d+ warnings?\) in 2 files; 1 record checked\.$/m, r.out);
  });

  it('log, set and export on a file that cannot be read as a record say why, not "no incident" (issue 16)', () => {
    const dir = tmpRepo({ 'incidents/bin.md': INCIDENT + '\0binary\n', 'incidents/big.md': INCIDENT + 'x'.repeat(2.1 * 1024 * 1024) });
    for (const args of [['log', 'incidents/bin.md', 'hello'], ['set', 'incidents/bin.md', 'status', 'mitigated'], ['export', 'incidents/bin.md']]) {
      const r = run(args, dir);
      assert.equal(r.code, 1, r.err);
      assert.match(r.err, /incidents\/bin.md: File is binary/, args.join(' '));
    }
    const big = run(['log', 'incidents/big.md', 'hello'], dir);
    assert.equal(big.code, 1);
    assert.match(big.err, /over the 2 MB limit/);
    const notRecord = tmpRepo({ 'notes/n.md': '# Notes\n' });
    assert.match(run(['log', 'notes/n.md', 'x'], notRecord).err, /is not an incident record/);
    // By id (fresh eyes): the id may be in a file that could not be read; say which and why.
    const byId = run(['log', 'INC-2026-0001', 'hello'], dir);
    assert.equal(byId.code, 1);
    assert.match(byId.err, /no incident with id or path 'INC-2026-0001'.*2 files where records are could not be read and may hold it: incidents\/big\.md \(File is 2\.1 MB.*incidents\/bin\.md \(File is binary/s);
    // A record inside a folder that is a link: the link is named, not "not an incident record".
    const outside = tempDir('hindsight-linked-');
    fs.writeFileSync(path.join(outside, 'v.md'), INCIDENT);
    const linked = tmpRepo({ 'incidents/a.md': INCIDENT.replace('INC-2026-0001', 'INC-2026-0002') });
    fs.symlinkSync(outside, path.join(linked, 'incidents', 'sub'));
    const l = run(['log', 'incidents/sub/v.md', 'x'], linked);
    assert.equal(l.code, 1);
    assert.match(l.err, /incidents\/sub\/v\.md: A symbolic link where records are|incidents\/sub\/v\.md is inside incidents\/sub, a symbolic link/);
  });

  it('CR-only line endings are named, not read as "no front matter" (issue 16)', () => {
    const dir = tmpRepo({ 'incidents/mac.md': INCIDENT.replace(/\n/g, '\r') });
    const r = run(['validate', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.out).problems.map((p: { code: string }) => p.code), ['line-endings-cr']);
  });

  it('dist/cli.js copied alone (no templates/, no node_modules) runs new, init and validate (issue 17)', () => {
    const alone = tempDir('hindsight-alone-');
    fs.copyFileSync(CLI, path.join(alone, 'cli.js'));
    const dir = tmpRepo({ 'incidents/.keep': '' });
    const r = spawnSync(process.execPath, [path.join(alone, 'cli.js'), 'new', 'incident', '--title', 'Copied CLI', '--severity', 'SEV4'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(fs.readFileSync(path.join(dir, r.stdout.trim()), 'utf8'), /title: Copied CLI/);
    const init = tempDir('hindsight-alone-init-');
    assert.equal(spawnSync(process.execPath, [path.join(alone, 'cli.js'), 'init'], { cwd: init, encoding: 'utf8' }).status, 0);
    assert.ok(fs.readFileSync(path.join(init, '.hindsight', 'policy.yaml'), 'utf8').includes('severities:'));
  });

  it('a refused edit names the record by its repo path, not an absolute one', () => {
    const dir = tmpRepo({ 'incidents/latin.md': INCIDENT });
    fs.writeFileSync(path.join(dir, 'incidents', 'latin.md'), Buffer.concat([Buffer.from(INCIDENT.replace('Checkout down', 'Checkout ')), Buffer.from([0xff])]));
    const r = run(['log', 'INC-2026-0001', 'hello'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.err.trim(), 'hindsight log: incidents/latin.md is not valid UTF-8; not editing it (its bytes would change)');
  });

  it('sla lists the open incidents\' clocks, most urgent first, and exits 1 while a target is breached (issue 18)', () => {
    const r = run(['sla', 'test/fixtures/acme', '--format', 'json', '--now', NOW]);
    assert.equal(r.code, 1, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.now, '2026-11-23T10:00:00.000Z');
    assert.deepEqual(j.incidents.map((e: { id: string }) => e.id), ['INC-2026-0904', 'INC-2026-0004', 'INC-2026-0003'], 'breached first, then by the next deadline; a front matter that does not parse is left out');
    const clock = j.incidents[0];
    assert.deepEqual(clock.clocks.map((c: { target: string; state: string }) => `${c.target} ${c.state}`), ['acknowledge breached', 'mitigate at-risk', 'resolve running']);
    assert.deepEqual(clock.escalation.map((st: { step: number; late: boolean }) => `${st.step} ${st.late}`), ['1 true', '2 true']);
    const login = j.incidents[1];
    assert.equal(login.priority, 'P3');
    assert.equal(login.assignedTo, 'team-identity');
    assert.ok(login.escalation.every((st: { reached: boolean }) => st.reached), 'its escalated events reach both steps');
    const text = run(['sla', 'test/fixtures/acme', '--now', NOW]);
    assert.match(text.out, /^INC-2026-0904 DELIBERATE MISTAKES: clocks running {2}\(SEV2 · investigating\)/);
    assert.match(text.out, /✗ acknowledge breached 2h 55m ago/);
    assert.match(text.out, /3 open incidents: 1 with a target breached/);
    // Before the first breach: exit 0.
    assert.equal(run(['sla', 'test/fixtures/acme', '--now', '2026-11-23T07:00:00Z']).code, 0);
    assert.equal(run(['sla', 'test/fixtures/acme', '--now', 'soon']).code, 2);
    // validate --no-clock leaves out what the clock decides.
    const noClock = JSON.parse(run(['validate', 'test/fixtures/acme', '--format', 'json', '--now', NOW, '--no-clock']).out);
    assert.deepEqual(noClock.problems.filter((p: { code: string }) => ['target-at-risk', 'target-breached', 'escalation-late'].includes(p.code)), []);
    assert.equal(noClock.problems.length, ACME_EXPECTED.length - 4);
  });

  it('new incident takes --impact, --urgency (the priority is derived), --category and --detected, checked against the policy (issue 18)', () => {
    const dir = tmpRepo({ '.hindsight/policy.yaml': fs.readFileSync(path.join(ACME, '.hindsight', 'policy.yaml'), 'utf8') });
    const r = run(['new', 'incident', '--title', 'DNS flapping', '--severity', 'SEV3', '--impact', 'significant', '--urgency', 'high', '--category', 'network/dns', '--detected', '2026-12-01T08:00:00Z'], dir);
    assert.equal(r.code, 0, r.err);
    const text = fs.readFileSync(path.join(dir, r.out.trim()), 'utf8');
    assert.match(text, /\nservices: \[\]\nimpact: significant\nurgency: high\npriority: P2\ncategory: network\/dns\n/);
    assert.match(text, /\nstarted: 2026-12-01T08:00:00Z\ndetected: 2026-12-01T08:00:00Z\n/);
    const v = JSON.parse(run(['validate', '--format', 'json', '--no-clock'], dir).out);
    assert.deepEqual(v.problems.filter((p: { code: string }) => p.code !== 'missing-field'), [], 'only the commander the template leaves empty');
    for (const bad of [['--impact', 'huge'], ['--urgency', 'asap'], ['--category', 'network/dnz'], ['--detected', 'tomorrow']]) {
      const b = run(['new', 'incident', '--title', 'x', '--severity', 'SEV3', ...bad], dir);
      assert.equal(b.code, 2, `${bad.join(' ')}: ${b.err}`);
    }
    assert.equal(run(['new', 'runbook', '--title', 'x', '--impact', 'minor'], dir).code, 2);
  });

  it('examples/demo (what the demo opens) is a healthy repo with only the few problems a real one has', () => {
    const j = JSON.parse(run(['validate', 'examples/demo', '--format', 'json', '--now', '2026-12-02T07:00:00Z']).out);
    assert.ok(j.files >= 40, `${j.files} records`);
    // The open incidents are past a target by then (the demo's data stands still while the clock runs): genuine
    // problems too. Every open incident's escalation is logged, so none is late.
    assert.deepEqual([...new Set(j.problems.map((p: { code: string }) => p.code))].sort(), ['action-item-overdue', 'missing-field', 'review-overdue', 'runbook-review-overdue', 'target-breached', 'target-missed']);
    assert.equal(j.problems.filter((p: { severity: string; code: string }) => p.severity === 'error' && p.code !== 'target-breached').length, 1, 'one error besides the clocks: the incident with no commander yet');
  });
});

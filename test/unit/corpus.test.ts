import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPolicy, scanRepo, validateScan, type Policy } from '../../src/core/index';
import { NodeRepoSource } from '../../src/node/repo';
import { REPO_ROOT, NOW } from './helpers';

/** The real corpus lives beside the repo (never copied into it). `.ci/run` sets HINDSIGHT_REQUIRE_CORPUS=1. */
export const CORPUS = process.env.HINDSIGHT_CORPUS ?? path.resolve(REPO_ROOT, '..', 'shared', 'corpus');

/** How the corpus's sources map onto Hindsight's record kinds: a policy like a team would write for such a repo. */
const CORPUS_POLICY = `
paths:
  runbooks: [openshift-runbooks, prometheus-operator-runbooks/content, gitlab-com-runbooks]
  reviews: [dfds-postmortems, 2i2c-incident-reports, dastergon-postmortem-templates, pagerduty-postmortem-docs]
  incidents: [packit-status, cstate-example]
`;

export function corpusPolicy(): Policy {
  const r = loadPolicy(CORPUS_POLICY);
  assert.deepEqual(r.problems, []);
  return r.policy;
}

describe('the real corpus (../shared/corpus)', function () {
  this.timeout(120_000);
  before(function () {
    if (!fs.existsSync(path.join(CORPUS, 'SOURCES.md'))) {
      if (process.env.HINDSIGHT_REQUIRE_CORPUS) throw new Error(`corpus required but missing at ${CORPUS}`);
      console.log(`      (corpus not found at ${CORPUS}: these tests are skipped)`);
      this.skip();
    }
  });

  function runOnce() {
    const policy = corpusPolicy();
    const scan = scanRepo(new NodeRepoSource(CORPUS), policy, { keepTexts: true });
    const result = validateScan(scan, policy, { now: NOW });
    return { scan, result };
  }

  it('indexes and validates every file without a throw, deterministically', () => {
    const a = runOnce();
    const b = runOnce();
    assert.deepEqual(JSON.stringify(a.result), JSON.stringify(b.result), 'two runs differ');
    const mdFiles = new NodeRepoSource(CORPUS).list().filter((f) => /\.md$/i.test(f.path));
    assert.ok(mdFiles.length > 650, `only ${mdFiles.length} Markdown files found`);
    assert.ok(a.scan.filesRead >= mdFiles.length, `read ${a.scan.filesRead} of ${mdFiles.length}`);

    const kinds: Record<string, number> = {};
    const perSource: Record<string, Record<string, number>> = {};
    for (const r of a.scan.index.all()) {
      kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
      const src = r.path.split('/')[0];
      perSource[src] ??= {};
      perSource[src][r.kind] = (perSource[src][r.kind] ?? 0) + 1;
    }
    const byCode: Record<string, number> = {};
    for (const p of a.result.problems) byCode[p.code] = (byCode[p.code] ?? 0) + 1;
    console.log(`      corpus: ${a.scan.filesRead} files read, ${a.scan.index.size} records (${Object.entries(kinds).map(([k, n]) => `${n} ${k}s`).join(', ')}), ${a.result.problems.length} problems`);
    for (const [src, k] of Object.entries(perSource).sort()) console.log(`        ${src}: ${Object.entries(k).map(([kind, n]) => `${n} ${kind}`).join(', ')}`);
    console.log(`      problems by code: ${Object.entries(byCode).sort().map(([c, n]) => `${c} ${n}`).join(', ')}`);
    assert.ok(kinds.runbook > 450 && kinds.review > 45 && kinds.incident > 110, JSON.stringify(kinds));
  });

  it('real runbooks (no front matter, Hugo front matter) are understood without edits and get no problems', () => {
    const { scan, result } = runOnce();
    const runbookProblems = result.problems.filter((p) => scan.index.get(p.file)?.kind === 'runbook');
    assert.deepEqual(runbookProblems.map((p) => `${p.file} ${p.code}`), []);
    const hugo = scan.index.get('prometheus-operator-runbooks/content/runbooks/kubernetes/KubePodCrashLooping.md');
    assert.equal(hugo?.title, 'Kube Pod Crash Looping');
    const openshift = scan.index.all().find((r) => r.path.startsWith('openshift-runbooks/alerts/') && r.kind === 'runbook');
    assert.ok(openshift?.title, 'an OpenShift runbook gets its title from its first heading');
  });

  it('odd files get sensible results', () => {
    const { scan, result } = runOnce();
    const problemsOf = (f: string) => result.problems.filter((p) => p.file === f).map((p) => p.code);
    // front matter without its opening ---
    assert.ok(problemsOf('packit-status/content/issues/2023-10-31-release-monitoring.org-outage.md').includes('frontmatter-missing-open'));
    // zone-less and malformed date strings stay strings; the cState incident is read, its title found
    const tz = scan.index.get('packit-status/content/issues/2024-08-13-github-outage.md');
    assert.ok(tz && tz.ok && tz.title);
    // a postmortem without .md, with spaces in its name, is read as a review
    const noExt = scan.index.get('dfds-postmortems/PM2022-009 - Bad AWS EKS AMI causing Kubernetes issues');
    assert.equal(noExt?.kind, 'review');
    assert.deepEqual(problemsOf('dfds-postmortems/PM2022-009 - Bad AWS EKS AMI causing Kubernetes issues'), ['frontmatter-missing']);
    // empty files: a service's empty README.md is an empty runbook (no title, no problems), and so is an empty .md
    assert.equal(scan.index.get('gitlab-com-runbooks/docs/google_cloud_storage/README.md')?.kind, 'runbook');
    assert.deepEqual(problemsOf('gitlab-com-runbooks/docs/google_cloud_storage/README.md'), []);
    assert.deepEqual(problemsOf('gitlab-com-runbooks/docs/uncategorized/expanding-a-disk-in-gcp.md'), []);
    // a Hugo archetype with Go-template placeholders is a YAML problem, not a crash
    const archetype = problemsOf('packit-status/archetypes/issues.md');
    assert.ok(archetype.length > 0);
  });
});

describe('the shallow parse of the index agrees with the full parse', () => {
  it('on test/fixtures/acme and on every file of the corpus', function () {
    const { parseRecord, summarize, SHALLOW_SKIP } = require('../../src/core/index') as typeof import('../../src/core/index');
    const fs = require('node:fs') as typeof import('node:fs');
    const path = require('node:path') as typeof import('node:path');
    const { acmePolicy, ACME } = require('./helpers') as typeof import('./helpers');
    const roots: [string, Policy][] = [[ACME, acmePolicy()]];
    if (fs.existsSync(path.join(CORPUS, 'SOURCES.md'))) roots.push([CORPUS, corpusPolicy()]);
    let n = 0;
    for (const [root, policy] of roots) {
      for (const e of new NodeRepoSource(root).list()) {
        const text = fs.readFileSync(path.join(root, e.path), 'utf8');
        const full = summarize(parseRecord(e.path, text, policy));
        const shallow = summarize(parseRecord(e.path, text, policy, { skip: SHALLOW_SKIP }));
        // A file whose YAML has an error only inside a skipped block is read best effort either way (validation
        // reports the error); every other file must agree exactly.
        if (full?.ok !== false) assert.deepEqual(shallow, full, e.path);
        n++;
      }
    }
    assert.ok(n > 20);
  });
});

/**
 * Markdown read the way GitHub renders it (issue 15, section 3): one regression test per case the differential
 * run of the old hand-written scanners against remark-parse + remark-gfm found. Each was checked to fail on the
 * scanners this replaced (the commit message says how).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildRunbookView, defaultPolicy, findStep, parseRunbook } from '../../src/core/index';
import { CORPUS } from './corpus.test';
import { NOW } from './helpers';

const hasCorpus = () => fs.existsSync(path.join(CORPUS, 'SOURCES.md'));
function needCorpus(ctx: Mocha.Context): void {
  if (hasCorpus()) return;
  if (process.env.HINDSIGHT_REQUIRE_CORPUS) throw new Error('corpus missing');
  ctx.skip();
}
const steps = (text: string) => parseRunbook(text).sections.flatMap((s) => s.steps);
const F = '```';

describe('runbooks read as CommonMark + GFM (the runbook panel)', () => {
  it('a step whose text continues lazily at column 0 keeps the fenced block indented under it (KubeAPIDown)', () => {
    const text = `## Diagnosis\n\n1. Verify the targets in the\nweb console.\n\n1. If you can still reach the API server, a network issue\nmight exist. Review the pods:\n\n    ${F}console\n    $ oc -n openshift-kube-apiserver get pods\n    ${F}\n## Mitigation\n`;
    const s = steps(text);
    assert.deepEqual(s.map((x) => [x.kind, x.commands.map((c) => c.code)]), [['ordered', []], ['ordered', ['$ oc -n openshift-kube-apiserver get pods']]]);
    assert.equal(s[1].text, 'If you can still reach the API server, a network issue\nmight exist. Review the pods:');
  });

  it('the corpus: KubeAPIDown.md (OpenShift) shows its commands on steps 2 and 3, none standing alone', function () {
    needCorpus(this);
    const r = parseRunbook(fs.readFileSync(path.join(CORPUS, 'openshift-runbooks/alerts/cluster-kube-apiserver-operator/KubeAPIDown.md'), 'utf8'));
    const diag = r.sections.find((x) => x.role === 'diagnosis')!;
    assert.deepEqual(diag.steps.map((x) => [x.kind, x.commands.length]), [['ordered', 0], ['ordered', 1], ['ordered', 1]]);
  });

  it('an unclosed fence ends with its list item: later steps stay steps, and Run sends only the code (GuestVCPUQueueHighCritical)', () => {
    const text = `## Diagnosis\n\n1. **Confirm queue length**\n   ${F}promql\n   queue{ns="a"}\n   ${F}\n\n2. **Check host CPU usage**\n   ${F}promql\n   rate(cpu[2m])\n   \`\`\n   If the CPU usage is more than 90%, migrate other VMs.\n\n3. **Inspect guest processes**\n   \`top -H\`\n\n4. **Verify vCPU allocation**\n   ${F}bash\n   $ oc get vmi\n   ${F}\n`;
    const v = buildRunbookView(text, 'runbooks/g.md', defaultPolicy(), { now: NOW });
    const all = v.sections.flatMap((s) => s.steps);
    assert.deepEqual(all.map((x) => x.number), ['1.1', '1.2', '1.3', '1.4']);
    const two = findStep(v, 's1.2')!;
    assert.deepEqual(two.commands.map((c) => c.code), ['rate(cpu[2m])\n``\nIf the CPU usage is more than 90%, migrate other VMs.\n']);
    for (const c of two.commands) assert.doesNotMatch(c.code, /Inspect guest processes|Verify vCPU/);
    assert.deepEqual(findStep(v, 's1.4')!.commands.map((c) => c.code), ['$ oc get vmi']);
  });

  it('the corpus: GuestVCPUQueueHighCritical.md keeps steps 3 and 4 out of step 2\'s command card', function () {
    needCorpus(this);
    const r = parseRunbook(fs.readFileSync(path.join(CORPUS, 'openshift-runbooks/alerts/openshift-virtualization-operator/GuestVCPUQueueHighCritical.md'), 'utf8'));
    const diag = r.sections.find((x) => x.role === 'diagnosis')!;
    assert.ok(diag.steps.length >= 4, JSON.stringify(diag.steps.map((s) => s.text)));
    for (const st of diag.steps) for (const c of st.commands) assert.doesNotMatch(c.code, /Inspect guest processes|Verify vCPU allocation/);
  });

  it('headings show their text, not link syntax or HTML; setext headings are sections', () => {
    const r = parseRunbook('# Status of [Cloudflare](https://cloudflare.com) &amp; DNS\n\nDiagnosis\n---------\n\n1. Look\n');
    assert.equal(r.title, 'Status of Cloudflare & DNS');
    assert.deepEqual(r.sections.map((s) => [s.title, s.role, s.steps.length]), [['Status of Cloudflare & DNS', 'other', 0], ['Diagnosis', 'diagnosis', 1]]);
  });

  it('`1. [ ] task` is a task step with its checkbox', () => {
    assert.deepEqual(steps('1. [ ] drain the node\n2. [x] cordon it\n').map((s) => [s.kind, s.checked, s.text]), [['task', false, 'drain the node'], ['task', true, 'cordon it']]);
  });

  it('prose keeps its place among the steps: before, between and after them (a note after step 2 is not shown above step 1)', () => {
    const r = parseRunbook('## Mitigation\n\nRead this first.\n\n1. One\n2. Two\n\nIf it still fails, page the DBA.\n\n3. Three\n\nDone.\n');
    assert.deepEqual(r.sections[0].notes, [{ text: 'Read this first.', before: 0 }, { text: 'If it still fails, page the DBA.', before: 2 }, { text: 'Done.', before: 3 }]);
    // A lone CR is a line break to Markdown (and to GitHub): the block ends there, and what follows is shown where it is.
    const cr = parseRunbook('## Steps\n\n1. Do it:\n\n   ```bash\n   echo hello\rrm -rf ~/important\n   ```\n\n2. Next\n');
    assert.deepEqual(cr.sections[0].steps[0].commands.map((c) => c.code), ['echo hello']);
    assert.deepEqual(cr.sections[0].notes.map((n) => [n.text, n.before]), [['rm -rf ~/important', 1]], 'after step 1, not above it');
  });

  it('`10. the edge` right after a paragraph line is the paragraph\'s text, not a step', () => {
    const r = parseRunbook('## Notes\n\nThe value is at most\n10. the edge of the window\n');
    assert.equal(r.stepCount, 0);
    assert.deepEqual(r.sections[0].notes, [{ text: 'The value is at most\n10. the edge of the window', before: 0 }]);
  });

  it('indented code blocks and fences inside block quotes are commands', () => {
    const r = parseRunbook('## Mitigation\n\nRestart it:\n\n    systemctl restart foo\n\n> Or, on the old hosts:\n>\n> ```sh\n> service foo restart\n> ```\n');
    assert.deepEqual(r.sections[0].steps.map((s) => [s.kind, s.commands.map((c) => [c.code, c.lang])]), [['command', [['systemctl restart foo', undefined]]], ['command', [['service foo restart', 'sh']]]]);
    assert.equal(r.commandCount, 2);
  });

  it('a line that opens and closes three backticks is inline code, not a fence: the rest of the file is still read', () => {
    const r = parseRunbook('## Diagnosis\n\n```oc get pods``` shows them.\n\n1. Check\n\n## Mitigation\n\n1. Fix\n');
    assert.deepEqual(r.sections.map((s) => [s.title, s.steps.length]), [['Diagnosis', 1], ['Mitigation', 1]]);
  });

  it('a commented-out heading or step is not read', () => {
    const r = parseRunbook('## Diagnosis\n\n<!--\n## Mitigation\n\n1. old step\n-->\n\n1. Check\n');
    assert.deepEqual(r.sections.map((s) => [s.title, s.steps.map((x) => x.text)]), [['Diagnosis', ['Check']]]);
  });

  it('hostile Markdown (deep nesting, a huge file) gets a clear result, never a throw or a hang', () => {
    for (const text of ['> '.repeat(5000) + 'x\n', '- '.repeat(5000) + 'x\n', Array.from({ length: 2000 }, (_, i) => ' '.repeat(i * 2) + '- x').join('\n'), '1. a\n'.repeat(300_000)]) {
      const t0 = Date.now();
      const r = parseRunbook(text);
      assert.ok(r.error, 'a reason is given');
      assert.equal(r.stepCount, 0);
      const v = buildRunbookView(text, 'runbooks/h.md', defaultPolicy(), { now: NOW });
      assert.match(v.sections.at(-1)!.notes[0].html, /not shown/);
      assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
    }
  });
});

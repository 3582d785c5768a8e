import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { appendTimelineEvent, applyEdits, buildRunbookView, commandRunText, defaultPolicy, findStep, parseRunbook, readRunbookEvent, removeTimelineEvent, stepDoneText } from '../../src/core/index';
import { parseRunbookFromHost, parseRunbookFromWebview } from '../../src/webview/runbookProtocol';
import { RUNS } from './yaml-fast.test';
import hostile from '../fixtures/hostile-texts.json';
import { NodeRepoSource } from '../../src/node/repo';
import { ACME, NOW, acmePolicy } from './helpers';
import { CORPUS } from './corpus.test';

describe('runbooks as steps', () => {
  it('test/fixtures/acme: sections with roles, ordered and task steps, commands under their step', () => {
    const r = parseRunbook(fs.readFileSync(path.join(ACME, 'runbooks', 'checkout-high-error-rate.md'), 'utf8'));
    assert.equal(r.title, 'Checkout error rate high');
    assert.deepEqual(r.sections.map((s) => [s.title, s.role, s.steps.length]), [['Checkout error rate high', 'other', 0], ['Meaning', 'meaning', 0], ['Impact', 'impact', 0], ['Diagnosis', 'diagnosis', 3], ['Mitigation', 'mitigation', 3]]);
    const diag = r.sections[3].steps;
    assert.deepEqual(diag.map((s) => [s.kind, s.commands.length]), [['ordered', 0], ['ordered', 1], ['ordered', 1]]);
    assert.equal(diag[1].commands[0].code, 'kubectl -n checkout rollout history deployment/checkout');
    assert.equal(diag[1].commands[0].lang, 'sh');
    const mit = r.sections[4].steps;
    assert.deepEqual(mit.map((s) => [s.kind, s.checked]), [['task', false], ['task', false], ['task', false]]);
    assert.match(mit[0].text, /roll it back:\n`kubectl -n checkout rollout undo deployment\/checkout`/);
    assert.equal(r.commandCount, 2);
  });
  it('a code block outside any step is a command of its own; comments, shortcodes and <details> are read through', () => {
    const r = parseRunbook('# X\n\n## Diagnosis\n\n<!-- a\ncomment -->\n{{< hint info >}}\n<details>\n<summary>More</summary>\n\n```console\n$ oc get pods\n```\n</details>\n\n- [x] done already\n');
    const d = r.sections.find((s) => s.role === 'diagnosis')!;
    assert.deepEqual(d.steps.map((s) => [s.kind, s.commands.map((c) => c.code), s.checked]), [['command', ['$ oc get pods'], undefined], ['task', [], true]]);
  });
  it('hostile headings, items and info strings stay text', () => {
    const r = parseRunbook('# <img src=x onerror=alert(1)>\n\n1. [x](command:workbench.action.terminal.new)\n\n```sh" onload="alert(1)\necho hi\n```\n');
    assert.equal(r.title, '');
    assert.equal(r.sections[0].steps[0].text, '[x](command:workbench.action.terminal.new)');
    assert.equal(r.sections[0].steps[1].kind, 'command');
    assert.equal(r.sections[0].steps[1].commands[0].lang, 'sh"');
    assert.equal(r.sections[0].steps[1].commands[0].code, 'echo hi');
  });
  it('every runbook of the corpus parses; counts per source', function () {
    if (!fs.existsSync(path.join(CORPUS, 'SOURCES.md'))) { if (process.env.HINDSIGHT_REQUIRE_CORPUS) throw new Error('corpus missing'); this.skip(); }
    const per: Record<string, { files: number; steps: number; commands: number; sections: number }> = {};
    for (const src of ['openshift-runbooks', 'prometheus-operator-runbooks', 'gitlab-com-runbooks']) {
      const t = per[src] = { files: 0, steps: 0, commands: 0, sections: 0 };
      for (const e of new NodeRepoSource(path.join(CORPUS, src)).list()) {
        if (!e.path.endsWith('.md')) continue;
        const r = parseRunbook(fs.readFileSync(path.join(CORPUS, src, e.path), 'utf8'));
        t.files++; t.steps += r.stepCount; t.commands += r.commandCount; t.sections += r.sections.length;
        for (const s of r.sections) for (const st of s.steps) for (const c of st.commands) assert.equal(typeof c.code, 'string');
      }
      console.log(`      ${src}: ${t.files} runbooks, ${t.sections} sections, ${t.steps} steps, ${t.commands} commands`);
    }
    assert.ok(per['openshift-runbooks'].commands > 300, JSON.stringify(per));
    assert.ok(per['prometheus-operator-runbooks'].files > 100);
    assert.ok(per['gitlab-com-runbooks'].steps > 50, JSON.stringify(per));
  });
});

describe('the runbook panel view (core)', () => {
  const policy = acmePolicy();
  const read = (rel: string) => fs.readFileSync(path.join(ACME, rel), 'utf8');
  const RB = 'runbooks/search-index-rebuild.md';
  const INC = 'incidents/2026-11-20-search-degraded.md';

  it('header: owner, services, alerts, last reviewed and when the next review is due (the overdue rule)', () => {
    const v = buildRunbookView(read(RB), RB, policy, { now: NOW });
    assert.deepEqual({ ...v.header }, { path: RB, title: 'Search index rebuild', owner: 'team-search', services: ['search'], alerts: ['SearchIndexerLagHigh'], lastReviewed: '2026-11-02', reviewEvery: '180d', reviewDue: '2027-05-01', overdue: false });
    const late = buildRunbookView(read(RB), RB, policy, { now: Date.parse('2027-06-01T00:00:00Z') });
    assert.equal(late.header.overdue, true);
    const bare = buildRunbookView('# Restart the world\n\n1. Do it\n', 'runbooks/x.md', policy, { now: NOW });
    assert.deepEqual([bare.header.title, bare.header.owner, bare.header.overdue, bare.stepCount], ['Restart the world', undefined, false, 1]);
  });

  it('steps and commands, with the progress the incident\'s timeline holds (checked, unchecked, runs)', () => {
    let inc = read(INC);
    const before = buildRunbookView(read(RB), RB, policy, { now: NOW, incident: { path: INC, text: inc } });
    assert.deepEqual(before.sections.map((s) => [s.title, s.role, s.steps.map((x) => x.number)]), [['Meaning', 'meaning', []], ['Diagnosis', 'diagnosis', ['2.1', '2.2']], ['Mitigation', 'mitigation', ['3.1', '3.2', '3.3']]]);
    assert.deepEqual(before.sections.map((s) => [s.number, s.roleLabel]), [['1', false], ['2', false], ['3', false]], 'numbered as shown; the titles already say their role');
    assert.deepEqual(before.sections[0].notes, [{ html: 'The indexer is more than 30 minutes behind the product catalogue.', before: 0 }], 'prose is kept as notes');
    assert.equal(before.doneCount, 0);
    assert.deepEqual(before.incident, { path: INC, id: 'INC-2026-0003', title: 'Search results stale for new products', status: 'mitigated', ok: true });
    const runbook = { title: before.header.title, path: RB };
    const s31 = findStep(before, 's3.1')!;
    const s32 = findStep(before, 's3.2')!;
    assert.match(s32.commands[0].code, /^echo "rebuild check started/);
    // check two steps and run one command: three appended events, nothing else in the file changes
    for (const ev of [{ text: stepDoneText(runbook, s31) }, { text: stepDoneText(runbook, s32) }, { text: commandRunText(runbook, s32, s32.commands[0].code) }]) {
      const next = applyEdits(inc, appendTimelineEvent(inc, { at: '2026-11-23T10:00:00Z', kind: 'action', text: ev.text, by: 'ann' }));
      assert.ok(next.startsWith(inc.slice(0, inc.indexOf('\n---\n', 4))), 'only appended after the last event');
      inc = next;
    }
    const after = buildRunbookView(read(RB), RB, policy, { now: NOW, incident: { path: INC, text: inc } });
    assert.equal(after.doneCount, 2);
    assert.deepEqual(findStep(after, 's3.1')!.done, { at: '2026-11-23T10:00:00Z', by: 'ann', event: 3 });
    assert.equal(findStep(after, 's3.2')!.commands[0].runs, 1);
    assert.equal(findStep(after, 's4.1')!.done, undefined);
    // unchecking removes exactly that event
    const unchecked = applyEdits(inc, removeTimelineEvent(inc, findStep(after, 's3.1')!.done!.event));
    const again = buildRunbookView(read(RB), RB, policy, { now: NOW, incident: { path: INC, text: unchecked } });
    assert.deepEqual([again.doneCount, findStep(again, 's3.2')!.done?.event], [1, 3]);
    // another runbook's events are not this one's progress
    const other = buildRunbookView(read('runbooks/payments-db-failover.md'), 'runbooks/payments-db-failover.md', policy, { now: NOW, incident: { path: INC, text: inc } });
    assert.equal(other.doneCount, 0);
  });

  it('steps are numbered per section shown; events written with the old numbering (every heading counted) still read back', () => {
    const v = buildRunbookView(read(RB), RB, policy, { now: NOW });
    const [d1, d2] = v.sections[1].steps;
    const m1 = v.sections[2].steps[0];
    assert.deepEqual([d1.id, d1.number, d2.number, m1.id, m1.number], ['s3.1', '2.1', '2.2', 's4.1', '3.1']);
    const runbook = { title: v.header.title, path: RB };
    const inc = read(INC);
    const withEvents = (texts: string[]) => texts.reduce((t, text) => applyEdits(t, appendTimelineEvent(t, { at: '2026-11-23T10:00:00Z', kind: 'action', text, by: 'ann' })), inc);
    // Old: "step 3.1" was Diagnosis' first step (today 2.1), "step 3.2" its command; "step 4.1" Mitigation's first.
    const old = buildRunbookView(read(RB), RB, policy, { now: NOW, incident: { path: INC, text: withEvents([
      stepDoneText(runbook, { number: '3.1', label: d1.label }), commandRunText(runbook, { number: '3.2' }, d2.commands[0].code), stepDoneText(runbook, { number: '4.1', label: m1.label }),
    ]) } });
    assert.deepEqual([old.doneCount, !!findStep(old, 's3.1')!.done, findStep(old, 's3.2')!.commands[0].runs, !!findStep(old, 's4.1')!.done, findStep(old, 's4.2')!.done], [2, true, 1, true, undefined]);
    // New: "step 3.1" is Mitigation's first step.
    const now = buildRunbookView(read(RB), RB, policy, { now: NOW, incident: { path: INC, text: withEvents([stepDoneText(runbook, m1), commandRunText(runbook, d2, d2.commands[0].code)]) } });
    assert.deepEqual([now.doneCount, !!findStep(now, 's4.1')!.done, findStep(now, 's3.1')!.done, findStep(now, 's3.2')!.commands[0].runs], [1, true, undefined, 1]);
    assert.match(stepDoneText(runbook, m1), /, step 3\.1, runbooks\/search-index-rebuild\.md\)$/);
  });

  it('a done step\'s event drops the colon that introduced its command, and still reads back (found by fresh eyes)', () => {
    const rb = '# Checkout errors\n\n## Diagnose\n\n1. Check whether a deploy went out in the last hour:\n\n   ```sh\n   git log --since=1.hour\n   ```\n2. Look at the dashboard\n';
    const v = buildRunbookView(rb, 'runbooks/x.md', policy, { now: NOW });
    const step = v.sections[0].steps[0];
    assert.equal(step.label, 'Check whether a deploy went out in the last hour:');
    const text = stepDoneText({ title: v.header.title, path: 'runbooks/x.md' }, step);
    assert.equal(text, `Runbook step done: Check whether a deploy went out in the last hour (Checkout errors, step ${step.number}, runbooks/x.md)`);
    const inc = applyEdits(read(INC), appendTimelineEvent(read(INC), { at: '2026-11-23T10:00:00Z', kind: 'action', text, by: 'ann' }));
    const done = buildRunbookView(rb, 'runbooks/x.md', policy, { now: NOW, incident: { path: INC, text: inc } });
    assert.equal(done.doneCount, 1);
    assert.ok(findStep(done, step.id)!.done);
  });

  it('an incident whose front matter does not parse is shown as such, never crashes the view', () => {
    const v = buildRunbookView(read(RB), RB, policy, { now: NOW, incident: { path: INC, text: '---\nid: [unclosed\n---\n' } });
    assert.equal(v.incident?.ok, false);
    assert.ok(v.incident?.error);
    assert.equal(v.doneCount, 0);
  });

  it(`property: what the panel writes, it reads back (step and exact command text), for any title, path, label and command (${RUNS} cases)`, () => {
    const str = fc.string({ maxLength: 40, unit: fc.constantFrom('a', ' ', '(', ')', ',', '`', '\n', '$', '"', "'", 'é', 'step 1.2', ', ', '-', '/') });
    fc.assert(fc.property(str, fc.stringMatching(/^runbooks\/[a-z0-9 ()._-]{1,20}\.md$/), fc.nat(99), fc.nat(99), str, str, (title, p, a, b, label, code) => {
      const number = `${a}.${b}`;
      const rb = { title, path: p };
      assert.deepEqual(readRunbookEvent(stepDoneText(rb, { number, label }), p), { kind: 'done', step: number, label });
      const run = readRunbookEvent(commandRunText(rb, { number }, code), p);
      assert.deepEqual(run, { kind: 'run', step: number, code });
      assert.equal(readRunbookEvent(stepDoneText(rb, { number, label }), p + 'x'), undefined);
    }), { numRuns: RUNS });
  });

  it('hostile runbooks: payloads in headings, list items and code-block info strings stay inert', () => {
    const payloads = hostile as string[];
    assert.ok(payloads.length >= 20);
    for (const p of payloads) {
      const text = `# ${p}\n\n## ${p}\n\n1. ${p}\n- [ ] ${p}\n\n\`\`\`${p.replace(/[`\n]/g, '')}\n${p}\n\`\`\`\n`;
      const v = buildRunbookView(text, 'runbooks/hostile.md', policy, { now: NOW });
      for (const sec of v.sections) for (const st of [...sec.steps, ...sec.notes]) {
        assert.doesNotMatch(st.html, /<(?!\/?(strong|em|code|a)[ >])/i, st.html);
        assert.doesNotMatch(st.html, /href="(?!https?:|mailto:)[a-z][a-z0-9+.-]*:/i, st.html);
      }
      // titles, labels, info strings and code are plain strings the webview sets as textContent
      assert.equal(typeof v.header.title, 'string');
    }
  });

  it('every runbook of the corpus renders in the panel view without an error', function () {
    if (!fs.existsSync(path.join(CORPUS, 'SOURCES.md'))) { if (process.env.HINDSIGHT_REQUIRE_CORPUS) throw new Error('corpus missing'); this.skip(); }
    const p = defaultPolicy();
    let files = 0, steps = 0, commands = 0;
    for (const src of ['openshift-runbooks', 'prometheus-operator-runbooks', 'gitlab-com-runbooks']) {
      for (const e of new NodeRepoSource(path.join(CORPUS, src)).list()) {
        if (!e.path.endsWith('.md')) continue;
        const v = buildRunbookView(fs.readFileSync(path.join(CORPUS, src, e.path), 'utf8'), `runbooks/${e.path}`, p, { now: NOW });
        assert.ok(parseRunbookFromHost({ type: 'render', state: { revision: 1, view: v, canRun: true } }), `the panel would drop the view of ${src}/${e.path}`);
        files++; steps += v.stepCount; commands += v.commandCount;
      }
    }
    console.log(`      panel views: ${files} corpus runbooks, ${steps} steps, ${commands} command cards`);
    assert.ok(files > 450 && commands > 1000);
  });
});

describe('the runbook panel protocol', () => {
  it('accepts exactly the protocol\'s messages: ids and indexes, never command text', () => {
    assert.deepEqual(parseRunbookFromWebview({ type: 'run', revision: 3, step: 's3.2', command: 0 }), { type: 'run', revision: 3, step: 's3.2', command: 0 });
    for (const bad of [
      { type: 'run', revision: 3, step: 's3.2', command: 0, code: 'rm -rf ~' },
      { type: 'run', revision: 3, step: 's3.2; rm', command: 0 },
      { type: 'run', revision: -1, step: 's3.2', command: 0 },
      { type: 'check', revision: 3, step: 's1.1', done: 'yes' },
      { type: 'follow', incident: '../../etc/passwd' },
      { type: 'exec', command: 'workbench.action.terminal.new' },
      null, 'ready', [], { type: '__proto__' },
    ]) assert.equal(parseRunbookFromWebview(bad), undefined, JSON.stringify(bad));
    assert.equal(parseRunbookFromHost({ type: 'render', state: { revision: 1, canRun: 'yes' } }), undefined);
    assert.equal(parseRunbookFromHost({ type: 'render', state: { revision: 1, canRun: true, view: { header: {}, sections: [] } } }), undefined);
    // The responder's name: asked for by a message with nothing in it; shown only as a string.
    assert.deepEqual(parseRunbookFromWebview({ type: 'changeResponder' }), { type: 'changeResponder' });
    assert.equal(parseRunbookFromWebview({ type: 'changeResponder', name: 'mallory' }), undefined);
    assert.equal(parseRunbookFromHost({ type: 'render', state: { revision: 1, canRun: true, responder: { toString: 'x' } } }), undefined);
    assert.equal(parseRunbookFromHost({ type: 'render', state: { revision: 1, canRun: true, responder: 'ann' } })?.type, 'render');
    // Sections carry their number and whether their role is worth a label.
    const rb = buildRunbookView('# T\n\n## Troubleshooting\n\n1. Look\n', 'runbooks/t.md', acmePolicy(), { now: NOW });
    assert.deepEqual(rb.sections.map((x) => [x.number, x.title, x.roleLabel, x.steps.map((st) => st.number)]), [['1', 'Troubleshooting', true, ['1.1']]]);
    assert.equal(parseRunbookFromHost({ type: 'render', state: { revision: 1, canRun: true, view: rb } })?.type, 'render');
    const noNumber = { ...rb, sections: rb.sections.map(({ number: _n, ...x }) => x) };
    assert.equal(parseRunbookFromHost({ type: 'render', state: { revision: 1, canRun: true, view: noNumber } }), undefined);
  });
});

describe('runbook commands run exactly as shown (issue 16)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const core = require('../../src/core/index') as typeof import('../../src/core/index');
  const view = (body: string, policy = core.defaultPolicy()) => core.buildRunbookView(`---\ntitle: R\n---\n# R\n\n## Steps\n\n${body}`, 'runbooks/r.md', policy, { now: Date.UTC(2026, 10, 1) });
  const cmds = (v: ReturnType<typeof view>) => v.sections.flatMap((s) => s.steps.flatMap((st) => st.commands));

  it('a carriage return, readline control sequences or direction overrides: not runnable, shown as escapes', () => {
    for (const [code, shown] of [['echo hello\rrm -rf ~/important', 'echo hello\\rrm -rf ~/important'], ['ls\u0015rm -rf /', 'ls\\x15rm -rf /'], ['echo a\u001bbrm x', 'echo a\\x1bbrm x'], ['echo a\u007f', 'echo a\\x7f'], ['echo \u202egnp.exe', 'echo \\u{202e}gnp.exe']]) {
      const [c] = cmds(view('Do it:\n\n```sh\n' + code + '\n```\n'));
      assert.equal(c.runnable, false, JSON.stringify(code));
      assert.match(c.whyNot!, /control or invisible characters/);
      assert.equal(c.display, shown);
      assert.equal(c.code, code, 'the code itself is what the file holds');
    }
    // Inside a list item a CR is a line ending that ends the item (CommonMark): the rest is prose, never a command.
    const inList = cmds(view('1. Do it\n\n   ```sh\n   echo hello\rrm -rf ~/important\n   ```\n'));
    assert.ok(inList.every((c) => !c.code.includes('rm -rf')), JSON.stringify(inList));
    const [ok] = cmds(view('1. Do it\n\n   ```bash\n   kubectl get pods\t-A\n   ```\n'));
    assert.equal(ok.runnable, true);
    assert.equal(ok.display, ok.code);
  });

  it('Run only for shell-like blocks; unlabelled blocks when the policy says so; never data blocks', () => {
    const body = '1. A\n\n   ```yaml\n   a: 1\n   ```\n2. B\n\n   ```json\n   {}\n   ```\n3. C\n\n   ```\n   make deploy\n   ```\n4. D\n\n   ```PowerShell\n   Get-Process\n   ```\n5. E\n\n   ```console\n   df -h\n   ```\n';
    assert.deepEqual(cmds(view(body)).map((c) => c.runnable), [false, false, false, true, true]);
    assert.match(cmds(view(body))[0].whyNot!, /this is a yaml block/);
    assert.match(cmds(view(body))[2].whyNot!, /this block has no language: label it .*run_unlabeled_blocks/, 'says why in the same words as for a data block');
    const loaded = core.loadPolicy('runbook:\n  run_unlabeled_blocks: true\n', '.hindsight/policy.yaml');
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(cmds(view(body, loaded.policy)).map((c) => c.runnable), [false, false, true, true, true]);
    assert.match(core.loadPolicy('runbook:\n  run_unlabeled_blocks: sometimes\n', '.hindsight/policy.yaml').problems[0].message, /true or false/);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRunbook } from '../../src/core/index';
import { NodeRepoSource } from '../../src/node/repo';
import { ACME } from './helpers';
import { CORPUS } from './corpus.test';

describe('runbooks as steps', () => {
  it('examples/acme: sections with roles, ordered and task steps, commands under their step', () => {
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

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './helpers';

describe('CI: action.yml and docs/ci.md', () => {
  const action = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { runs: { using: string; steps: { run?: string; env?: Record<string, string> }[] }; inputs: Record<string, unknown> };

  it('action.yml is a composite action with the documented inputs', () => {
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(Object.keys(action.inputs).sort(), ['changed-since', 'clock', 'node-version', 'path', 'sarif']);
  });

  it('no run: script interpolates an expression (inputs reach the shell through env only)', () => {
    const scripts = action.runs.steps.filter((s) => s.run);
    assert.ok(scripts.length >= 2);
    for (const s of scripts) assert.doesNotMatch(s.run!, /\$\{\{/, s.run);
    const validate = scripts.find((s) => s.run!.includes('--format github'))!;
    assert.ok(validate.env?.HINDSIGHT_CHANGED_SINCE?.includes('inputs.changed-since'));
    assert.match(validate.run!, /if \[ "\$HINDSIGHT_CLOCK" != "true" \]; then args\+=\(--no-clock\); fi/, 'pull requests are not judged by the clock unless asked');
  });

  it('the workflows in docs/ci.md are valid YAML and pass event values through env', () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'ci.md'), 'utf8');
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.ok(blocks.length >= 2);
    const workflow = parse(blocks[0]) as { jobs: Record<string, { steps: { uses?: string; run?: string }[] }> };
    const steps = workflow.jobs.hindsight.steps;
    assert.ok(steps.some((s) => s.uses?.startsWith('actions/checkout')));
    assert.ok(steps.some((s) => s.uses?.includes('upload-sarif')));
    for (const b of blocks) for (const line of b.split('\n')) if (/^\s*-?\s*run:/.test(line)) assert.doesNotMatch(line, /\$\{\{/, line);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { ACME, REPO_ROOT } from './helpers';

describe('policy JSON Schema (schemas/policy.schema.json)', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'policy.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const load = (p: string) => parse(fs.readFileSync(p, 'utf8'));
  it('accepts the starter policy and the acme policy', () => {
    for (const p of [path.join(REPO_ROOT, 'templates', 'policy.yaml'), path.join(ACME, '.hindsight', 'policy.yaml')]) {
      assert.equal(validate(load(p)), true, JSON.stringify(validate.errors));
    }
  });
  it('rejects unknown keys, bad durations and notify targets', () => {
    const base = load(path.join(ACME, '.hindsight', 'policy.yaml'));
    assert.equal(validate({ ...base, rolez: [] }), false);
    assert.equal(validate({ ...base, severities: [{ id: 'S', review_within: '5 days' }] }), false);
    assert.equal(validate({ ...base, escalation_policies: [{ id: 'x', steps: [{ after: '0m', notify: ['someone'] }] }] }), false);
  });
});

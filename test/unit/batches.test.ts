import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { WeightedBatches, MAX_DIAGNOSTICS_PER_SET } from '../../src/extension/util/batches';
import { RUNS } from './yaml-fast.test';

describe('WeightedBatches (diagnostics per DiagnosticCollection.set call)', () => {
  it('keeps every group under the maximum unless one item alone is over it, and loses or reorders nothing', () => {
    fc.assert(fc.property(fc.array(fc.nat(1500), { maxLength: 300 }), fc.integer({ min: 1, max: 1200 }), fc.array(fc.nat(299), { maxLength: 5 }), (weights, max, flushAt) => {
      const groups: number[][] = [];
      const b = new WeightedBatches<number>(max, (w) => w, (items) => groups.push(items));
      weights.forEach((w, i) => { b.add(w); if (flushAt.includes(i)) b.flush(); });
      b.flush();
      assert.deepEqual(groups.flat(), weights);
      for (const g of groups) {
        assert.ok(g.length > 0, 'no empty call');
        const sum = g.reduce((x, y) => x + y, 0);
        assert.ok(sum <= max || g.length === 1, `a group of ${g.length} weighs ${sum} > ${max}`);
      }
    }), { numRuns: RUNS });
  });

  it('sends nothing when empty; fills a group up to the maximum exactly', () => {
    const groups: number[][] = [];
    const b = new WeightedBatches<number>(MAX_DIAGNOSTICS_PER_SET, (w) => w, (items) => groups.push(items));
    b.flush();
    assert.equal(groups.length, 0);
    for (let i = 0; i < 11; i++) b.add(100); // 1,000 then 100
    b.flush();
    assert.deepEqual(groups.map((g) => g.length), [10, 1]);
    assert.ok(MAX_DIAGNOSTICS_PER_SET <= 1100, "VS Code sends at most 1.1 x 1000 diagnostics of one set(entries) call");
  });
});

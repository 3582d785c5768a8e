import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { appendActionItem, assignRole, setActionItemFields, setRole, summarize, appendTimelineEvent, appendTimelineEvents, applyEdits, changeField, EditError, inverseEdit, parseRecord, unbreakableId, wrappingMarkdownText, nextActionItemId, removeTimelineEvent, setField, sortTimeline, updateTimelineEvent, validateRecord, get, toJS, type TextEdit } from '../../src/core/index';
import { acmePolicy, ACME, NOW } from './helpers';
import { documentArb, RUNS } from './yaml-fast.test';

const EV = { at: '2026-03-01T10:30:00Z', kind: 'action', text: 'Rolled back: "v2" #1', by: 'alice' };

/** Asserts that the edits change nothing outside their ranges, and that undoing them restores the original bytes. */
function assertMinimal(before: string, edits: TextEdit[]): string {
  const after = applyEdits(before, edits);
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  // Outside the edited ranges the bytes are identical, in order.
  let pos = 0, outPos = 0;
  for (const e of sorted) {
    assert.equal(after.slice(outPos, outPos + (e.start - pos)), before.slice(pos, e.start));
    outPos += e.start - pos + e.text.length;
    pos = e.end;
  }
  assert.equal(after.slice(outPos), before.slice(pos));
  // Undo restores the original exactly (inverse edits applied from the last to the first).
  let undone = after;
  let shift = 0;
  const inverses = sorted.map((e) => { const inv = inverseEdit(before, e); const r = { ...inv, start: inv.start + shift, end: inv.end + shift }; shift += e.text.length - (e.end - e.start); return r; });
  for (const inv of inverses.reverse()) undone = applyEdits(undone, [inv]);
  assert.equal(undone, before);
  return after;
}

function timeline(text: string): unknown {
  const rec = parseRecord('incidents/x.md', text, acmePolicy());
  assert.equal(rec.yaml?.errors.length ?? 0, 0, `edited text does not parse:\n${text}`);
  return toJS(get(rec.root, 'timeline'));
}

const DOC = `---
# a comment that must survive
id: INC-1   # trailing comment
title: 'Single ''quoted'' title'
status: investigating
services: [a, "b"]

timeline:
    -   at: 2026-03-01T10:00:00Z
        kind: detected   # odd indentation kept
        text: "First"
    -   at: 2026-03-01T10:10:00Z
        kind: note
        text: Second
severity: SEV3
---
Body with --- and timeline: words
`;

describe('minimal edits', () => {
  it('appends an event in the list\'s own indentation, touching nothing else', () => {
    const after = assertMinimal(DOC, appendTimelineEvent(DOC, EV));
    const tl = timeline(after) as Record<string, unknown>[];
    assert.equal(tl.length, 3);
    assert.deepEqual({ ...tl[2] }, EV);
    assert.ok(after.includes('    -   at: 2026-03-01T10:30:00Z\n        kind: action\n'));
  });

  it('creates timeline: when absent, and fills an empty or [] one', () => {
    for (const t of ['---\nid: X\n---\n', '---\nid: X\ntimeline:\n---\n', '---\nid: X\ntimeline: []\nz: 1\n---\n', '---\nid: X\ntimeline: ~ # none yet\n---\n']) {
      const after = assertMinimal(t, appendTimelineEvent(t, EV));
      assert.deepEqual((timeline(after) as unknown[]).length, 1, after);
    }
  });

  it('appends to a flow-style timeline in flow style', () => {
    const t = '---\nid: X\ntimeline: [{at: 2026-03-01T10:00:00Z, kind: note, text: a}]\n---\n';
    const after = assertMinimal(t, appendTimelineEvent(t, EV));
    assert.equal((timeline(after) as unknown[]).length, 2);
  });

  it('keeps CRLF line ends and a BOM', () => {
    const t = '\ufeff' + DOC.replace(/\n/g, '\r\n');
    const after = assertMinimal(t, appendTimelineEvent(t, EV));
    assert.ok(!/[^\r]\n/.test(after), 'a bare LF was written into a CRLF file');
    assert.ok(after.startsWith('\ufeff---'));
    assert.equal((timeline(after) as unknown[]).length, 3);
  });

  it('sets a field in place, keeping its quoting style', () => {
    const after = assertMinimal(DOC, setField(DOC, 'title', "It's new"));
    assert.ok(after.includes("title: 'It''s new'\n"));
    const s = assertMinimal(DOC, setField(DOC, 'status', 'mitigated'));
    assert.ok(s.includes('status: mitigated\n'));
    const added = assertMinimal(DOC, setField(DOC, 'commander', 'a: b'));
    assert.ok(added.includes('commander: "a: b"\n---'));
  });

  it('refuses to set a value that carries an anchor (its aliases would change too); setting the alias detaches it', () => {
    const text = '---\ntype: incident\nstatus: &st investigating\nprevious_status: *st\n---\n';
    assert.throws(() => setField(text, 'status', 'mitigated'), (e: Error) => e instanceof EditError && /anchor &st/.test(e.message) && /alias \*st/.test(e.message));
    assert.throws(() => changeField(text, 'incidents/x.md', 'status', 'mitigated', acmePolicy(), { now: NOW }), /anchor &st/);
    const detached = applyEdits(text, setField(text, 'previous_status', 'triage'));
    assert.equal(detached, '---\ntype: incident\nstatus: &st investigating\nprevious_status: triage\n---\n');
  });

  it('adds an event at its place in time, after the events of the same time, as one inserted range (issue 17)', () => {
    const text = '---\ntype: incident\ntimeline:\n  - at: 2026-03-01T10:00:00Z\n    kind: detected\n    text: a\n  # a comment about b\n  - at: 2026-03-01T10:30:00Z\n    kind: note\n    text: b\n---\n';
    const ev = (at: string, t: string) => ({ at, kind: 'note', text: t });
    const mid = assertMinimal(text, appendTimelineEvent(text, ev('2026-03-01T10:10:00Z', 'mid')));
    assert.ok(mid.indexOf('text: a') < mid.indexOf('text: mid') && mid.indexOf('text: mid') < mid.indexOf('# a comment about b'), mid);
    const same = applyEdits(text, appendTimelineEvent(text, ev('2026-03-01T10:00:00Z', 'same')));
    assert.ok(same.indexOf('text: a') < same.indexOf('text: same') && same.indexOf('text: same') < same.indexOf('text: b'), same);
    const first = applyEdits(text, appendTimelineEvent(text, ev('2026-03-01T09:00:00+00:00', 'first')));
    assert.ok(first.indexOf('text: first') < first.indexOf('text: a'), first);
    const last = applyEdits(text, appendTimelineEvent(text, ev('2026-03-01T11:00:00Z', 'last')));
    assert.ok(last.indexOf('text: b') < last.indexOf('text: last'));
    // In another zone, by the instant: 11:15+01:00 is 10:15Z.
    const zoned = applyEdits(text, appendTimelineEvent(text, ev('2026-03-01T11:15:00+01:00', 'zoned')));
    assert.ok(zoned.indexOf('text: zoned') < zoned.indexOf('text: b'), zoned);
    const flow = '---\ntimeline: [{at: 2026-03-01T10:00:00Z, kind: note, text: a}, {at: 2026-03-01T11:00:00Z, kind: note, text: c}]\n---\n';
    const f = applyEdits(flow, appendTimelineEvent(flow, ev('2026-03-01T10:30:00Z', 'b')));
    assert.deepEqual((toJS(parseRecord('incidents/x.md', f, acmePolicy()).root) as { timeline: { text: string }[] }).timeline.map((e) => e.text), ['a', 'b', 'c']);
  });

  it('removes, updates and sorts events', () => {
    const removed = assertMinimal(DOC, removeTimelineEvent(DOC, 0));
    assert.deepEqual((timeline(removed) as Record<string, unknown>[]).map((e) => e.text), ['Second']);
    const upd = assertMinimal(DOC, updateTimelineEvent(DOC, 1, { text: 'Changed', by: 'bob' }));
    assert.deepEqual({ ...(timeline(upd) as Record<string, unknown>[])[1] }, { at: '2026-03-01T10:10:00Z', kind: 'note', text: 'Changed', by: 'bob' });
    assert.ok(upd.includes('kind: detected   # odd indentation kept'));
    const unsorted = DOC.replace('2026-03-01T10:10:00Z', '2026-03-01T09:50:00Z');
    const sorted = assertMinimal(unsorted, sortTimeline(unsorted));
    assert.deepEqual((timeline(sorted) as Record<string, unknown>[]).map((e) => e.text), ['Second', 'First']);
  });

  it('a status change sets the field, appends the event and fills the milestones the status needs', () => {
    const policy = acmePolicy();
    const edits = changeField(DOC, 'incidents/x.md', 'status', 'resolved', policy, { now: NOW, by: 'sam' });
    const after = assertMinimal(DOC, edits);
    const rec = parseRecord('incidents/x.md', after, policy);
    assert.equal(toJS(get(rec.root, 'status')), 'resolved');
    assert.equal(toJS(get(rec.root, 'mitigated')), '2026-11-23T12:00:00Z');
    assert.equal(toJS(get(rec.root, 'resolved')), '2026-11-23T12:00:00Z');
    const tl = toJS(get(rec.root, 'timeline')) as Record<string, unknown>[];
    assert.deepEqual({ ...tl[2] }, { at: '2026-11-23T12:00:00Z', kind: 'resolved', text: 'Status changed from investigating to resolved', by: 'sam' });
    assert.ok(!validateRecord(rec, policy).some((p) => p.code === 'status-missing-milestone'));
  });

  it('reopening (back to an earlier status) empties the later milestones and the event keeps them; a move forward clears nothing', () => {
    const policy = acmePolicy();
    const resolved = applyEdits(DOC, changeField(DOC, 'incidents/x.md', 'status', 'resolved', policy, { now: NOW }));
    const closed = applyEdits(resolved, changeField(resolved, 'incidents/x.md', 'status', 'closed', policy, { now: NOW }));
    const edits = changeField(closed, 'incidents/x.md', 'status', 'investigating', policy, { now: NOW + 60_000, by: 'sam' });
    const after = assertMinimal(closed, edits);
    const rec = parseRecord('incidents/x.md', after, policy);
    assert.equal(toJS(get(rec.root, 'status')), 'investigating');
    assert.equal(toJS(get(rec.root, 'resolved')), null);
    assert.equal(toJS(get(rec.root, 'mitigated')), null);
    assert.match(after, /\nmitigated:\n/);
    const tl = toJS(get(rec.root, 'timeline')) as Record<string, unknown>[];
    assert.equal(tl[tl.length - 1].text, 'Status changed from closed to investigating (reopened; cleared mitigated 2026-11-23T12:00:00Z, resolved 2026-11-23T12:00:00Z)');
    // No problem the reopening made (the document's own: a missing field, unknown services).
    const codes = (t: string) => validateRecord(parseRecord('incidents/x.md', t, policy), policy, { now: NOW + 60_000 }).map((p) => p.code).sort();
    assert.deepEqual(codes(after), codes(DOC));
    // Back from closed to resolved: resolved is still required, nothing is emptied.
    const back = applyEdits(closed, changeField(closed, 'incidents/x.md', 'status', 'resolved', policy, { now: NOW }));
    assert.equal(toJS(get(parseRecord('incidents/x.md', back, policy).root, 'resolved')), '2026-11-23T12:00:00Z');
    // Forward with a milestone written early: kept.
    const early = DOC.replace('status: investigating', 'status: investigating\nmitigated: 2026-03-01T10:20:00Z');
    const fwd = applyEdits(early, changeField(early, 'incidents/x.md', 'status', 'identified', policy, { now: NOW }));
    assert.match(fwd, /\nmitigated: 2026-03-01T10:20:00Z\n/);
  });

  it('a status change fills a missing milestone no later than a later one kept; a milestone out of order is refused; the same value writes nothing', () => {
    const policy = acmePolicy();
    const codes = (t: string) => validateRecord(parseRecord('incidents/x.md', t, policy), policy, { now: NOW + 3_600_000 }).map((p) => p.code).sort();
    // Closed straight from investigating (resolved only), then back to resolved, which also requires mitigated.
    const closed = applyEdits(DOC, changeField(DOC, 'incidents/x.md', 'status', 'closed', policy, { now: NOW }));
    const back = applyEdits(closed, changeField(closed, 'incidents/x.md', 'status', 'resolved', policy, { now: NOW + 600_000 }));
    assert.match(back, /\nmitigated: 2026-11-23T12:00:00Z\n/, 'mitigated no later than resolved');
    assert.deepEqual(codes(back), codes(DOC));
    // Closing after resolving: the closing event comes after resolved, and is no warning.
    const resolved = applyEdits(DOC, changeField(DOC, 'incidents/x.md', 'status', 'resolved', policy, { now: NOW }));
    const later = applyEdits(resolved, changeField(resolved, 'incidents/x.md', 'status', 'closed', policy, { now: NOW + 600_000 }));
    assert.deepEqual(codes(later), codes(DOC));
    // A milestone out of order is refused, with the one it would cross.
    assert.throws(() => changeField(resolved, 'incidents/x.md', 'mitigated', '2026-11-23T13:00:00Z', policy, { now: NOW + 3_600_000 }), /'mitigated' 2026-11-23T13:00:00Z would be after 'resolved'/);
    const started = DOC.replace('status: investigating', 'status: investigating\nstarted: 2026-03-01T10:00:00Z');
    assert.throws(() => changeField(started, 'incidents/x.md', 'acknowledged', '2026-03-01T09:00:00Z', policy, { now: NOW }), /would be before 'started'/);
    assert.ok(changeField(started, 'incidents/x.md', 'acknowledged', '2026-03-01T10:05:00Z', policy, { now: NOW }).length);
    // Already so: no edit, no "from X to X" event.
    assert.deepEqual(changeField(DOC, 'incidents/x.md', 'status', 'investigating', policy, { now: NOW }), []);
    assert.deepEqual(changeField(DOC, 'incidents/x.md', 'severity', 'SEV3', policy, { now: NOW }), []);
  });

  it('a milestone not written yet goes after the nearest earlier one, not after the timeline', () => {
    const policy = acmePolicy();
    const text = '---\nid: INC-1\nstatus: investigating\nstarted: 2026-03-01T09:50:00Z\nacknowledged: 2026-03-01T10:05:00Z\nescalation: team-page\ntimeline:\n  - at: 2026-03-01T10:00:00Z\n    kind: detected\n    text: x\n---\n';
    const resolved = applyEdits(text, changeField(text, 'incidents/x.md', 'status', 'resolved', policy, { now: NOW }));
    assert.match(resolved, /\nacknowledged: 2026-03-01T10:05:00Z\nmitigated: 2026-11-23T12:00:00Z\nresolved: 2026-11-23T12:00:00Z\nescalation: team-page\ntimeline:/);
    const detected = applyEdits(text, changeField(text, 'incidents/x.md', 'detected', '2026-03-01T10:00:00Z', policy, { now: NOW }));
    assert.match(detected, /\nstarted: 2026-03-01T09:50:00Z\ndetected: 2026-03-01T10:00:00Z\nacknowledged:/);
    // No earlier milestone: at the end of the front matter, as any new field.
    const bare = '---\nid: INC-1\nstatus: investigating\n---\n';
    assert.equal(applyEdits(bare, changeField(bare, 'incidents/x.md', 'started', '2026-03-01T09:50:00Z', policy, { now: NOW })), '---\nid: INC-1\nstatus: investigating\nstarted: 2026-03-01T09:50:00Z\n---\n');
  });

  it('appends several events (an import) as one minimal edit', () => {
    const evs = [EV, { ...EV, at: '2026-03-01T10:40:00Z', text: 'second' }, { at: '2026-03-01T10:50:00Z', kind: 'note', text: 'third' }];
    for (const t of [DOC, '---\nid: X\n---\nbody\n']) {
      const edits = appendTimelineEvents(t, evs);
      assert.equal(edits.length, 1);
      const after = assertMinimal(t, edits);
      assert.deepEqual((timeline(after) as Record<string, unknown>[]).slice(-3).map((e) => e.text), [EV.text, 'second', 'third']);
    }
    assert.deepEqual(appendTimelineEvents(DOC, []), []);
  });

  it('refuses when the front matter does not parse, and writes nothing', () => {
    for (const t of ['---\nid: [x\n---\n', '---\nid: x\n', 'no front matter\n', '---js\nx\n---\n', '---\ntimeline: 5\n---\n']) {
      assert.throws(() => appendTimelineEvent(t, EV), EditError, t);
    }
    assert.throws(() => appendTimelineEvent(DOC, { ...EV, at: 'yesterday' }), EditError);
    // A layout where the insertion would break the YAML (a tab-indented blank line) is refused, not written.
    assert.throws(() => appendTimelineEvent('---\n:\n\t\n---\n', EV), EditError);
    assert.throws(() => changeField(DOC, 'x', 'status', 'nope', acmePolicy(), { now: NOW }), EditError);
  });

  it('for every incident in test/fixtures/acme: each edit changes only its range and undo restores the bytes', () => {
    const dir = path.join(ACME, 'incidents');
    let n = 0;
    for (const f of fs.readdirSync(dir)) {
      const t = fs.readFileSync(path.join(dir, f), 'utf8');
      const rec = parseRecord(`incidents/${f}`, t, acmePolicy());
      if (rec.yaml?.errors.length) { assert.throws(() => appendTimelineEvent(t, EV), EditError); continue; }
      n++;
      assertMinimal(t, appendTimelineEvent(t, EV));
      assertMinimal(t, setField(t, 'commander', 'new.person'));
      const count = (toJS(get(rec.root, 'timeline')) as unknown[] | null)?.length ?? 0;
      for (let i = 0; i < count; i++) {
        assertMinimal(t, removeTimelineEvent(t, i));
        assertMinimal(t, updateTimelineEvent(t, i, { text: 'edited', kind: 'note' }));
      }
      assertMinimal(t, sortTimeline(t));
    }
    assert.ok(n >= 5);
  });

  it('property: on generated front matter, appending an event keeps every other byte and parses', () => {
    const withTimeline = fc.tuple(documentArb, fc.integer({ min: 0, max: 3 }), fc.constantFrom('\n', '\r\n')).map(([doc, k, eol]) => {
      const items = Array.from({ length: k }, (_, i) => `  - at: 2026-03-01T10:0${i}:00Z\n    kind: note\n    text: e${i}\n`).join('');
      const fmText = (doc.includes('timeline:') ? doc : doc + (k ? `timeline:\n${items}` : ''));
      return `---\n${fmText}---\nbody\n`.replace(/\n/g, eol);
    });
    fc.assert(fc.property(withTimeline, (t) => {
      let edits: TextEdit[];
      try { edits = appendTimelineEvent(t, EV); } catch (e) { if (e instanceof EditError) return true; throw e; }
      const after = assertMinimal(t, edits);
      const tl = timeline(after) as Record<string, unknown>[];
      assert.deepEqual({ ...tl[tl.length - 1] }, EV);
      return true;
    }), { numRuns: Math.max(200, RUNS / 5) });
  });

  it('property: on generated incidents, update/remove/sort change only their range and undo restores the bytes', () => {
    const arb = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.array(fc.constantFrom('# note', '', 'x: 1'), { maxLength: 2 }), fc.nat(), fc.string({ maxLength: 20 }))
      .map(([k, eol, quoted, extra, pick, newText]) => {
        const items = Array.from({ length: k }, (_, i) => `  - at: 2026-03-01T10:${String((i * 7) % 60).padStart(2, '0')}:00Z\n    kind: note\n    text: ${quoted ? JSON.stringify('e' + i + ': x') : 'e' + i}${i % 2 ? '\n    by: b' + i : ''}\n`).join('');
        const doc = `---\nid: INC-1\n${extra.join('\n')}${extra.length ? '\n' : ''}timeline:\n${items}severity: SEV3\n---\nbody\n`.replace(/\n/g, eol);
        return { doc, k, index: pick % k, newText };
      });
    let checked = 0;
    fc.assert(fc.property(arb, ({ doc, index, newText }) => {
      for (const make of [() => removeTimelineEvent(doc, index), () => updateTimelineEvent(doc, index, { text: newText || 'x', kind: 'action' }), () => updateTimelineEvent(doc, index, { by: 'someone' }), () => sortTimeline(doc)]) {
        let edits: TextEdit[];
        try { edits = make(); } catch (e) { if (e instanceof EditError) continue; throw e; }
        assertMinimal(doc, edits);
        timeline(applyEdits(doc, edits));
        checked++;
      }
      return true;
    }), { numRuns: Math.max(200, RUNS / 5) });
    assert.ok(checked > 0);
  });
});

describe('minimal edits of action items', () => {
  const policy = acmePolicy();
  const REV = 'reviews/2026-03-16-checkout-outage.md';
  const items = (t: string) => summarize(parseRecord(REV, t, policy))!.actionItems;

  it('appends an item in the list\'s own indentation; the result validates; every other byte stays', () => {
    const t = fs.readFileSync(path.join(ACME, REV), 'utf8');
    const e = appendActionItem(t, { id: 'AI-3', title: 'Page on "pool > 80%"', owner: 'team-sre', due: '2026-12-31', status: 'open', type: 'detective' });
    assert.equal(e.length, 1);
    assert.equal(e[0].start, e[0].end, 'an insertion');
    assert.equal(e[0].text, '  - id: AI-3\n    title: "Page on \\"pool > 80%\\""\n    owner: team-sre\n    due: 2026-12-31\n    status: open\n    type: detective\n');
    const after = applyEdits(t, e);
    assert.deepEqual(items(after).map((a) => a.id), ['AI-1', 'AI-2', 'AI-3']);
    assert.equal(items(after)[2].title, 'Page on "pool > 80%"');
    assert.deepEqual(validateRecord(parseRecord(REV, after, policy), policy, { now: NOW }).map((p) => p.code), []);
  });

  it('creates action_items: when absent, fills an empty or [] one', () => {
    for (const [fm, expect] of [
      ['title: R\nincident: INC-1\n', 'title: R\nincident: INC-1\naction_items:\n  - title: Fix it\n    owner: ann\n'],
      ['title: R\naction_items:\nincident: INC-1\n', 'title: R\naction_items:\n  - title: Fix it\n    owner: ann\nincident: INC-1\n'],
      ['title: R\naction_items: []   # none yet\n', 'title: R\naction_items:\n  - title: Fix it\n    owner: ann   # none yet\n'],
    ]) {
      const t = `---\n${fm}---\n# R\n`;
      assert.equal(applyEdits(t, appendActionItem(t, { title: 'Fix it', owner: 'ann' })), `---\n${expect}---\n# R\n`, fm);
    }
  });

  it('marks an item done in place (keeping quotes) or by adding the field; undo restores the bytes', () => {
    const t = `---\ntitle: R\naction_items:\n  - id: A\n    title: a\n    status: 'open'   # keep\n  - id: B\n    title: b\n  - { id: C, title: c }\n---\n`;
    const a = setActionItemFields(t, 0, { status: 'done' });
    assert.equal(applyEdits(t, a), t.replace("status: 'open'", "status: 'done'"));
    const b = setActionItemFields(t, 1, { status: 'done' });
    assert.equal(applyEdits(t, b), t.replace('    title: b\n', '    title: b\n    status: done\n'));
    const c = setActionItemFields(t, 2, { status: 'done' });
    assert.equal(applyEdits(t, c), t.replace('{ id: C, title: c }', '{ id: C, title: c, status: done }'));
    for (const e of [a, b, c]) assert.equal(applyEdits(applyEdits(t, e), e.map((x) => inverseEdit(t, x)).reverse()), t);
    assert.throws(() => setActionItemFields(t, 3, { status: 'done' }), EditError);
    assert.throws(() => appendActionItem('---\ntitle: [unclosed\n---\n', { title: 'x' }), EditError, 'broken YAML: nothing is written');
    assert.throws(() => appendActionItem(t, { title: '  ' }), EditError);
  });
});

describe('naming the person in a role (setRole)', () => {
  const roles = (text: string) => {
    const rec = parseRecord('incidents/x.md', text, acmePolicy());
    assert.equal(rec.yaml?.errors.length ?? 0, 0, `edited text does not parse:\n${text}`);
    return JSON.parse(JSON.stringify({ commander: toJS(get(rec.root, 'commander')), roles: toJS(get(rec.root, 'roles')) })) as { commander: unknown; roles: unknown };
  };
  const base = '---\nid: INC-1\ncommander: alice\n';
  it('sets the commander field, not a role', () => {
    const after = assertMinimal(base + '---\n', setRole(base + '---\n', 'commander', 'bob'));
    assert.deepEqual(roles(after), { commander: 'bob', roles: null });
  });
  it('adds roles: when absent, and a role to a block mapping in its own indentation', () => {
    let t = base + '---\nBody\n';
    t = assertMinimal(t, setRole(t, 'communications', 'sam'));
    assert.ok(t.includes('roles:\n  communications: sam\n---\n'), t);
    t = assertMinimal(t, setRole(t, 'scribe', 'lee: the scribe'));
    assert.deepEqual(roles(t).roles, { communications: 'sam', scribe: 'lee: the scribe' });
    const indented = base + 'roles:\n    scribe: ann\n---\n';
    const after = assertMinimal(indented, setRole(indented, 'communications', 'sam'));
    assert.ok(after.includes('    scribe: ann\n    communications: sam\n'), after);
  });
  it('replaces a role in place (a placeholder too), keeping comments', () => {
    const t = base + 'roles:\n  communications: TBD   # who?\n  scribe: ann\n---\n';
    const after = assertMinimal(t, setRole(t, 'communications', 'sam'));
    assert.ok(after.includes('  communications: sam   # who?\n'), after);
    assert.deepEqual(roles(after).roles, { communications: 'sam', scribe: 'ann' });
  });
  it('fills an empty roles: (empty, null or {})', () => {
    for (const empty of ['roles:', 'roles: ~', 'roles: {}', 'roles: null']) {
      const t = `${base}${empty}\ntitle: x\n---\n`;
      const after = assertMinimal(t, setRole(t, 'communications', 'sam'));
      assert.deepEqual(roles(after).roles, { communications: 'sam' }, after);
    }
  });
  it('refuses a roles: that is not a mapping, an anchored value, or nobody', () => {
    assert.throws(() => setRole(base + 'roles: [a, b]\n---\n', 'scribe', 'x'), EditError);
    assert.throws(() => setRole(base + 'roles:\n  scribe: &s ann\nother: *s\n---\n', 'scribe', 'x'), /anchor/);
    assert.throws(() => setRole(base + '---\n', 'scribe', '  '), EditError);
  });
});

describe('role and severity changes that keep the incident valid (fresh eyes, issue 17)', () => {
  const policy = acmePolicy();
  const INC_TEXT = '---\nid: INC-1\ntitle: T\nseverity: SEV1\nstatus: investigating\ncommander: ana\nroles:\n  communications: bo\nescalation: major-incident\nstarted: 2026-11-23T10:00:00Z\ntimeline:\n  - at: 2026-11-23T10:00:00Z\n    kind: detected\n    text: x\n---\n';
  it('a severity change brings the new severity\'s escalation policy along, and says so', () => {
    const after = applyEdits(INC_TEXT, changeField(INC_TEXT, 'incidents/a.md', 'severity', 'SEV2', policy, { now: Date.parse('2026-11-23T10:30:00Z') }));
    assert.match(after, /\nescalation: team-page\n/);
    assert.match(after, /text: "Severity changed from SEV1 to SEV2; escalation policy team-page \(was major-incident\)"\n/);
    assert.deepEqual(validateRecord(parseRecord('incidents/a.md', after, policy), policy, { now: Date.parse('2026-11-23T10:30:00Z') }).filter((p) => p.code === 'escalation-mismatch'), []);
    // No escalation: field: nothing to follow (the severity implies it).
    const implied = INC_TEXT.replace('escalation: major-incident\n', '');
    assert.doesNotMatch(applyEdits(implied, changeField(implied, 'incidents/a.md', 'severity', 'SEV2', policy, { now: Date.parse('2026-11-23T10:30:00Z') })), /escalation:/);
  });
  it('assigning a role logs who took it; roles: goes under the commander, or after a timeline that ends the front matter', () => {
    const text = INC_TEXT.replace('roles:\n  communications: bo\n', '');
    const after = assertMinimal(text, assignRole(text, 'incidents/a.md', 'communications', 'cy', policy, { now: Date.parse('2026-11-23T10:30:00Z'), by: 'ana' }));
    assert.match(after, /\ncommander: ana\nroles:\n {2}communications: cy\nescalation:/, 'beside the commander (found by fresh eyes: it went after the whole timeline)');
    assert.match(after, /\n {2}- at: 2026-11-23T10:30:00Z\n {4}kind: role\n {4}text: "Communications: cy"\n {4}by: ana\n---\n/);
    const alone = text.replace('commander: ana\n', '');
    const last = assertMinimal(alone, assignRole(alone, 'incidents/a.md', 'communications', 'cy', policy, { now: Date.parse('2026-11-23T10:30:00Z'), by: 'ana' }));
    assert.match(last, /\n {2}- at: 2026-11-23T10:30:00Z\n {4}kind: role\n {4}text: "Communications: cy"\n {4}by: ana\nroles:\n {2}communications: cy\n---\n/);
    const again = applyEdits(after, assignRole(after, 'incidents/a.md', 'commander', 'dee', policy, { now: Date.parse('2026-11-23T10:31:00Z') }));
    assert.match(again, /\ncommander: dee\n/);
    assert.match(again, /text: "Commander: dee \(was ana\)"\n/);
  });
  it('naming who held a role on a resolved incident leaves no warning (a role event is bookkeeping, as a status change is)', () => {
    const closed = INC_TEXT.replace('status: investigating', 'status: closed').replace('started: 2026-11-23T10:00:00Z', 'started: 2026-11-23T10:00:00Z\ndetected: 2026-11-23T10:00:00Z\nacknowledged: 2026-11-23T10:01:00Z\nmitigated: 2026-11-23T10:05:00Z\nresolved: 2026-11-23T10:10:00Z');
    const now = Date.parse('2026-11-25T09:00:00Z');
    const codes = (t: string) => validateRecord(parseRecord('incidents/a.md', t, policy), policy, { now }).map((p) => p.code);
    assert.deepEqual(codes(closed).filter((c) => c === 'timeline-outside-window'), []);
    const after = applyEdits(closed, assignRole(closed, 'incidents/a.md', 'scribe', 'li.wei', policy, { now }));
    assert.match(after, /kind: role\n {4}text: "Scribe: li\.wei"\n/);
    assert.deepEqual(codes(after).filter((c) => c === 'timeline-outside-window'), []);
    // Any other event after resolved still warns.
    const noted = after.replace('kind: role', 'kind: note');
    assert.deepEqual(codes(noted).filter((c) => c === 'timeline-outside-window'), ['timeline-outside-window']);
  });
});

describe('action item ids', () => {
  it('follow the repo: above every id where ids are unique across reviews (found by fresh eyes: AI-1 repeated), per review where they repeat', () => {
    const a = { path: 'reviews/a.md', actionItems: [{ id: 'AI-1' }, { id: 'AI-2' }] };
    const b = { path: 'reviews/b.md', actionItems: [{ id: 'AI-3' }, { id: 'AI-15' }] };
    const empty = { path: 'reviews/c.md', actionItems: [] };
    assert.equal(nextActionItemId([a, b, empty], empty), 'AI-16');
    assert.equal(nextActionItemId([a, b], a), 'AI-16');
    const own = { path: 'reviews/d.md', actionItems: [{ id: 'AI-1' }] };
    assert.equal(nextActionItemId([a, b, own], own), 'AI-2', 'AI-1 in two reviews: each numbers its own');
    assert.equal(nextActionItemId([a, b, own, empty], empty), 'AI-1');
    assert.equal(nextActionItemId([], empty), 'AI-1');
  });
});

describe('display helpers', () => {
  it('unbreakableId keeps an id on one line where text wraps, and reads the same', () => {
    const shown = unbreakableId('INC-2026-0029');
    assert.equal(shown, 'INC-\u20602026-\u20600029');
    assert.equal(shown.replace(/\u2060/g, ''), 'INC-2026-0029');
  });
  it('wrappingMarkdownText escapes what Markdown reads and keeps plain spaces (a tooltip wraps between words)', () => {
    const md = wrappingMarkdownText('✗ INC-1 <b>*Search* [x](y) #1_a`c`\nnext & more: resolve breached');
    assert.equal(md, '✗ INC\\-1 \\<b\\>\\*Search\\* \\[x\\]\\(y\\) \\#1\\_a\\`c\\` next \\& more: resolve breached');
    assert.ok(!md.includes('&nbsp;') && md.includes(' resolve breached'));
  });
});

import * as assert from 'node:assert/strict';
import { defaultPolicy, loadPolicy } from '../../src/core/index';
import { acmePolicy, check, codes, fm, GOOD_INCIDENT } from './helpers';

const INC = 'incidents/a.md';
const policy = acmePolicy();
const base = `id: INC-1
title: T
severity: SEV3
status: investigating
services: [search]
started: 2026-03-01T10:00:00Z`;
const with_ = (extra: string, b = base) => fm(`${b}\n${extra}`);
const only = (text: string, code: string, opts: Parameters<typeof check>[2] = {}) => check(INC, text, { policy, ...opts }).filter((p) => p.code === code);

describe('validation rules', () => {
  it('a correct incident gets no diagnostic at all', () => {
    // (Open incidents, judged as they are declared: every target runs, no escalation step is overdue yet.)
    assert.deepEqual(check(INC, fm(GOOD_INCIDENT), { now: Date.parse('2026-03-01T10:05:00Z') }), []);
    assert.deepEqual(check(INC, fm(base), { policy, now: Date.parse('2026-03-01T10:00:00Z') }), []);
  });

  it('yaml-syntax: at its position, and no field noise after it', () => {
    const t = fm('id: INC-1\ntitle: [unclosed\nseverity: SEV3');
    const ps = check(INC, t, { policy });
    assert.deepEqual(codes(ps), ['yaml-syntax']);
  });

  it('yaml-syntax: the parser\'s message is followed by what to do about it', () => {
    const msg = (yaml: string) => check(INC, fm(yaml), { policy }).find((p) => p.code === 'yaml-syntax')?.message ?? '';
    assert.match(msg('id: INC-1\ntitle: Checkout: down'), /needs quotes \(title: "Checkout: down"\)/);
    assert.match(msg('id: INC-1\ntimeline:\n  - at: 2026-03-01T10:00:00Z\n   text: x'), /Sequence item without - indicator: check the indentation: an item's other fields line up/);
    assert.match(msg('id: INC-1\nroles:\n  commander: a\n scribe: b'), /check the indentation: the fields of one mapping/);
    assert.match(msg('id: INC-1\nowner: @ana'), /quote the value \(owner: "@ana"\)/);
    // Found by fresh eyes: each of these said nothing of what to do, or the wrong thing at the wrong line.
    assert.match(msg('id: INC-1\ntitle: "Unsubscribe" link broken'), /a quoted value ends at its closing quote: quote the whole value \(title: '"Unsubscribe" link broken'\)/);
    assert.match(msg('id: INC-1\ntimeline:\n  - at: 2026-03-01T10:00:00Z\n    by ana\n'), /is the ':' missing\? a field is written 'by: ana'/);
    assert.match(msg('id: INC-1\nby ana\nseverity: SEV3'), /is the ':' missing\? a field is written 'by: ana'/);
    assert.match(msg('id: INC-1\nservices:\n  - a\n - b'), /the items of one list start in the same column/);
    const unclosed = fm('id: INC-1\ntitle: T\nservices: [search\nseverity: SEV3');
    const u = check(INC, unclosed, { policy }).find((p) => p.code === 'yaml-syntax')!;
    assert.match(u.message, /a list opened with '\[' must be closed with '\]' on the same line/);
    assert.equal(unclosed.slice(u.start, u.end), 'services: [search', 'on the line that opens it (found by fresh eyes: the line below, with an indentation hint)');
    const text = fm('id: INC-1\ntitle: T\n severity: SEV3\nstatus: investigating');
    const under = check(INC, text, { policy }).find((p) => p.code === 'yaml-syntax')!;
    assert.match(under.message, /this line is indented more than 'title:' above it, so YAML reads it as part of that value/);
    assert.equal(text.slice(under.start, under.end), 'severity: SEV3', 'on the indented line, not on the title');
    // The same under a list item's first field (`kind:` indented past `at:`), found by a second pass.
    const deep = fm('id: INC-1\ntitle: T\ntimeline:\n  - at: 2026-03-01T10:00:00Z\n      kind: detected\n    text: x');
    const d = check(INC, deep, { policy }).find((p) => p.code === 'yaml-syntax')!;
    assert.match(d.message, /this line is indented more than 'at:' above it/);
    assert.equal(deep.slice(d.start, d.end), 'kind: detected');
    assert.match(msg('id: INC-1\nroles:\n\tcommander: a'), /indent with spaces/);
  });

  it('yaml-syntax: the edit a hint describes comes with it, for the quick fix, and leaves valid YAML', () => {
    const fixed = (yaml: string) => {
      const t = fm(yaml);
      const p = check(INC, t, { policy }).find((x) => x.code === 'yaml-syntax')!;
      assert.ok(p.data?.fixTitle, `a fix for: ${p.message}`);
      const out = t.slice(0, Number(p.data.fixStart)) + p.data.fixText + t.slice(Number(p.data.fixEnd));
      assert.deepEqual(check(INC, out, { policy }).filter((x) => x.code === 'yaml-syntax'), [], out);
      return { title: p.data.fixTitle, yaml: out.slice(4, out.lastIndexOf('\n---')) };
    };
    assert.deepEqual(fixed('id: INC-1\ntitle: Checkout: down'), { title: 'Quote the whole value: "Checkout: down"', yaml: 'id: INC-1\ntitle: "Checkout: down"' });
    assert.deepEqual(fixed('id: INC-1\nowner: @ana'), { title: 'Quote the whole value: "@ana"', yaml: 'id: INC-1\nowner: "@ana"' });
    assert.deepEqual(fixed('id: INC-1\ntitle: "Unsubscribe" link broken'), { title: `Quote the whole value: '"Unsubscribe" link broken'`, yaml: `id: INC-1\ntitle: '"Unsubscribe" link broken'` });
    assert.deepEqual(fixed('id: INC-1\ntimeline:\n  - at: 2026-03-01T10:00:00Z\n    by ana\n'), { title: "Add ':' after 'by'", yaml: 'id: INC-1\ntimeline:\n  - at: 2026-03-01T10:00:00Z\n    by: ana\n' });
    assert.deepEqual(fixed('id: INC-1\ntitle: T\n severity: SEV3\nstatus: investigating'), { title: "Start it in the column of 'title:'", yaml: 'id: INC-1\ntitle: T\nseverity: SEV3\nstatus: investigating' });
    assert.deepEqual(fixed('id: INC-1\ntitle: T\ntimeline:\n  - at: 2026-03-01T10:00:00Z\n      kind: detected\n    text: x').yaml, 'id: INC-1\ntitle: T\ntimeline:\n  - at: 2026-03-01T10:00:00Z\n    kind: detected\n    text: x');
    assert.deepEqual(fixed('id: INC-1\ntitle: T\nservices: [search\nseverity: SEV3'), { title: "Close it with ']' at the end of the line", yaml: 'id: INC-1\ntitle: T\nservices: [search]\nseverity: SEV3' });
    assert.equal(fixed('id: INC-1\ntitle: T\nservices: [search, checkout,\nseverity: SEV3').yaml, 'id: INC-1\ntitle: T\nservices: [search, checkout]\nseverity: SEV3', 'a trailing comma goes (fresh eyes: [checkout, payments,])');
    // No fix where what to write is not clear: a comment may end the value, a list item out of line, a tab.
    const none = (yaml: string) => assert.equal(check(INC, fm(yaml), { policy }).find((x) => x.code === 'yaml-syntax')?.data, undefined, yaml);
    none('id: INC-1\nowner: @ana # on call');
    none('id: INC-1\nservices:\n  - a\n - b');
    none('id: INC-1\nroles:\n\tcommander: a');
  });

  it('target-unmeasured: an ended incident whose acknowledge target has no milestone to judge it by (noted by fresh eyes)', () => {
    const closed = (extra: string) => fm(`id: INC-1\ntitle: T\nseverity: SEV2\nstatus: closed\nservices: [search]\ncommander: ana\nstarted: 2026-03-01T10:00:00Z\ndetected: 2026-03-01T10:00:00Z\n${extra}mitigated: 2026-03-01T10:30:00Z\nresolved: 2026-03-01T11:00:00Z`);
    const p = only(closed(''), 'target-unmeasured');
    assert.equal(p.length, 1);
    assert.match(p[0].message, /^Time to acknowledge is not measured: 'acknowledged' is not set, so the \S+ target of 15m cannot be judged; add 'acknowledged:' with when the incident was acknowledged$/);
    assert.deepEqual(p[0].data, { milestone: 'acknowledged' });
    // The timeline's own acknowledged event: named, and the quick fix's time.
    const withEvent = only(closed('timeline:\n  - at: 2026-03-01T10:04:00Z\n    kind: acknowledged\n    text: paged\n'), 'target-unmeasured');
    assert.deepEqual(withEvent[0].data, { milestone: 'acknowledged', at: '2026-03-01T10:04:00Z' });
    assert.match(withEvent[0].message, /\(the timeline's acknowledged event says 2026-03-01T10:04:00Z\)$/);
    assert.deepEqual(only(closed('acknowledged: 2026-03-01T10:04:00Z\n'), 'target-unmeasured'), [], 'measured');
    // Open: its clock runs (at risk, breached), not this.
    assert.deepEqual(only(fm(`${base}\nseverity: SEV2`.replace('severity: SEV3\n', '')), 'target-unmeasured'), []);
    // A milestone the status requires is reported as missing, once.
    const noResolved = fm(`id: INC-1\ntitle: T\nseverity: SEV2\nstatus: closed\nservices: [search]\ncommander: ana\nstarted: 2026-03-01T10:00:00Z\nacknowledged: 2026-03-01T10:04:00Z\nmitigated: 2026-03-01T10:30:00Z`);
    assert.deepEqual(only(noResolved, 'target-unmeasured'), []);
    assert.equal(only(noResolved, 'status-missing-milestone').length, 1);
    // Resolved without mitigated, where the status does not require it: resolving mitigates, not asked again.
    const builtIn = fm('id: INC-1\ntitle: T\nseverity: SEV3\nstatus: resolved\nstarted: 2026-03-01T10:00:00Z\nresolved: 2026-03-01T12:00:00Z');
    assert.deepEqual(check(INC, builtIn, { policy: defaultPolicy() }).filter((x) => x.code === 'target-unmeasured').map((x) => x.data?.milestone), ['acknowledged']);
  });

  it('a target in a calendar is missed in working hours, never in days that read as 24 hours (fresh eyes: "1d 9h ... missed the target of 3d by 3h")', () => {
    // P3: resolve within 3d of the business calendar (08:00-18:00 Berlin, a working day is 10 hours). Monday 08:00
    // to Thursday 11:00 (Berlin): 33 working hours, 3 over; 3d 3h on the wall clock.
    const text = fm('id: INC-1\ntitle: T\nseverity: SEV4\nstatus: resolved\nservices: [search]\nimpact: moderate\nurgency: high\npriority: P3\nstarted: 2026-03-02T07:00:00Z\nmitigated: 2026-03-05T10:00:00Z\nresolved: 2026-03-05T10:00:00Z');
    const missed = only(text, 'target-missed').map((p) => p.message);
    assert.deepEqual(missed.filter((m) => m.startsWith('Time to resolve')), ['Time to resolve 33h of working time missed the P3 target of 3d (30h) by 3h (counted in the business calendar)']);
    const { incidentMetrics, indexSummary } = require('../../src/core/index') as typeof import('../../src/core/index');
    const resolve = incidentMetrics(indexSummary(INC, text, policy)!, policy).find((m) => m.name === 'resolve')!;
    // Said in the time it is judged on (fresh eyes: "23h 57m ... missed by 2h of working time" did not add up).
    assert.deepEqual({ met: resolve.met, value: resolve.value, missedBy: resolve.missedBy, target: resolve.targetText }, { met: false, value: '33h of working time', missedBy: '3h', target: '3d P3 in business hours' }, 'not the wall clock\'s 3d 3h less 30 working hours');
    const { formatMetrics } = require('../../src/core/index') as typeof import('../../src/core/index');
    assert.equal(formatMetrics([resolve]), 'TTR 33h of working time ✗ (target 3d P3 in business hours, +3h)');
    // A target already in hours is not said twice ("8h (8h)").
    const p2 = fm('id: INC-1\ntitle: T\nseverity: SEV4\nstatus: resolved\nservices: [search]\nimpact: extensive\nurgency: medium\npriority: P2\nstarted: 2026-03-02T07:00:00Z\nacknowledged: 2026-03-02T07:10:00Z\nmitigated: 2026-03-02T17:00:00Z\nresolved: 2026-03-02T17:00:00Z');
    assert.deepEqual(only(p2, 'target-missed').map((p) => p.message), ['Time to resolve 10h of working time missed the P2 target of 8h by 2h (counted in the business calendar)']);
  });

  it('a field indented one space under an empty one: the message says the line below is read as part of it (found by fresh eyes)', () => {
    const ps = check(INC, fm(`${base}\nresolved:\n runbooks: []`), { policy });
    const p = ps.find((x) => x.code === 'invalid-datetime')!;
    assert.match(p.message, /^'resolved' must be an ISO 8601 date-time .*; the line below is indented under it, so YAML reads 'runbooks' as part of 'resolved': start it in the same column/);
    assert.match(check(INC, fm(`${base}\ncommander:\n  runbooks: []\n  review: x`), { policy }).find((x) => x.code === 'invalid-value')!.message, /the lines below are indented under it, so YAML reads 'runbooks', 'review' as part of 'commander'/);
  });

  it('comment-in-value: a # touching a word after a plain value cut it (found by fresh eyes); a spaced comment is one', () => {
    const text = fm('id: INC-1\ntitle: Newsletter #2 unsubscribe broken\nseverity: SEV3  # was SEV4\nstatus: investigating\nservices: [search] #x\nstarted: 2026-03-01T10:00:00Z\ntimeline:\n  - at: 2026-03-01T10:00:00Z\n    kind: detected\n    text: "Posted in #ops"\n  - at: 2026-03-01T10:01:00Z\n    kind: note\n    text: Asked in\t#ops-help today');
    const ps = check(INC, text, { policy }).filter((p) => p.code === 'comment-in-value');
    assert.deepEqual(ps.map((p) => text.slice(p.start, p.end)), ['Newsletter #2 unsubscribe broken', 'Asked in\t#ops-help today']);
    assert.equal(ps[0].severity, 'warning');
    assert.match(ps[0].message, /^'#2 unsubscribe broken' is read as a YAML comment, so the value is 'Newsletter': quote the whole value/);
    // The quick fix's text reads back as the whole value.
    const fixed = text.slice(0, ps[0].start) + ps[0].data!.replacement + text.slice(ps[0].end);
    assert.deepEqual(check(INC, fixed, { policy }).filter((p) => p.code === 'comment-in-value').length, 1);
    assert.match(fixed, /\ntitle: "Newsletter #2 unsubscribe broken"\n/);
  });

  it('field-typo: a field one typo from one Hindsight reads, while that one is missing; other unknown fields are left alone (found by fresh eyes)', () => {
    const t = with_('runbook: [runbooks/a.md]\nServices: [x]\nacknowleged: 2026-03-01T10:05:00Z\ncustom_field: 1\neckout: down\nrevew: x');
    const ps = only(t, 'field-typo');
    assert.deepEqual(ps.map((p) => [t.slice(p.start, p.end), p.allowed]), [['runbook', ['runbooks']], ['acknowleged', ['acknowledged']], ['revew', ['review']]], "'Services' is not reported: services is written");
    assert.equal(ps[0].severity, 'warning');
    assert.match(ps[0].message, /^'runbook' is not a field Hindsight reads: did you mean 'runbooks'\?/);
    // The quick fix (the allowed value over the key) renames it: its warning goes.
    const fixed = t.slice(0, ps[0].start) + 'runbooks' + t.slice(ps[0].end);
    assert.equal(only(fixed, 'field-typo').length, 2);
    // A review and a runbook have their own fields.
    assert.deepEqual(check('reviews/r.md', fm('title: R\nincident: INC-1\nstatus: draft\nautors: [a]'), { policy }).filter((p) => p.code === 'field-typo').map((p) => p.allowed), [['authors']]);
    assert.deepEqual(check('runbooks/r.md', fm('title: R\nowners: team-a\nweight: 3'), { policy }).filter((p) => p.code === 'field-typo').map((p) => p.allowed), [['owner']]);
  });

  it('duplicate-key: reported on the repeated key', () => {
    const t = with_('severity: SEV1');
    const ps = only(t, 'duplicate-key');
    assert.equal(ps.length, 1);
    assert.equal(t.slice(ps[0].start, ps[0].start + 8), 'severity');
    assert.ok(ps[0].start > t.indexOf('severity: SEV3'));
  });

  const unknown: [string, string, string, string][] = [
    ['unknown-severity', 'severity: SEV9', 'SEV9', 'SEV1'],
    ['unknown-status', 'status: done', 'done', 'investigating'],
    ['unknown-service', 'services: [search, billing]', 'billing', 'checkout'],
    ['unknown-role', 'roles:\n  negotiator: bob', 'negotiator', 'scribe'],
    ['unknown-escalation', 'escalation: nobody', 'nobody', 'team-page'],
  ];
  for (const [code, line, bad, allowedExample] of unknown) {
    it(`${code}: ranged on the value, lists the allowed values`, () => {
      const key = line.split(':')[0];
      const b = base.split('\n').filter((l) => !l.startsWith(key + ':')).join('\n');
      const t = with_(line, b);
      const ps = only(t, code);
      assert.equal(ps.length, 1, JSON.stringify(check(INC, t, { policy })));
      assert.equal(t.slice(ps[0].start, ps[0].end), bad);
      assert.ok(ps[0].message.includes(allowedExample), ps[0].message);
      assert.ok(ps[0].allowed!.includes(allowedExample));
      assert.equal(ps[0].severity, 'error');
      const good = with_(line.replace(bad, allowedExample), b);
      assert.equal(only(good, code).length, 0);
    });
  }

  it('unknown-service in a list: the values it may become leave out those the list has (no duplicate offered)', () => {
    const b = base.split('\n').filter((l) => !l.startsWith('services:')).join('\n');
    const ps = only(with_('services: [checkout, search, paymnts]', b), 'unknown-service');
    assert.equal(ps.length, 1);
    assert.ok(!ps[0].allowed!.includes('checkout') && !ps[0].allowed!.includes('search'), ps[0].message);
    assert.ok(ps[0].allowed!.length > 0);
    assert.doesNotMatch(ps[0].message, /checkout/);
    // Every service listed already: no value to offer, the message says to remove it.
    const all = policy.services!;
    const full = only(with_(`services: [${all.join(', ')}, paymnts]`, b), 'unknown-service');
    assert.equal(full.length, 1);
    assert.equal(full[0].allowed, undefined);
    assert.match(full[0].message, /listed already: remove it/);
  });

  it('unknown-timeline-kind', () => {
    assert.equal(only(with_('timeline:\n  - at: 2026-03-01T10:01:00Z\n    kind: chat\n    text: x'), 'unknown-timeline-kind').length, 1);
    assert.equal(only(with_('timeline:\n  - at: 2026-03-01T10:01:00Z\n    kind: deploy\n    text: x'), 'unknown-timeline-kind').length, 0);
  });

  it('missing-field: always-required fields and the ones the severity requires (fields or roles)', () => {
    const ps = check(INC, fm('title: T\nseverity: SEV1\nstatus: investigating\nescalation: major-incident'), { policy });
    const missing = ps.filter((p) => p.code === 'missing-field').map((p) => p.data!.field).sort();
    assert.deepEqual(missing, ['commander', 'communications', 'id', 'started']);
    const ok = check(INC, fm(`${base.replace('SEV3', 'SEV1')}\nescalation: major-incident\ncommander: a\nroles:\n  communications: b`), { policy });
    assert.deepEqual(ok.filter((p) => p.code === 'missing-field'), []);
  });

  it('invalid-datetime and datetime-no-zone', () => {
    const bad = only(with_('detected: 2026-13-01T10:00:00Z'), 'invalid-datetime');
    assert.equal(bad.length, 1);
    assert.equal(only(with_('detected: "2024-08-13T015:00:00+02:00"'), 'invalid-datetime').length, 1);
    const soon = Date.parse('2026-03-01T10:05:00Z');
    const zoneless = check(INC, with_('detected: 2026-03-01 10:05:00'), { policy, now: soon });
    assert.deepEqual(codes(zoneless), ['datetime-no-zone']);
    assert.equal(zoneless[0].severity, 'warning');
    assert.deepEqual(check(INC, with_('detected: 2026-03-01T11:05:00+01:00'), { policy, now: soon }), []);
  });

  it('milestones-out-of-order (zones taken into account)', () => {
    assert.equal(only(with_('detected: 2026-03-01T09:00:00Z'), 'milestones-out-of-order').length, 1);
    // 10:30+01:00 is 09:30Z: before started
    assert.equal(only(with_('detected: 2026-03-01T10:30:00+01:00'), 'milestones-out-of-order').length, 1);
    assert.equal(only(with_('detected: 2026-03-01T11:30:00+01:00'), 'milestones-out-of-order').length, 0);
  });

  it('status-missing-milestone', () => {
    const t = fm(base.replace('investigating', 'resolved') + '\nmitigated: 2026-03-01T11:00:00Z');
    const ps = only(t, 'status-missing-milestone');
    assert.equal(ps.length, 1);
    assert.equal(ps[0].data!.milestone, 'resolved');
    assert.equal(t.slice(ps[0].start, ps[0].end), 'resolved');
    assert.equal(only(t + '', 'status-missing-milestone').length, 1);
    const ok = fm(base.replace('investigating', 'resolved') + '\nmitigated: 2026-03-01T11:00:00Z\nresolved: 2026-03-01T12:00:00Z');
    assert.equal(only(ok, 'status-missing-milestone').length, 0);
  });

  it('status-behind-milestone: a milestone only a later status requires, once, naming the furthest status', () => {
    const t = fm(base + '\nmitigated: 2026-03-01T11:00:00Z\nresolved: 2026-03-01T12:00:00Z');
    const ps = only(t, 'status-behind-milestone');
    assert.equal(ps.length, 1);
    assert.equal(ps[0].severity, 'warning');
    assert.deepEqual(ps[0].data, { status: 'resolved', milestone: 'resolved' });
    assert.equal(t.slice(ps[0].start, ps[0].end), 'investigating');
    assert.equal(only(fm(base + '\nmitigated: 2026-03-01T11:00:00Z'), 'status-behind-milestone')[0].data!.status, 'mitigated');
    // Not behind: the status requires it, or a later status is set; acknowledged no status requires.
    assert.equal(only(fm(base.replace('investigating', 'mitigated') + '\nmitigated: 2026-03-01T11:00:00Z'), 'status-behind-milestone').length, 0);
    assert.equal(only(fm(base.replace('investigating', 'closed') + '\nmitigated: 2026-03-01T11:00:00Z\nresolved: 2026-03-01T12:00:00Z'), 'status-behind-milestone').length, 0);
    assert.equal(only(fm(base + '\nacknowledged: 2026-03-01T10:05:00Z'), 'status-behind-milestone').length, 0);
  });

  it('escalation-mismatch, and an omitted escalation is implied', () => {
    assert.equal(only(with_('escalation: major-incident'), 'escalation-mismatch').length, 1);
    assert.equal(only(with_('escalation: team-page'), 'escalation-mismatch').length, 0);
    assert.equal(only(fm(base), 'escalation-mismatch').length, 0);
  });

  it('timeline-out-of-order and timeline-outside-window are warnings', () => {
    const tl = (a: string, b: string) => with_(`resolved: 2026-03-01T12:00:00Z\nmitigated: 2026-03-01T11:00:00Z\ntimeline:\n  - at: ${a}\n    kind: note\n    text: one\n  - at: ${b}\n    kind: note\n    text: two`);
    const ooo = only(tl('2026-03-01T10:30:00Z', '2026-03-01T10:20:00Z'), 'timeline-out-of-order');
    assert.equal(ooo.length, 1);
    assert.equal(ooo[0].severity, 'warning');
    // Events are counted as people count them: the second is "event 2".
    assert.match(ooo[0].message, /^Timeline event 2 \(2026-03-01T10:20:00Z\) is earlier than the event before it/);
    assert.match(only(tl('2026-03-01T10:30', '2026-03-01T10:40:00Z'), 'datetime-no-zone')[0].message, /^'timeline event 1: at' has no zone offset/);
    assert.equal(only(tl('2026-03-01T10:20:00Z', '2026-03-01T10:30:00Z'), 'timeline-out-of-order').length, 0);
    assert.equal(only(tl('2026-03-01T09:00:00Z', '2026-03-01T10:30:00Z'), 'timeline-outside-window').length, 1);
    assert.equal(only(tl('2026-03-01T10:20:00Z', '2026-03-01T13:00:00Z'), 'timeline-outside-window').length, 1);
  });

  it('target-missed says by how much', () => {
    const t = with_('detected: 2026-03-01T10:00:00Z\nacknowledged: 2026-03-01T11:30:00Z');
    const ps = only(t, 'target-missed');
    assert.equal(ps.length, 1);
    assert.match(ps[0].message, /Time to acknowledge 1h 30m missed the SEV3 target of 1h by 30m/);
    assert.equal(only(with_('detected: 2026-03-01T10:00:00Z\nacknowledged: 2026-03-01T10:30:00Z'), 'target-missed').length, 0);
  });

  it('broken-link for runbooks and reviews', () => {
    const others = { 'runbooks/db.md': fm('title: DB') };
    assert.equal(only(with_('runbooks: [runbooks/db.md]'), 'broken-link', { others }).length, 0);
    assert.equal(only(with_('runbooks: [runbooks/nope.md]'), 'broken-link', { others }).length, 1);
    assert.equal(only(with_('review: reviews/nope.md'), 'broken-link', { others }).length, 1);
  });

  it('broken-link: a runbook that exists but cannot be read as one (binary, too large, a link), found by fresh eyes', () => {
    const { parseRecord, validateRecord, WorkspaceIndex } = require('../../src/core/index') as typeof import('../../src/core/index');
    const text = with_('runbooks: [runbooks/bin.md, runbooks/db.md, runbooks/restart.sh]');
    const index = new WorkspaceIndex(policy);
    index.update(INC, text);
    index.update('runbooks/db.md', fm('title: DB'));
    index.addFile('runbooks/bin.md'); // as the read registers a file it could not read as a record
    index.addFile('runbooks/restart.sh'); // not Markdown: a file a runbook may link, not a runbook
    const ps = validateRecord(parseRecord(INC, text, policy), policy, { index, now: Date.parse('2026-03-01T10:00:00Z') }).filter((p) => p.code === 'broken-link');
    assert.deepEqual(ps.map((p) => [text.slice(p.start, p.end), p.message]), [['runbooks/bin.md', "Runbook 'runbooks/bin.md' cannot be read as a runbook (binary, too large or a symbolic link: see the problem on the file)"]]);
  });

  it('review-backlink: the incident\'s review must point back', () => {
    const review = (inc: string) => ({ 'reviews/r.md': fm(`title: R\nincident: ${inc}\nstatus: draft`) });
    assert.equal(only(with_('review: reviews/r.md'), 'review-backlink', { others: review('INC-1') }).length, 0);
    assert.equal(only(with_('review: reviews/r.md'), 'review-backlink', { others: review('incidents/a.md') }).length, 0);
    assert.equal(only(with_('review: reviews/r.md'), 'review-backlink', { others: { ...review('INC-2'), 'incidents/b.md': fm(base.replace('INC-1', 'INC-2')) } }).length, 1);
  });

  it('duplicate-id across files', () => {
    assert.equal(only(fm(base), 'duplicate-id', { others: { 'incidents/b.md': fm(base) } }).length, 1);
    assert.equal(only(fm(base), 'duplicate-id', { others: { 'incidents/b.md': fm(base.replace('INC-1', 'INC-2')) } }).length, 0);
  });

  it('review-overdue once review_within has passed after resolved', () => {
    const sev1 = `${base.replace('SEV3', 'SEV1').replace('investigating', 'closed')}\ncommander: a\nroles:\n  communications: b\nescalation: major-incident\nmitigated: 2026-03-01T10:30:00Z\nresolved: 2026-03-01T11:00:00Z`;
    assert.equal(only(fm(sev1), 'review-overdue').length, 1);
    assert.equal(only(fm(sev1), 'review-overdue', { now: Date.parse('2026-03-03T00:00:00Z') }).length, 0, 'not yet due');
    assert.equal(only(fm(sev1), 'review-overdue', { others: { 'reviews/r.md': fm('title: R\nincident: INC-1\nstatus: draft') } }).length, 0, 'a review points at it');
  });

  it('review rules: required fields, status, sections, action items', () => {
    const REV = 'reviews/r.md';
    const body = '\n## Summary\n## Impact\n## Timeline\n## Contributing Factors\n## Action Items\n## Lessons Learned\n';
    const others = { [INC]: fm(base) };
    const good = `---\ntitle: R\nincident: INC-1\nstatus: draft\naction_items:\n  - id: A\n    title: Fix\n    owner: me\n    due: 2027-01-01\n    status: open\n---\n${body}`;
    assert.deepEqual(check(REV, good, { policy, others }), []);
    const c = (t: string) => codes(check(REV, t, { policy, others }));
    assert.deepEqual(c(good.replace('status: draft', 'status: final')), ['invalid-value']);
    assert.deepEqual(c(good.replace('## Lessons Learned\n', '')), ['missing-section']);
    assert.deepEqual(c(good.replace('    owner: me\n', '')), ['action-item-incomplete']);
    assert.deepEqual(c(good.replace('    due: 2027-01-01\n', '')), ['action-item-incomplete']);
    assert.deepEqual(c(good.replace('2027-01-01', '2026-01-01')), ['action-item-overdue']);
    assert.deepEqual(c(good.replace('2027-01-01', '2026-01-01').replace('status: open', 'status: done')), []);
    assert.deepEqual(c(good.replace('incident: INC-1', 'incident: INC-404')), ['broken-link']);
    assert.deepEqual(c(body), ['frontmatter-missing']);
  });

  it('runbook rules: review hygiene; runbooks without front matter are fine', () => {
    const RB = 'runbooks/x.md';
    assert.deepEqual(check(RB, '# KubePodCrashLooping\n\n## Meaning\n\nText\n', { policy }), []);
    const rb = (d: string, every = '90d') => fm(`title: X\nlast_reviewed: ${d}\nreview_every: ${every}`);
    assert.deepEqual(codes(check(RB, rb('2026-11-01'), { policy })), []);
    assert.deepEqual(codes(check(RB, rb('2025-01-01'), { policy })), ['runbook-review-overdue']);
    assert.deepEqual(codes(check(RB, rb('2026-11-01', '3 months'), { policy })), ['invalid-duration']);
  });

  it('files outside record folders without type: are never reported on', () => {
    assert.deepEqual(check('docs/notes.md', fm('severity: nonsense\nstatus: 1')), []);
    assert.deepEqual(check('incidents/README.md', '# Our incidents\n'), []);
    assert.ok(check('docs/x.md', fm('type: incident\ntitle: T')).some((p) => p.code === 'missing-field'));
  });
});

describe('placeholders and people (issue 17)', () => {
  const sev1 = (extra: string) => fm(GOOD_INCIDENT.replace('severity: SEV3', 'severity: SEV1') + '\n' + extra);
  it('a required person written as a placeholder (TBD, TODO, ?, n/a) is missing, reported where it is written', () => {
    const policy = acmePolicy();
    for (const ph of ['TBD', 'todo', '"?"', 'n/a', "'TBD'"]) {
      const text = sev1(`commander: ${ph}\nroles:\n  communications: maria`);
      const ps = check(INC, text, { policy }).filter((p) => p.code === 'missing-field');
      assert.equal(ps.length, 1, ph);
      assert.equal(ps[0].data?.field, 'commander');
      assert.equal(ps[0].data?.placeholder, 'true');
      assert.equal(text.slice(ps[0].start, ps[0].end), ph, 'the range is the placeholder itself');
    }
    const role = check(INC, sev1('commander: ana\nroles:\n  communications: "?"'), { policy }).filter((p) => p.code === 'missing-field');
    assert.deepEqual(role.map((p) => p.data?.field), ['communications']);
    assert.deepEqual(codes(check(INC, sev1('commander: ana\nroles:\n  communications: Tobias'), { policy })).filter((c) => c === 'missing-field'), []);
  });

  it('a missing required role asks for it under roles: (where new and the editor write it)', () => {
    const policy = acmePolicy();
    for (const extra of ['commander: ana', 'commander: ana\nroles:\n  scribe: bo']) {
      const text = sev1(extra);
      const ps = check(INC, text, { policy }).filter((p) => p.code === 'missing-field');
      assert.deepEqual(ps.map((p) => [p.data?.field, p.data?.role]), [['communications', 'true']], extra);
      assert.match(ps[0].message, /under 'roles:' \(roles: communications: <person>\)/);
    }
    // The commander is a top-level field: no roles: hint.
    const cmd = check(INC, sev1('roles:\n  communications: bo'), { policy }).filter((p) => p.code === 'missing-field');
    assert.deepEqual(cmd.map((p) => [p.data?.field, p.data?.role]), [['commander', undefined]]);
  });

  it('suggests the user, then the repo\'s commanders and authors by frequency, never a placeholder', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { suggestPeople } = require('../../src/core/index') as typeof import('../../src/core/index');
    const inc = (commander?: string) => ({ kind: 'incident', commander, authors: [] }) as unknown as Parameters<typeof suggestPeople>[0][number];
    const rev = (authors: string[]) => ({ kind: 'review', authors }) as unknown as Parameters<typeof suggestPeople>[0][number];
    const recs = [inc('bo'), inc('ana'), inc('TBD'), inc('bo'), rev(['cy', 'ana']), inc(undefined), inc('?')];
    assert.deepEqual(suggestPeople(recs), ['ana', 'bo', 'cy']);
    assert.deepEqual(suggestPeople(recs, { me: 'cy' }), ['cy', 'ana', 'bo']);
    assert.deepEqual(suggestPeople(recs, { me: 'TBD', limit: 1 }), ['ana']);
  });
  it('an action item\'s owner: the incident\'s commander and roles first, then the user and the repo (issue 17)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { suggestPeople, incidentPeople, parseRecord, defaultPolicy } = require('../../src/core/index') as typeof import('../../src/core/index');
    const root = parseRecord('incidents/a.md', '---\nid: INC-1\ncommander: dee\nroles:\n  scribe: eve\n  communications: TBD\n  commander: dee\n---\n', defaultPolicy()).root;
    assert.deepEqual(incidentPeople(root), ['dee', 'eve']);
    const inc = (commander?: string) => ({ kind: 'incident', commander, authors: [] }) as unknown as Parameters<typeof suggestPeople>[0][number];
    assert.deepEqual(suggestPeople([inc('bo'), inc('eve')], { me: 'cy', first: incidentPeople(root) }), ['dee', 'eve', 'cy', 'bo']);
  });
  it("an incident's roles for the timeline editor's header: the commander, the severity's required roles, then the others written (issue 17)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { incidentRoles, parseRecord } = require('../../src/core/index') as typeof import('../../src/core/index');
    const policy = acmePolicy(); // SEV1 requires commander and communications
    const root = (fmText: string) => parseRecord('incidents/a.md', `---\nid: INC-1\n${fmText}\n---\n`, policy).root;
    assert.deepEqual(incidentRoles(root('commander: TBD\nroles:\n  scribe: eve'), policy, 'SEV1'), [
      { role: 'commander', required: true }, { role: 'communications', required: true }, { role: 'scribe', required: false, person: 'eve' }]);
    assert.deepEqual(incidentRoles(root('commander: dee\nroles:\n  communications: sam'), policy, 'SEV3'), [
      { role: 'commander', required: false, person: 'dee' }, { role: 'communications', required: false, person: 'sam' }]);
    assert.deepEqual(incidentRoles(root('roles:\n  commander: dee'), policy, 'SEV1').slice(0, 1), [{ role: 'commander', required: true, person: 'dee' }]);
  });
});

describe('review prompts (issue 17)', () => {
  const review = (status: string, summary: string) => `---\ntitle: R\nincident: INC-2026-0001\nstatus: ${status}\ndate: 2026-01-01\n---\n# R\n\n## Summary\n\n${summary}\n\n## Impact\n\nSome.\n\n## Timeline\n\nx\n\n## Contributing Factors\n\nx\n\n## Action Items\n\nx\n\n## Lessons Learned\n\nx\n`;
  const others = { 'incidents/a.md': fm(GOOD_INCIDENT) };
  it('a published review with a section holding only its prompt is warned about; a draft is not; a written section is not', () => {
    const prompt = '<!-- prompt: What happened, in two or three sentences. -->';
    const ps = check('reviews/r.md', review('published', prompt), { others });
    assert.deepEqual(ps.filter((p) => p.code === 'review-section-unwritten').map((p) => [p.severity, p.message.split(' still')[0]]), [['warning', "Section 'Summary'"]]);
    assert.deepEqual(codes(check('reviews/r.md', review('draft', prompt), { others })).filter((c) => c === 'review-section-unwritten'), []);
    assert.deepEqual(codes(check('reviews/r.md', review('published', `${prompt}\n\nWe broke checkout.`), { others })).filter((c) => c === 'review-section-unwritten'), []);
  });
  it('a required section is to be written, never removed; another may be either', () => {
    const prompt = '<!-- prompt: x -->';
    const t = review('published', prompt) + `\n## Appendix\n\n${prompt}\n`;
    const ms = check('reviews/r.md', t, { others }).filter((p) => p.code === 'review-section-unwritten').map((p) => p.message.split(': ').slice(1).join(': '));
    assert.deepEqual(ms, ['write it (the policy requires this section)', 'write it, or remove the section']);
  });
});

describe('policy loading', () => {
  // The example in docs/format.md is the contract: it must validate clean and mean what it says.
  const EXAMPLE = (() => {
    const doc = require('node:fs').readFileSync(require('node:path').join(__dirname, '../../../docs/format.md'), 'utf8') as string;
    const at = doc.indexOf('## The policy');
    const open = doc.indexOf('```yaml\n', at) + 8;
    return doc.slice(open, doc.indexOf('```', open));
  })();
  it('the example in docs/format.md validates clean and means what it says', () => {
    const r = loadPolicy(EXAMPLE);
    assert.deepEqual(r.problems, []);
    const p = r.policy;
    assert.deepEqual(p.severities.map((s) => s.id), ['SEV1', 'SEV2']);
    assert.equal(p.severities[0].escalation, 'major-incident');
    assert.equal(p.severities[0].reviewWithin, 5 * 86_400_000);
    assert.deepEqual(p.severities[0].targets, { acknowledge: 300_000, mitigate: 3_600_000, resolve: 14_400_000 });
    assert.deepEqual(p.statuses.find((s) => s.id === 'resolved')!.requires, ['mitigated', 'resolved']);
    assert.ok(p.timelineKinds.includes('deploy') && p.timelineKinds.includes('note'));
    assert.deepEqual(p.escalationPolicies[0].steps.map((s) => s.after), [0, 900_000]);
    assert.equal(p.escalationPolicies[0].repeat, 2);
    assert.deepEqual(p.paths.reviews, ['reviews', 'postmortems']);
    assert.deepEqual(p.services, ['checkout', 'payments', 'search']);
  });
  it('the shipped starter policy validates clean', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const path = require('node:path') as typeof import('node:path');
    const starter = loadPolicy(fs.readFileSync(path.join(__dirname, '../../../templates/policy.yaml'), 'utf8'));
    assert.deepEqual(starter.problems, []);
    // What `hindsight init` writes starts from the built-in policy (a repo without one): the same severities with
    // the same requirements and targets, statuses and roles; it adds escalation policies and the incident process.
    const builtIn = defaultPolicy();
    const sev = (p: typeof builtIn) => JSON.parse(JSON.stringify(p.severities.map((s) => ({ id: s.id, title: s.title, description: s.description, requires: s.requires, reviewWithin: s.reviewWithin, targets: s.targets }))));
    assert.deepEqual(sev(starter.policy), sev(builtIn));
    assert.deepEqual(starter.policy.statuses.map((s) => s.id), builtIn.statuses.map((s) => s.id));
    assert.deepEqual(starter.policy.roles, builtIn.roles);
  });
  const bad: [string, string, string][] = [
    ['unknown key', EXAMPLE.replace('roles:', 'rolez:'), 'policy-unknown-key'],
    ['unknown escalation reference', EXAMPLE.replace('escalation: team-page', 'escalation: nope'), 'policy-unknown-reference'],
    ['steps whose after does not increase', EXAMPLE.replace('after: 15m', 'after: 0m'), 'policy-steps-order'],
    ['bad duration', EXAMPLE.replace('review_within: 5d', 'review_within: 5 days'), 'policy-bad-duration'],
    ['unknown milestone in a status', EXAMPLE.replace('requires: [mitigated]', 'requires: [fixed]'), 'policy-unknown-reference'],
    ['unknown required field', EXAMPLE.replace('requires: [commander]', 'requires: [pilot]'), 'policy-unknown-reference'],
    ['duplicate severity id', EXAMPLE.replace('id: SEV2', 'id: SEV1'), 'policy-duplicate-id'],
    ['bad notify target', EXAMPLE.replace('schedule:owning-team', 'owning team'), 'policy-bad-target'],
    ['path climbing out', EXAMPLE.replace('incidents: [incidents]', 'incidents: [../x]'), 'policy-bad-path'],
    ['path into .git (never read, and new would write there)', EXAMPLE.replace('incidents: [incidents]', 'incidents: [.git/hooks]'), 'policy-bad-path'],
    ['path into node_modules', EXAMPLE.replace('incidents: [incidents]', 'incidents: [web/node_modules/x]'), 'policy-bad-path'],
  ];
  for (const [what, text, code] of bad) {
    it(`reports ${what} precisely (${code})`, () => {
      const r = loadPolicy(text);
      assert.equal(r.usable, true);
      const ps = r.problems.filter((p) => p.code === code);
      assert.equal(ps.length, 1, JSON.stringify(r.problems));
      assert.ok(ps[0].end > ps[0].start);
    });
  }
  it('a policy that is not YAML is unusable, with the error at its position', () => {
    const r = loadPolicy('severities: [\n');
    assert.equal(r.usable, false);
    assert.equal(r.problems[0].code, 'policy-yaml-syntax');
  });
});

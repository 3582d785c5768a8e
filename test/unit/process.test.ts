// The incident process (issue 18): impact x urgency -> priority, categories, calendars, clocks, escalation.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, byCloseness, editDistance, businessDeadline, businessElapsed, derivePriority, escalate, incidentFilterChoices, incidentsView, judgeClocks, defaultPolicy, loadPolicy, parseRecord, planClocks, runningMetrics, setImpactUrgency, validateRecord, WorkspaceIndex, type Calendar, type IncidentFilter, type Policy } from '../../src/core/index';
import { RUNS } from './yaml-fast.test';

export const PROCESS_POLICY = `impacts: [extensive, significant, moderate, minor]
urgencies: [critical, high, medium, low]
at_risk: 75%
priorities:
  - id: P1
    targets: { acknowledge: 15m, mitigate: 1h, resolve: 4h }
    escalation: major-incident
  - id: P2
    targets: { acknowledge: 30m, resolve: 8h }
    calendar: business
  - id: P3
    targets: { resolve: 3d }
    calendar: business
  - id: P4
priority_matrix:
  extensive:   { critical: P1, high: P1, medium: P2, low: P3 }
  significant: { critical: P1, high: P2, medium: P3, low: P3 }
  moderate:    { critical: P2, high: P3, medium: P3, low: P4 }
  minor:       { critical: P3, high: P3, medium: P4, low: P4 }
calendars:
  business: { zone: Europe/Berlin, days: [mon, tue, wed, thu, fri], hours: "08:00-18:00", holidays: [2026-12-25, 2026-12-26] }
categories:
  - id: network
    subcategories: [dns, cdn, load-balancer]
  - id: application
  - id: security
    subcategories: [phishing, malware, data-breach]
escalation_policies:
  - id: major-incident
    steps:
      - after: 0m
        notify: [team:owning-team]
      - after: 30m
        kind: hierarchical
        notify: [user:head-of-ops]
severities:
  - id: SEV1
    targets: { acknowledge: 5m, mitigate: 2h }
  - id: SEV3
`;

function policyOf(text = PROCESS_POLICY): Policy {
  const r = loadPolicy(text);
  assert.deepEqual(r.problems.map((p) => `${p.code}: ${p.message}`), []);
  return r.policy;
}

const at = (text: string, needle: string) => { const i = text.indexOf(needle); assert.ok(i >= 0, needle); return i; };

describe('the incident process policy (issue 18)', () => {
  it('loads impacts, urgencies, priorities with targets and calendars, the matrix, categories and at_risk', () => {
    const p = policyOf();
    assert.deepEqual(p.impacts.map((l) => l.id), ['extensive', 'significant', 'moderate', 'minor']);
    assert.deepEqual(p.priorities.map((x) => [x.id, x.calendar, x.escalation, x.targetsText]), [['P1', undefined, 'major-incident', { acknowledge: '15m', mitigate: '1h', resolve: '4h' }], ['P2', 'business', undefined, { acknowledge: '30m', resolve: '8h' }], ['P3', 'business', undefined, { resolve: '3d' }], ['P4', undefined, undefined, {}]]);
    assert.equal(derivePriority(p, 'significant', 'high'), 'P2');
    assert.deepEqual(p.calendars[0], { id: 'business', zone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], open: 480, close: 1080, holidays: ['2026-12-25', '2026-12-26'] });
    assert.deepEqual(p.categories?.map((c) => [c.id, c.subcategories.length]), [['network', 3], ['application', 0], ['security', 3]]);
    assert.equal(p.atRisk, 0.75);
    assert.deepEqual(p.escalationPolicies[0].steps.map((s) => s.kind), ['functional', 'hierarchical']);
    // Without these keys: as before.
    const none = policyOf('severities:\n  - id: SEV1\n');
    assert.deepEqual([none.impacts, none.priorities, none.matrix, none.categories, none.atRisk], [[], [], undefined, undefined, 0.75]);
  });

  it('reports an incomplete matrix, unknown ids and unreadable calendars at their exact places, and does not use a broken matrix', () => {
    const cases: [string, string, string, string][] = [
      ['  minor:       { critical: P3, high: P3, medium: P4, low: P4 }\n', '', 'policy-matrix-incomplete', 'priority_matrix:'],
      ['  minor:       { critical: P3, high: P3, medium: P4, low: P4 }', '  minor:       { critical: P3, high: P3, medium: P4 }', 'policy-matrix-incomplete', 'minor:       {'],
      ['low: P4 }\ncalendars', 'low: P9 }\ncalendars', 'policy-unknown-reference', 'P9'],
      ['  moderate:', '  huge:', 'policy-unknown-reference', 'huge'],
      ['zone: Europe/Berlin', 'zone: Europe/Atlantis', 'policy-bad-calendar', 'Europe/Atlantis'],
      ['hours: "08:00-18:00"', 'hours: "18:00-08:00"', 'policy-bad-calendar', '"18:00-08:00"'],
      ['holidays: [2026-12-25,', 'holidays: [2026-13-45,', 'policy-bad-calendar', '2026-13-45'],
      ['days: [mon,', 'days: [someday,', 'policy-bad-calendar', 'someday'],
      ['    calendar: business\n  - id: P3', '    calendar: weekdays\n  - id: P3', 'policy-unknown-reference', 'weekdays'],
      ['at_risk: 75%', 'at_risk: 175%', 'policy-invalid', '175%'],
    ];
    for (const [from, to, code, where] of cases) {
      const text = PROCESS_POLICY.replace(from, to);
      assert.notEqual(text, PROCESS_POLICY, from);
      const r = loadPolicy(text);
      const ps = r.problems.filter((p) => p.code === code && p.start === at(text, where));
      assert.equal(ps.length, 1, `${to}: reported at '${where}': ${JSON.stringify(r.problems)}`);
      if (code === 'policy-matrix-incomplete' || from.includes('low: P4 }')) assert.equal(r.policy.matrix, undefined, 'a broken matrix is not used');
      // A calendar with a mistake: the priorities counting in it lose their targets (never counted round the clock),
      // and each says so where it names the calendar.
      if (code === 'policy-bad-calendar' && (to.includes('zone:') || to.includes('hours:'))) { // (a wrong holiday or day is left out; the calendar stands)
        assert.deepEqual(r.policy.priorities.filter((x) => x.id === 'P2' || x.id === 'P3').map((x) => x.targetsText), [{}, {}], to);
        assert.equal(r.problems.filter((x) => /calendar 'business' has a mistake/.test(x.message)).length, 2, to);
      }
    }
  });

  it('property: any valid policy with a complete matrix derives a priority for every impact and urgency', () => {
    const ids = (prefix: string) => fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { minLength: 1, maxLength: 5 }).map((xs) => xs.map((x) => `${prefix}${x}`));
    fc.assert(fc.property(ids('i-'), ids('u-'), ids('p-'), fc.infiniteStream(fc.nat()), (impacts, urgencies, prios, picks) => {
      const pick = () => prios[picks.next().value % prios.length];
      const rows = impacts.map((i) => `  ${i}: { ${urgencies.map((u) => `${u}: ${pick()}`).join(', ')} }`).join('\n');
      const text = `impacts: [${impacts.join(', ')}]\nurgencies: [${urgencies.join(', ')}]\npriorities:\n${prios.map((p) => `  - id: ${p}`).join('\n')}\npriority_matrix:\n${rows}\n`;
      const r = loadPolicy(text);
      assert.deepEqual(r.problems, []);
      for (const i of impacts) for (const u of urgencies) assert.ok(prios.includes(derivePriority(r.policy, i, u)!), `${i} x ${u}`);
      // One pair left out: reported, and the matrix is not used.
      const gap = loadPolicy(text.replace(new RegExp(`${urgencies[0]}: [^,} ]+(, )?`), ''));
      assert.ok(gap.problems.some((p) => p.code === 'policy-matrix-incomplete'));
      assert.equal(gap.policy.matrix, undefined);
    }), { numRuns: Math.min(RUNS, 300) });
  });
});

describe('business calendars', () => {
  const berlin: Calendar = { id: 'b', zone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], open: 8 * 60, close: 18 * 60, holidays: ['2026-12-25', '2026-12-26'] };
  const t = (s: string) => Date.parse(s);
  it('counts only working hours: a weekend in between', () => {
    // Friday 2026-11-27 17:00 Berlin (16:00Z) + 2h of business time = Monday 09:00 Berlin (08:00Z).
    assert.equal(new Date(businessDeadline(berlin, t('2026-11-27T16:00:00Z'), 2 * 3600_000)).toISOString(), '2026-11-30T08:00:00.000Z');
    assert.equal(businessElapsed(berlin, t('2026-11-27T16:00:00Z'), t('2026-11-30T08:00:00Z')), 2 * 3600_000);
    // Started on a Saturday: the clock starts Monday at 08:00.
    assert.equal(new Date(businessDeadline(berlin, t('2026-11-28T12:00:00Z'), 30 * 60_000)).toISOString(), '2026-11-30T07:30:00.000Z');
  });
  it('skips holidays', () => {
    // Thursday 24 December 17:00 + 2h: Friday 25 is a holiday, then the weekend: Monday 28 at 09:00.
    assert.equal(new Date(businessDeadline(berlin, t('2026-12-24T16:00:00Z'), 2 * 3600_000)).toISOString(), '2026-12-28T08:00:00.000Z');
  });
  it('keeps wall-clock hours across a daylight-saving change', () => {
    // Friday 2026-03-27 17:00 CET (16:00Z) + 2h: Monday 30 March 09:00 CEST, which is 07:00Z.
    assert.equal(new Date(businessDeadline(berlin, t('2026-03-27T16:00:00Z'), 2 * 3600_000)).toISOString(), '2026-03-30T07:00:00.000Z');
    // Round the clock in Berlin: Sunday 29 March has 23 hours.
    const always: Calendar = { ...berlin, days: [0, 1, 2, 3, 4, 5, 6], open: 0, close: 24 * 60, holidays: [] };
    assert.equal(businessElapsed(always, t('2026-03-28T23:00:00Z'), t('2026-03-29T22:00:00Z')), 23 * 3600_000);
    assert.equal(businessDeadline(always, t('2026-03-28T23:00:00Z'), 23 * 3600_000), t('2026-03-29T22:00:00Z'));
  });
  it('a deadline and the elapsed time agree (property)', () => {
    fc.assert(fc.property(fc.integer({ min: t('2025-01-01T00:00:00Z'), max: t('2027-12-31T00:00:00Z') }), fc.integer({ min: 1, max: 20 * 24 * 60 }), (from, minutes) => {
      const d = businessDeadline(berlin, from, minutes * 60_000);
      assert.equal(businessElapsed(berlin, from, d), minutes * 60_000);
    }), { numRuns: Math.min(RUNS, 500) });
  });
});

describe('incident process rules and clocks (issue 18)', () => {
  const policy = policyOf();
  const inc = (fields: string) => `---\nid: INC-1\ntitle: T\nseverity: SEV3\nstatus: investigating\nstarted: 2026-11-23T10:00:00Z\n${fields}\n---\n`;
  const check = (text: string, now: number) => validateRecord(parseRecord('incidents/a.md', text, policy), policy, { now });
  const codes = (text: string, now = Date.parse('2026-11-23T10:01:00Z')) => check(text, now).map((p) => p.code).sort();

  it('unknown impact, urgency and category with the allowed values; priority-mismatch offers the derived one', () => {
    assert.deepEqual(codes(inc('impact: extensive\nurgency: low\npriority: P3\ncategory: network/dns')), []);
    const text = inc('impact: extensiv\nurgency: hgh\ncategory: network/dnss');
    const ps = check(text, Date.parse('2026-11-23T10:01:00Z'));
    assert.deepEqual(ps.map((p) => p.code).sort(), ['unknown-category', 'unknown-impact', 'unknown-urgency']);
    assert.equal(text.slice(ps.find((p) => p.code === 'unknown-category')!.start, ps.find((p) => p.code === 'unknown-category')!.end), 'network/dnss');
    assert.ok(ps.find((p) => p.code === 'unknown-category')!.allowed!.includes('network/dns'));
    const mm = check(inc('impact: extensive\nurgency: critical\npriority: P3'), Date.parse('2026-11-23T10:01:00Z')).filter((p) => p.code === 'priority-mismatch');
    assert.equal(mm.length, 1);
    assert.deepEqual(mm[0].allowed, ['P1']);
    assert.match(mm[0].message, /give P1/);
  });

  it('a running target: nothing, then at risk at exactly 75%, then breached at its deadline; none once the milestone is set', () => {
    // extensive x critical = P1: acknowledge 15m (stricter than nothing on SEV3), from started 10:00.
    const text = inc('impact: extensive\nurgency: critical\nescalation: major-incident\ntimeline:\n  - at: 2026-11-23T10:00:00Z\n    kind: escalated\n    text: paged\n    to: [team:owning-team, user:head-of-ops]');
    const ack = (now: string) => check(text, Date.parse(now)).filter((p) => p.code.startsWith('target-')).map((p) => `${p.code} ${p.data?.target}`).sort();
    assert.deepEqual(ack('2026-11-23T10:11:14Z'), []);
    assert.deepEqual(ack('2026-11-23T10:11:15Z'), ['target-at-risk acknowledge']);
    assert.deepEqual(ack('2026-11-23T10:14:59Z'), ['target-at-risk acknowledge']);
    assert.deepEqual(ack('2026-11-23T10:15:00Z'), ['target-breached acknowledge']);
    assert.deepEqual(ack('2026-11-23T10:45:00Z'), ['target-at-risk mitigate', 'target-breached acknowledge']);
    const acked = text.replace('started: 2026-11-23T10:00:00Z', 'started: 2026-11-23T10:00:00Z\nacknowledged: 2026-11-23T10:20:00Z');
    const ps = check(acked, Date.parse('2026-11-23T10:30:00Z')).filter((p) => p.code.startsWith('target-'));
    assert.deepEqual(ps.map((p) => p.code), ['target-missed'], 'a milestone set late is a miss, not a running breach');
    assert.match(ps[0].message, /missed the P1 target of 15m by 5m/);
    const closed = acked.replace('status: investigating', 'status: resolved\nresolved: 2026-11-23T10:40:00Z\nmitigated: 2026-11-23T10:40:00Z');
    assert.deepEqual(check(closed, Date.parse('2026-11-24T10:00:00Z')).filter((p) => p.code === 'target-breached' || p.code === 'target-at-risk' || p.code === 'escalation-late'), []);
  });

  it('the stricter of the severity\'s and the priority\'s targets holds, and a business calendar stops the clock over the weekend', () => {
    // P2 (business: acknowledge 30m) on SEV1 (round the clock: acknowledge 5m): SEV1 runs out first.
    const plan = planClocks({ severity: 'SEV1', status: 'investigating', impact: 'extensive', urgency: 'medium', milestones: { started: '2026-11-27T16:50:00Z' } }, policy);
    assert.deepEqual(plan.clocks.map((c) => [c.target, c.source, c.limitText]), [['acknowledge', 'SEV1', '5m'], ['mitigate', 'SEV1', '2h'], ['resolve', 'P2', '8h']]);
    // P2's resolve 8h in business hours from Friday 17:50 Berlin: 10 minutes on Friday, 7h50m on Monday: due Monday 15:50 Berlin.
    assert.equal(new Date(plan.clocks[2].deadlineMs).toISOString(), '2026-11-30T14:50:00.000Z');
    const monday = judgeClocks(plan, Date.parse('2026-11-30T08:00:00Z')).clocks[2];
    assert.equal(monday.state, 'running', 'the weekend did not count');
    const text = inc('severity: SEV1\nimpact: extensive\nurgency: medium\ncommander: ana').replace('severity: SEV3\n', '').replace('2026-11-23T10:00:00Z', '2026-11-27T16:50:00Z');
    const breach = check(text, Date.parse('2026-11-30T15:00:00Z')).filter((p) => p.code === 'target-breached');
    assert.ok(breach.some((p) => /P2 target to resolve within 8h \(counted in the business calendar\) was breached at 2026-11-30T14:50:00Z/.test(p.message)), JSON.stringify(breach.map((p) => p.message)));
  });

  it('escalation-late: a step past its after without an escalated event reaching its targets; an event naming them, or an untargeted one, reaches it', () => {
    const base = inc('impact: extensive\nurgency: critical\nacknowledged: 2026-11-23T10:05:00Z');
    const late = (text: string, now = '2026-11-23T10:40:00Z') => check(text, Date.parse(now)).filter((p) => p.code === 'escalation-late').map((p) => p.data?.step);
    assert.deepEqual(late(base), ['1', '2']);
    assert.deepEqual(late(base, '2026-11-23T10:20:00Z'), ['1'], 'step 2 (after 30m) is not due yet');
    assert.deepEqual(late(base, '2026-11-23T10:05:00Z'), [], 'a step is late five minutes after it falls due');
    assert.deepEqual(late(base, '2026-11-23T10:05:01Z'), ['1']);
    assert.deepEqual(late(base.replace('status: investigating', 'status: investigating\nmitigated: 2026-11-23T10:20:00Z').replace('mitigated: 2026-11-23T10:20:00Z\nmitigated', 'mitigated')), [], 'not judged once mitigated');
    const ev = (to: string) => `${base.replace('\n---\n', '')}\ntimeline:\n  - at: 2026-11-23T10:02:00Z\n    kind: escalated\n    text: paged\n${to}---\n`;
    assert.deepEqual(late(ev('    to: team:owning-team\n')), ['2']);
    assert.equal(late(ev('    to: team:owning-team\n'), '2026-11-23T10:20:00Z').length, 0);
    assert.deepEqual(late(ev('    to: [team:owning-team, user:head-of-ops]\n    escalation: hierarchical\n')), []);
    assert.deepEqual(late(ev('')), ['2'], 'an escalated event without to: counts for the first step');
    assert.deepEqual(late(ev('    to: user:someone-else\n')), ['1', '2']);
    const msg = check(base, Date.parse('2026-11-23T10:40:00Z')).find((p) => p.code === 'escalation-late' && p.data?.step === '2')!.message;
    assert.match(msg, /step 2 \(hierarchical, after 30m\) was due 2026-11-23T10:30:00Z .* user:head-of-ops/);
  });
});

describe('process edits and views (issue 18)', () => {
  const policy = policyOf();
  const INC_TEXT = '---\nid: INC-1\ntitle: T\nseverity: SEV3\nstatus: investigating\nstarted: 2026-11-23T10:00:00Z\ntimeline:\n  - at: 2026-11-23T10:00:00Z\n    kind: detected\n    text: x\n---\n# T\n';
  it('Set Impact and Urgency writes both and the derived priority, with an event when the priority changes', () => {
    const after = applyEdits(INC_TEXT, setImpactUrgency(INC_TEXT, 'incidents/a.md', 'significant', 'high', policy, { now: Date.parse('2026-11-23T10:05:00Z'), by: 'ana' }));
    assert.match(after, /\n {2}- at: 2026-11-23T10:05:00Z\n {4}kind: priority\n {4}text: "Priority P2 \(impact significant, urgency high\)"\n {4}by: ana\n---\n/);
    assert.match(after, /\nseverity: SEV3\nimpact: significant\nurgency: high\npriority: P2\nstatus: investigating\n/, 'with the facts, not after the timeline');
    const again = applyEdits(after, setImpactUrgency(after, 'incidents/a.md', 'extensive', 'critical', policy, { now: Date.parse('2026-11-23T10:06:00Z') }));
    assert.match(again, /\nimpact: extensive\nurgency: critical\npriority: P1\n/);
    assert.match(again, /text: "Priority changed from P2 to P1 \(impact extensive, urgency critical\)"/);
    assert.deepEqual(validateRecord(parseRecord('incidents/a.md', again, policy), policy, { now: Date.parse('2026-11-23T10:06:00Z') }).filter((p) => p.code === 'priority-mismatch' || p.code.startsWith('unknown-')), []);
    assert.throws(() => setImpactUrgency(INC_TEXT, 'incidents/a.md', 'huge', 'high', policy, { now: 0 }), /Unknown impact 'huge'/);
  });
  it('Escalate logs an escalated event with to: and escalation:, which then reaches the step (no escalation-late)', () => {
    const text = INC_TEXT.replace('severity: SEV3\n', 'severity: SEV3\nimpact: extensive\nurgency: critical\n');
    const late = (t: string) => validateRecord(parseRecord('incidents/a.md', t, policy), policy, { now: Date.parse('2026-11-23T10:40:00Z') }).filter((p) => p.code === 'escalation-late').map((p) => p.data?.step);
    assert.deepEqual(late(text), ['1', '2']);
    let t = applyEdits(text, escalate(text, 'incidents/a.md', { policy: 'major-incident', step: 1, kind: 'functional', notify: ['team:owning-team'] }, policy, { now: Date.parse('2026-11-23T10:02:00Z'), by: 'ana', assignTo: 'owning-team' }));
    assert.match(t, /kind: escalated\n {4}text: "Escalated \(major-incident step 1, functional\) to team:owning-team; now with owning-team"\n {4}to: team:owning-team\n {4}escalation: functional\n {4}by: ana\nassigned_to: owning-team\n---/);
    assert.deepEqual(late(t), ['2']);
    t = applyEdits(t, escalate(t, 'incidents/a.md', { policy: 'major-incident', step: 2, kind: 'hierarchical', notify: ['user:head-of-ops', 'team:x'] }, policy, { now: Date.parse('2026-11-23T10:31:00Z') }));
    assert.match(t, /to: \[user:head-of-ops, team:x\]\n {4}escalation: hierarchical\n/);
    assert.deepEqual(late(t), []);
  });
  it('the Incidents view groups by priority (derived) and by category (subcategories under their category), and filters by them', () => {
    const idx = new WorkspaceIndex(policy);
    const add = (name: string, fields: string) => idx.update(`incidents/${name}.md`, INC_TEXT.replace('id: INC-1', `id: ${name}`).replace('status: investigating\n', `status: investigating\n${fields}`));
    add('a', 'impact: extensive\nurgency: critical\ncategory: network/dns\n');
    add('b', 'impact: minor\nurgency: low\npriority: P1\ncategory: network\n'); // written P1, derived P4
    add('c', 'category: application\n');
    add('d', 'priority: P3\n');
    const incidents = idx.all().filter((r) => r.kind === 'incident');
    const groups = (groupBy: 'priority' | 'category', filter: IncidentFilter = { severities: [], services: [], statuses: [] }) => {
      const v = incidentsView(incidents, policy, { filter, groupBy });
      return 'groups' in v ? v.groups.map((g) => `${g.label}: ${g.rows.map((r) => r.record.id).join(' ')}`) : [];
    };
    assert.deepEqual(groups('priority'), ['P1: a', 'P3: d', 'P4: b', 'No priority: c']);
    assert.deepEqual(groups('category'), ['network: a b', 'application: c', 'No category: d']);
    assert.deepEqual(groups('priority', { severities: [], services: [], statuses: [], categories: ['network'] }), ['P1: a', 'P4: b']);
    assert.deepEqual(groups('category', { severities: [], services: [], statuses: [], priorities: ['P4'] }), ['network: b']);
    // The Filter command offers each subcategory on its own; picking one shows only its incidents.
    const noFilter = { severities: [], services: [], statuses: [] };
    const cats = incidentFilterChoices(policy, incidents, { ...noFilter, categories: ['network/dns'] }).find((d) => d.dim === 'categories')!;
    assert.deepEqual(cats.values.slice(0, 4).map((v) => `${v.value}${v.picked ? ' (picked)' : ''}`), ['network', 'network/dns (picked)', 'network/cdn', 'network/load-balancer']);
    assert.deepEqual(groups('category', { ...noFilter, categories: ['network/dns'] }), ['network: a']);
    // Categories with an active incident come first (fresh eyes: the one incident on was in the last group).
    const quiet = new WorkspaceIndex(policy);
    quiet.update('incidents/n.md', INC_TEXT.replace('id: INC-1', 'id: n').replace('status: investigating\n', 'status: resolved\nresolved: 2026-01-01T00:00:00Z\ncategory: network\n'));
    quiet.update('incidents/p.md', INC_TEXT.replace('id: INC-1', 'id: p').replace('status: investigating\n', 'status: investigating\ncategory: application\n'));
    const v = incidentsView(quiet.all(), policy, { filter: noFilter, groupBy: 'category' });
    assert.deepEqual('groups' in v ? v.groups.map((g) => g.label) : [], ['application', 'network']);
    assert.deepEqual(incidentFilterChoices(policy, incidents, noFilter).map((d) => d.dim), ['severities', 'statuses', 'services', 'priorities', 'categories']);
    assert.deepEqual(incidentFilterChoices(defaultPolicy(), incidents, noFilter).map((d) => d.dim), ['severities', 'statuses', 'services'], 'no priorities or categories in the built-in policy');
  });
});

describe('near misses (quick fixes, issue 18)', () => {
  it('orders the allowed values by closeness and names a near miss only within a typo\'s distance', () => {
    assert.deepEqual(byCloseness('extensiv', ['extensive', 'significant', 'moderate', 'minor']), { ordered: ['extensive', 'minor', 'moderate', 'significant'].sort((a, b) => editDistance('extensiv', a) - editDistance('extensiv', b) || ['extensive', 'significant', 'moderate', 'minor'].indexOf(a) - ['extensive', 'significant', 'moderate', 'minor'].indexOf(b)), near: 'extensive' });
    assert.equal(byCloseness('hgh', ['critical', 'high', 'medium', 'low']).near, 'high');
    assert.equal(byCloseness('network/dnz', ['network', 'network/dns', 'network/cdn']).near, 'network/dns');
    assert.equal(byCloseness('banana', ['critical', 'high', 'medium', 'low']).near, undefined, 'nothing close: no preferred fix');
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });
});

describe('clock semantics found by fresh eyes (issue 18)', () => {
  const policy = policyOf(PROCESS_POLICY.replace('  - id: P2\n', '  - id: P2\n    escalation: major-incident\n'));
  const plan = (fields: Record<string, string>) => planClocks({ status: 'investigating', milestones: { started: fields.started }, escalations: [], ...fields }, policy);
  it("a severity's (or the incident's) escalation policy counts round the clock; the priority's own in its calendar", () => {
    // Friday 22:00 Berlin (21:00Z), P2 (business calendar).
    const p2own = plan({ started: '2026-11-27T21:00:00Z', impact: 'extensive', urgency: 'medium' });
    assert.equal(new Date(p2own.escalation[0].dueMs).toISOString(), '2026-11-30T07:00:00.000Z', "P2's own policy: Monday 08:00 Berlin");
    const incidents = plan({ started: '2026-11-27T21:00:00Z', impact: 'extensive', urgency: 'medium', escalation: 'major-incident', severity: 'SEV3' });
    assert.equal(incidents.escalation[0].calendar, 'business', 'the same policy as the priority\'s: its calendar');
    const other = planClocks({ status: 'investigating', severity: 'SEV1', impact: 'extensive', urgency: 'medium', milestones: { started: '2026-11-27T21:00:00Z' }, escalations: [] }, loadPolicy(PROCESS_POLICY.replace('    targets: { acknowledge: 5m, mitigate: 2h }', '    targets: { acknowledge: 5m, mitigate: 2h }\n    escalation: major-incident').replace('    escalation: major-incident\n  - id: P2', '  - id: P2')).policy);
    assert.equal(other.escalation[0].calendar, undefined, "the severity's policy: round the clock");
    assert.equal(other.escalation[0].dueMs, Date.parse('2026-11-27T21:00:00Z'), 'a step at 0m is due at once, at night too');
  });
  it('in a calendar a day is a working day: P3 resolve 3d is three 10-hour days', () => {
    const p3 = plan({ started: '2026-11-30T07:00:00Z', impact: 'moderate', urgency: 'medium' }); // Monday 08:00 Berlin
    const resolve = p3.clocks.find((c) => c.target === 'resolve')!;
    assert.equal(new Date(resolve.deadlineMs).toISOString(), '2026-12-02T17:00:00.000Z', 'Wednesday 18:00 Berlin');
    assert.equal(resolve.limit, 30 * 3600_000);
  });
  it('an earlier milestone is never due after a later one', () => {
    // SEV3 with a round-the-clock mitigate of 1d, P2 resolving within 8 working hours: mitigate is due with resolve.
    const pol = loadPolicy(PROCESS_POLICY.replace('  - id: SEV3\n', '  - id: SEV3\n    targets: { mitigate: 1d }\n')).policy;
    const c = planClocks({ status: 'investigating', severity: 'SEV3', impact: 'extensive', urgency: 'medium', milestones: { started: '2026-11-30T07:00:00Z' } }, pol).clocks;
    const mit = c.find((x) => x.target === 'mitigate')!, res = c.find((x) => x.target === 'resolve')!;
    assert.equal(mit.deadlineMs, res.deadlineMs);
    assert.equal(mit.source, 'P2 resolve');
  });
});

describe('the timeline editor\'s running targets (fresh eyes: a breach showed only once its milestone was written)', () => {
  const policy = defaultPolicy(); // SEV2: acknowledge 15m, mitigate 4h
  const open = (ms: Record<string, string>) => planClocks({ severity: 'SEV2', status: 'investigating', milestones: ms }, policy);
  const now = Date.parse('2026-11-28T12:00:00Z');
  it('shows each target still running: breached while it runs, at risk, or how long is left', () => {
    const m = runningMetrics(open({ started: '2026-11-27T22:00:00Z', detected: '2026-11-27T22:00:00Z', acknowledged: '2026-11-27T22:05:00Z' }), now, 'SEV1');
    assert.deepEqual(m.map((x) => [x.label, x.value, x.target, x.running, x.note, x.met]), [
      ['Time to mitigate', 'breached', '4h SEV2', 'breached', 'breached 10h ago', false],
      ['Time to resolve', 'running', '24h SEV2', 'running', 'due in 10h', undefined],
    ]);
    // Written as the done targets are: where the target comes from only when it is not the incident's severity.
    const soon = runningMetrics(open({ started: '2026-11-28T11:55:00Z', detected: '2026-11-28T11:55:00Z' }), now, 'SEV2');
    assert.deepEqual(soon.map((x) => x.target), ['15m', '4h', '24h']);
    const ack = soon.find((x) => x.label === 'Time to acknowledge')!;
    assert.deepEqual([ack.value, ack.running, ack.note, ack.met], ['running', 'running', 'due in 10m', undefined]);
    // Done targets are not running; a closed incident has none.
    assert.ok(!m.some((x) => x.label === 'Time to acknowledge'));
    assert.deepEqual(runningMetrics(planClocks({ severity: 'SEV2', status: 'resolved', milestones: { started: '2026-11-27T22:00:00Z', resolved: '2026-11-27T23:00:00Z' } }, policy), now), []);
    assert.deepEqual(runningMetrics(undefined, now), []);
  });
});

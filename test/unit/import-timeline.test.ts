import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatIsoInZone, importTimeline, parseTimeInput, readStamp, readTypedTime, timelineHeading } from '../../src/core/index';
import { CORPUS } from './corpus.test';

describe('importing a timeline from Markdown', () => {
  it('a table with a time column, zone from the prose', () => {
    const r = importTimeline('# X\n\n## Timeline\n\nAll times in CET.\n\n| Time | Event |\n| --- | --- |\n| 2020-02-03 11:21 | Pods crash | \n| 2020-02-03 11:52 | Rolled back \\| fixed |\n| 2020-02-03 HH:mm | Unknown time |\n\n## Next\n| 2020-01-01 10:00 | not in the section |\n');
    assert.deepEqual(r.events, [
      { at: '2020-02-03T10:21:00Z', kind: 'note', text: 'Pods crash' },
      { at: '2020-02-03T10:52:00Z', kind: 'note', text: 'Rolled back | fixed' },
    ]);
    assert.deepEqual(r.unreadable.map((u) => [u.line, u.reason]), [[11, 'no time of day']]);
    assert.equal(r.zone?.name, 'CET');
  });
  it('one ### heading per timestamp, the date carried forward, 12-hour clock', () => {
    const r = importTimeline('## Timeline (times in BST)\n\n### July 11, 2025, 12:42 PM\nIncident declared\n\n### 1:06 PM\n- Hub admin updates config\n- Engineer checks\n### 12:05 AM\nMidnight\n');
    assert.deepEqual(r.events.map((e) => [e.at, e.text]), [
      ['2025-07-11T11:42:00Z', 'Incident declared'],
      ['2025-07-11T12:06:00Z', 'Hub admin updates config Engineer checks'],
      ['2025-07-10T23:05:00Z', 'Midnight'],
    ]);
    assert.equal(r.needsDate, false);
  });
  it('a list of timed items; asks for the date and the zone when the text gives neither', () => {
    const md = '## Timeline\n\n- 10:05 Alert fired\n- **10:20** - Rolled back\n- 25:99 nonsense\n- no time here\n';
    const asked = importTimeline(md);
    assert.equal(asked.needsDate, true);
    assert.equal(asked.events.length, 0);
    assert.equal(asked.unreadable.length, 3, JSON.stringify(asked.unreadable));
    const r = importTimeline(md, { date: '2026-03-01', zone: '+02:00', kind: 'action' });
    assert.deepEqual(r.events, [{ at: '2026-03-01T08:05:00Z', kind: 'action', text: 'Alert fired' }, { at: '2026-03-01T08:20:00Z', kind: 'action', text: 'Rolled back' }]);
    assert.deepEqual(r.unreadable.map((u) => u.text), ['- 25:99 nonsense']);
    assert.equal(r.needsZone, false);
    assert.equal(importTimeline(md, { date: '2026-03-01' }).needsZone, true);
  });
  it('readStamp reads the common shapes', () => {
    assert.deepEqual(readStamp('2024-03-13 10:01 UTC: x'), { date: { y: 2024, m: 3, d: 13 }, time: { h: 10, min: 1, s: 0 }, zone: 0, rest: 'x' });
    assert.equal(readStamp('Mar 3, 2024 at 4:42PM')?.time?.h, 16);
    assert.equal(readStamp('hello'), undefined);
  });
  it('the real postmortems of the corpus (dfds tables, 2i2c headings, the SRE-book template)', function () {
    if (!fs.existsSync(path.join(CORPUS, 'SOURCES.md'))) { if (process.env.HINDSIGHT_REQUIRE_CORPUS) throw new Error('corpus missing'); this.skip(); }
    const read = (p: string) => fs.readFileSync(path.join(CORPUS, p), 'utf8');
    const coredns = importTimeline(read('dfds-postmortems/PM2020-004 - CoreDNS upgrade issue.md'));
    assert.equal(coredns.events.length, 3);
    assert.equal(coredns.events[0].at, '2020-02-03T10:21:00Z');
    const cloudbank = importTimeline(read('2i2c-incident-reports/reports/2025-07-11-cloudbank-healthcheck.md'));
    assert.ok(cloudbank.events.length >= 10);
    assert.equal(cloudbank.events[0].at, '2025-07-11T11:42:00Z');
    const srebook = importTimeline(read('dastergon-postmortem-templates/templates/postmortem-template-srebook.md'));
    assert.deepEqual([srebook.events.length, srebook.unreadable.length], [0, 0]);
    // Every postmortem of the corpus imports without a throw; count what was read and what was not.
    let events = 0, unreadable = 0, files = 0;
    for (const dir of ['dfds-postmortems', '2i2c-incident-reports/reports']) {
      for (const f of fs.readdirSync(path.join(CORPUS, dir))) {
        if (f === 'LICENSE') continue;
        const r = importTimeline(read(`${dir}/${f}`), { date: '2025-01-01', zone: 'UTC' });
        files++; events += r.events.length; unreadable += r.unreadable.length;
        for (const e of r.events) assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      }
    }
    console.log(`      timeline import over ${files} corpus postmortems: ${events} events, ${unreadable} lines reported unreadable`);
    assert.ok(events > 150, `only ${events} events`);
  });
});

describe('timeline import reads Markdown as GitHub renders it (issue 15, section 3)', () => {
  it('a GFM table without leading pipes imports its events', () => {
    const r = importTimeline('## Timeline\n\nTime | Event\n--- | ---\n2024-05-01 10:00 UTC | Alert fired\n2024-05-01 10:07 UTC | Rolled back\n');
    assert.deepEqual(r.events.map((e) => [e.at, e.text]), [['2024-05-01T10:00:00Z', 'Alert fired'], ['2024-05-01T10:07:00Z', 'Rolled back']]);
  });

  it('HTML entities are decoded in imported text; code spans keep theirs', () => {
    const r = importTimeline('## Timeline\n\n| Time | Event |\n|---|---|\n| 2021-12-10 19:00 | advise S&amp;O &lt;team&gt; &#35;1 |\n\n- 2021-12-11 09:00 T&amp;I meets; `a &amp;&amp; b` stays\n', { zone: 'UTC' });
    assert.deepEqual(r.events.map((e) => e.text), ['advise S&O <team> #1', 'T&I meets; `a &amp;&amp; b` stays']);
  });

  it('the corpus: the Log4Shell postmortem imports S&O, not S&amp;O', function () {
    if (!fs.existsSync(path.join(CORPUS, 'SOURCES.md'))) { if (process.env.HINDSIGHT_REQUIRE_CORPUS) throw new Error('corpus missing'); this.skip(); }
    const r = importTimeline(fs.readFileSync(path.join(CORPUS, 'dfds-postmortems/PM2021-011 - Log4Shell.md'), 'utf8'));
    assert.ok(r.events.some((e) => e.text === 'Initial management-level contact with S&O'), JSON.stringify(r.events.map((e) => e.text)));
    for (const e of r.events) assert.doesNotMatch(e.text, /&amp;/);
  });

  it('a cell, list item or heading keeps its inline Markdown as written (links, emphasis, code), with entities decoded', () => {
    const r = importTimeline('## Timeline\n\nTime | Event | Who\n--- | --- | ---\n2024-05-01 10:00 | Rolled back [S&amp;O fix](https://x.test/pr/1) with **care** | `ops` \\| *sre*\n\n### 2024-05-01 10:30 [Paged](https://x.test/p)\nSee _the_ [doc](https://x.test/d)\n', { zone: 'UTC' });
    assert.deepEqual(r.events.map((e) => e.text), [
      'Rolled back [S&O fix](https://x.test/pr/1) with **care** — `ops` | *sre*',
      '[Paged](https://x.test/p) See _the_ [doc](https://x.test/d)',
    ]);
  });

  it('the front matter is not Markdown: front matter saying "timeline" is not the Timeline section', () => {
    for (const fm of ['---\nid: INC-1\ntitle: Timeline gaps in the CDN\n---\n', '---\nid: INC-1\ntitle: x\ntimeline: []\n---\n']) {
      const text = fm + '# Incident\n\n## Timeline\n\n- 2024-01-02 11:00 UTC real event\n';
      const r = importTimeline(text);
      assert.deepEqual(r.events.map((e) => e.text), ['real event'], fm);
      assert.equal(r.unreadable.length, 0);
      assert.equal(text.slice(r.section!.start, r.section!.start + 11), '## Timeline');
    }
  });

  it('hostile Markdown gets a reason and no events, never a throw or a hang', () => {
    for (const text of ['## Timeline\n\n' + '> '.repeat(5000) + '- 10:00 x\n', '## Timeline\n\n' + '- 2024-01-01 10:00 UTC x\n'.repeat(60_000)]) {
      const t0 = Date.now();
      const r = importTimeline(text, { zone: 'UTC' });
      assert.match(r.error ?? '', /nested deeper|too large/);
      assert.equal(r.events.length, 0);
      assert.ok(Date.now() - t0 < 5000);
    }
  });

  it('the Timeline heading a table is inserted under, as GitHub shows the review', () => {
    const fm = '---\ntitle: "Review: timeline gaps"\nincident: INC-1\n---\n';
    const body = '# Review\n\n<!--\n## Timeline\n-->\n\nTimeline\n--------\n\ntext\n';
    const h = timelineHeading(fm + body);
    assert.ok(h.ok && h.heading);
    assert.equal(h.heading.start, (fm + body).indexOf('Timeline\n---'));
    assert.equal(h.heading.next, (fm + body).indexOf('\ntext') );
    assert.deepEqual(timelineHeading(fm + '# Review\n'), { ok: true });
    assert.equal(timelineHeading('> '.repeat(5000)).ok, false);
  });
});

describe('time input in the timeline editor', () => {
  const now = Date.parse('2026-03-01T14:10:30Z');
  it('now, HH:MM, +5m/-1h, ISO', () => {
    const zone = 'UTC';
    assert.equal(parseTimeInput('now', { now, zone }), '2026-03-01T14:10:30Z');
    assert.equal(parseTimeInput('14:05', { now, zone }), '2026-03-01T14:05:00Z');
    assert.equal(parseTimeInput('09:00', { now, zone, base: Date.parse('2026-02-27T23:00:00Z') }), '2026-02-27T09:00:00Z');
    assert.equal(parseTimeInput('+5m', { now, zone, base: Date.parse('2026-03-01T10:00:00Z') }), '2026-03-01T10:05:00Z');
    assert.equal(parseTimeInput('-1h', { now, zone }), '2026-03-01T13:10:30Z');
    // An ISO date-time with its zone is kept as written.
    assert.equal(parseTimeInput('2026-03-01T15:05:00+01:00', { now, zone }), '2026-03-01T15:05:00+01:00');
  });
  it('refuses what it cannot read', () => {
    for (const s of ['25:00', 'yesterday', '2026-03-01', '+5 weeks', '2026-03-01T10:00']) assert.equal(parseTimeInput(s, { now, zone: 'UTC' }), undefined, s);
  });
  it('reads HH:MM in the given zone and writes its offset (issue 17)', () => {
    // 14:10:30Z is 15:10:30 in Paris (CET, +01:00) and 09:10:30 in New York (EST, -05:00).
    assert.equal(parseTimeInput('14:05', { now, zone: 'Europe/Paris' }), '2026-03-01T14:05:00+01:00');
    assert.equal(parseTimeInput('09:05', { now, zone: 'America/New_York' }), '2026-03-01T09:05:00-05:00');
    assert.equal(parseTimeInput('now', { now, zone: 'Europe/Paris' }), '2026-03-01T15:10:30+01:00');
    // The day is the zone's: at 01:30 in Tokyo (16:30Z the day before), 01:00 is that Tokyo day.
    assert.equal(parseTimeInput('01:00', { now: Date.parse('2026-02-28T16:30:00Z'), zone: 'Asia/Tokyo' }), '2026-03-01T01:00:00+09:00');
    // Summer time: the offset of that day, not of today.
    assert.equal(parseTimeInput('10:00', { now: Date.parse('2026-07-01T12:00:00Z'), zone: 'Europe/Paris' }), '2026-07-01T10:00:00+02:00');
    // The repeated hour of the change back to winter time reads as the first of the two.
    assert.equal(readTypedTime('02:30', { now: Date.parse('2026-10-25T12:00:00Z'), zone: 'Europe/Paris' }).ok && Date.parse(parseTimeInput('02:30', { now: Date.parse('2026-10-25T12:00:00Z'), zone: 'Europe/Paris' })!), Date.parse('2026-10-25T00:30:00Z'));
    assert.equal(formatIsoInZone(Date.parse('2026-03-01T14:05:00Z'), 'Asia/Kolkata'), '2026-03-01T19:35:00+05:30');
  });
  it('refuses a time more than 5 minutes in the future, saying so (issue 17)', () => {
    assert.equal(parseTimeInput('14:15', { now, zone: 'UTC' }), '2026-03-01T14:15:00Z', 'within the tolerance');
    const r = readTypedTime('14:16', { now, zone: 'UTC' });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.reason : '', /2026-03-01T14:16:00Z, 6m in the future \(time zone UTC\); a time may be at most 5 minutes ahead/);
    // 14:05 typed in Paris is 13:05Z: past, fine; in New York it is 19:05Z: future.
    assert.ok(readTypedTime('14:05', { now, zone: 'Europe/Paris' }).ok);
    assert.equal(readTypedTime('14:05', { now, zone: 'America/New_York' }).ok, false);
    assert.equal(readTypedTime('+1h', { now, zone: 'UTC', relative: true }).ok, false);
    assert.equal(readTypedTime('2026-03-02T00:00:00Z', { now, zone: 'UTC' }).ok, false);
    assert.match((readTypedTime('14:00', { now, zone: 'Mars/Olympus' }) as { reason: string }).reason, /not a time zone/);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkRendered, parseRecord, renderTemplate, slugify, nextIncidentId, timelineTable, get, toJS, validateRecord, type TemplateValues } from '../../src/core/index';
import { acmePolicy, NOW, REPO_ROOT } from './helpers';

const tpl = (n: string) => fs.readFileSync(path.join(REPO_ROOT, 'templates', `${n}.md`), 'utf8');
const INJECTIONS = ['x"\nseverity: SEV1', "x'\nowner: attacker", 'a: b', '{{title}}', '- item', '#comment', '|', '&anchor', '*alias', '!!js/function', '"', '\\', 'line\r\nstatus: closed', '\u2028sev: 1', '---\nid: evil', '<script>alert(1)</script>', '{{{yaml.title}}}'];

describe('templates', () => {
  it('built-in incident template renders a record that validates clean', () => {
    const policy = acmePolicy();
    const values: TemplateValues = { id: 'INC-2026-0100', title: 'Checkout slow', severity: 'SEV3', status: 'investigating', services: ['checkout'], started: '2026-11-23T12:00:00Z', escalation: 'team-page' };
    const text = renderTemplate(tpl('incident'), values);
    assert.equal(checkRendered(text, values), undefined);
    const rec = parseRecord('incidents/x.md', text, policy);
    assert.deepEqual(validateRecord(rec, policy, { now: NOW }).map((p) => p.code), []);
    assert.ok(!/ \n/.test(text.split('---')[1]), 'no trailing spaces in the front matter');
  });

  for (const name of ['incident', 'review', 'runbook']) {
    it(`${name}: no title can inject a key or change a value`, () => {
      for (const title of INJECTIONS) {
        const values: TemplateValues = { id: 'INC-1', title, severity: 'SEV4', status: 'investigating', services: [title], owner: title, started: '2026-11-23T12:00:00Z', date: '2026-11-23' };
        const text = renderTemplate(tpl(name), values);
        assert.equal(checkRendered(text, values), undefined, `${JSON.stringify(title)}:\n${text}`);
        const root = parseRecord(`${name}s/x.md`, text, acmePolicy()).root;
        assert.equal(toJS(get(root, 'title')), title);
        if (name !== 'review') assert.deepEqual(toJS(get(root, 'services')), [title]);
        // The same keys, with the same values apart from the title, as with a harmless title.
        const benign = parseRecord(`${name}s/x.md`, renderTemplate(tpl(name), { ...values, title: 'T', services: ['T'], owner: 'T' }), acmePolicy()).root;
        const keys = (r: typeof root) => r!.items.map((p) => String(p.key.value));
        assert.deepEqual(keys(root), keys(benign));
        assert.equal(toJS(get(root, 'severity')), toJS(get(benign, 'severity')));
        assert.equal(toJS(get(root, 'status')), toJS(get(benign, 'status')));
        const body = text.slice(text.indexOf('\n---', 4) + 4);
        assert.ok(!body.includes('\n---\nid: evil'), 'body took a raw multi-line value');
      }
    });
  }

  it('a review from an incident carries its facts and timeline as a table', () => {
    const text = renderTemplate(tpl('review'), {
      title: 'Review: checkout', date: '2026-11-23',
      incident: { id: 'INC-7', path: 'incidents/x.md', title: 'Checkout | down', severity: 'SEV1', started: '2026-11-20T10:00:00Z', resolved: '2026-11-20T12:00:00Z', timeline: [{ at: '2026-11-20T10:00:00Z', kind: 'detected', text: 'pipe | in text', by: 'a' }] },
    });
    assert.ok(text.includes('incident: INC-7'));
    assert.ok(text.includes('| 2026-11-20 10:00 UTC | detected | pipe \\| in text | a |'), text);
    assert.ok(text.includes('Incident INC-7 (SEV1): Checkout | down.'));
    assert.ok(text.includes('Started 2026-11-20 10:00 UTC, resolved 2026-11-20 12:00 UTC.'), 'readable times; no empty mitigated');
    assert.ok(/<!-- hindsight:timeline from INC-7[^\n]*-->\n\| Time \| Kind \| Event \| By \|/.test(text), 'the table sits in a section Hindsight can refresh');
  });

  it('a review from an unresolved incident (issue 17): no empty milestones, the timeline sorted, readable, in the zone asked, prompts in empty sections', () => {
    const text = renderTemplate(tpl('review'), {
      title: 'Review: search', date: '2026-11-23', timeZone: 'Europe/Berlin',
      incident: { id: 'INC-8', path: 'incidents/y.md', title: 'Search slow', severity: 'SEV2', started: '2026-11-20T10:00:00Z', timeline: [
        { at: '2026-11-20T10:30:00Z', kind: 'action', text: 'second <b>bold</b>' }, { at: '2026-11-20T10:05:00+00:00', kind: 'detected', text: 'first' }] },
    });
    assert.ok(!/resolved \./.test(text) && !/mitigated ,/.test(text), text);
    assert.match(text, /Started 2026-11-20 11:00 \+01:00; not resolved yet\./);
    const rows = text.split('\n').filter((l) => /^\| 2026/.test(l));
    assert.deepEqual(rows, ['| 2026-11-20 11:05 +01:00 | detected | first |  |', '| 2026-11-20 11:30 +01:00 | action | second &lt;b>bold&lt;/b> |  |']);
    assert.match(text, /## Summary\n\n<!-- prompt: [^>]+-->\n/);
  });

  it('refreshes a review\'s timeline section from the incident as one edit, and only that section', () => {
    const { timelineSection, refreshTimelineSection, findTimelineSection } = require('../../src/core/index') as typeof import('../../src/core/index');
    const ev = (at: string, text: string) => ({ at, kind: 'note', text });
    const review = `---\ntitle: R\n---\n## Timeline\n\nAuthor's words.\n\n${timelineSection('INC-1', [ev('2026-01-01T10:00:00Z', 'a')])}\n\nMore words.\n`;
    assert.deepEqual(refreshTimelineSection(review, 'INC-1', [ev('2026-01-01T10:00:00Z', 'a')]), [], 'up to date: nothing to do');
    const edits = refreshTimelineSection(review, 'INC-1', [ev('2026-01-01T10:05:00Z', 'b'), ev('2026-01-01T10:00:00Z', 'a')]);
    assert.equal(edits.length, 1);
    const after = review.slice(0, edits[0].start) + edits[0].text + review.slice(edits[0].end);
    assert.ok(after.startsWith(review.slice(0, findTimelineSection(review)!.start)) && after.endsWith('\n\nMore words.\n'), 'the author\'s text is untouched');
    assert.ok(after.indexOf('| a |') < after.indexOf('| b |'));
    assert.equal(findTimelineSection(review)!.line, 7);
    assert.throws(() => refreshTimelineSection('---\ntitle: R\n---\n## Timeline\n', 'INC-1', []), /no timeline section/);
  });

  it('timeline tables escape pipes and line breaks', () => {
    assert.equal(timelineTable([{ at: 'a', kind: 'k', text: 'x|y\nz' }]).split('\n')[2], '| a | k | x\\|y z |  |');
    assert.equal(timelineTable([{ at: '2026-01-01T00:00:00Z', kind: 'k', text: '<script>' }]).split('\n')[2], '| 2026-01-01 00:00 UTC | k | &lt;script> |  |', 'no raw HTML into a review');
  });

  it('slugs and ids', () => {
    assert.equal(slugify('Checkout: 500s for "all" users!'), 'checkout-500s-for-all-users');
    assert.equal(slugify('../../etc/passwd'), 'etc-passwd');
    assert.equal(slugify('日本'), 'untitled');
    assert.equal(nextIncidentId(['INC-2026-0009', 'INC-2025-0100', 'X'], 2026), 'INC-2026-0010');
  });
});

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
    assert.ok(text.includes('| 2026-11-20T10:00:00Z | detected | pipe \\| in text | a |'));
    assert.ok(text.includes('Incident INC-7 (SEV1): Checkout | down.'));
  });

  it('timeline tables escape pipes and line breaks', () => {
    assert.equal(timelineTable([{ at: 'a', kind: 'k', text: 'x|y\nz' }]).split('\n')[2], '| a | k | x\\|y z |  |');
  });

  it('slugs and ids', () => {
    assert.equal(slugify('Checkout: 500s for "all" users!'), 'checkout-500s-for-all-users');
    assert.equal(slugify('../../etc/passwd'), 'etc-passwd');
    assert.equal(slugify('日本'), 'untitled');
    assert.equal(nextIncidentId(['INC-2026-0009', 'INC-2025-0100', 'X'], 2026), 'INC-2026-0010');
  });
});

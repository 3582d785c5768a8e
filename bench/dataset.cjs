// The benchmarks' synthetic workspace: N records (default 10,000, ~3 KB each): half incidents with ~20-event
// timelines, a quarter reviews with action items, a quarter runbooks, and test/fixtures/acme's policy. Every bench
// script that reads it makes it when it is missing (ensureDataset), so each runs on its own.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const POLICY = fs.readFileSync(path.join(__dirname, '..', 'test', 'fixtures', 'acme', '.hindsight', 'policy.yaml'), 'utf8');
const SERVICES = ['checkout', 'payments', 'search', 'identity'];
const KINDS = ['action', 'communication', 'note', 'deploy', 'escalated'];

function iso(ms) { return new Date(ms).toISOString().replace('.000Z', 'Z'); }

function incident(i, N) {
  const start = Date.UTC(2024, 10, 1) + Math.floor(i * (730 * 86_400_000) / Math.max(1, Math.floor(N * 0.5)));
  const sev = ['SEV1', 'SEV2', 'SEV3', 'SEV4'][i % 4];
  const events = [];
  for (let e = 0; e < 20; e++) {
    const at = iso(start + e * 240_000);
    const kind = e === 0 ? 'detected' : e === 1 ? 'acknowledged' : e === 15 ? 'mitigated' : e === 19 ? 'resolved' : KINDS[e % KINDS.length];
    const text = e % 3 === 0 ? `"Checked ${SERVICES[e % 4]} dashboards: error rate ${e}%, p99 ${e * 37}ms"` : `Step ${e} of the mitigation for incident ${i}`;
    events.push(`  - at: ${at}\n    kind: ${kind}\n    text: ${text}${e % 4 === 0 ? '\n    by: responder' + (e % 7) : ''}`);
  }
  return `---
id: INC-2025-${String(i).padStart(5, '0')}
title: "Synthetic incident ${i}: ${SERVICES[i % 4]} degraded"
severity: ${sev}
status: closed
services: [${SERVICES[i % 4]}]
commander: person${i % 50}
roles:
  scribe: person${(i + 1) % 50}
  communications: person${(i + 2) % 50}
escalation: ${sev === 'SEV1' ? 'major-incident' : sev === 'SEV4' ? 'team-page' : 'team-page'}
started: ${iso(start)}
detected: ${iso(start)}
acknowledged: ${iso(start + 240_000)}
mitigated: ${iso(start + 15 * 240_000)}
resolved: ${iso(start + 19 * 240_000)}
runbooks: [runbooks/rb-${i % 500}.md]
timeline:
${events.join('\n')}
---

# Synthetic incident ${i}

## Summary

${'The service degraded after a configuration change and recovered after a rollback. '.repeat(6)}

## Impact

${'Some customers saw slow pages and failed requests for a while. '.repeat(6)}
`;
}

function review(i) {
  return `---
title: "Review of incident ${i}"
incident: INC-2025-${String(i).padStart(5, '0')}
status: published
authors: [person${i % 50}]
date: 2025-06-01
action_items:
${Array.from({ length: 6 }, (_, a) => `  - id: AI-${i}-${a}\n    title: Action ${a} for ${i}\n    owner: team-${a}\n    due: 2027-0${1 + (a % 9)}-15\n    status: ${a % 2 ? 'done' : 'open'}\n    type: preventive`).join('\n')}
---

# Review of incident ${i}

## Summary

${'What happened, in plain words, for people outside the team. '.repeat(6)}

## Impact

${'Customers saw errors on checkout for a few minutes. '.repeat(5)}

## Timeline

See the incident.

## Contributing Factors

${'- A default that was safe in tests.\n'.repeat(8)}
## Action Items

See front matter.

## Lessons Learned

${'Fail closed on missing configuration. '.repeat(8)}
`;
}

function runbook(i) {
  return `---
title: Runbook ${i}
services: [${SERVICES[i % 4]}]
alerts: [Alert${i}]
owner: team-${i % 10}
last_reviewed: 2026-10-01
review_every: 365d
---

# Runbook ${i}

## Meaning

${'This alert fires when the error budget burns too fast. '.repeat(10)}

## Diagnosis

${Array.from({ length: 8 }, (_, s) => `${s + 1}. Check step ${s} on the dashboard and note what you see.`).join('\n')}

\`\`\`sh
kubectl -n svc${i % 10} get pods -o wide
kubectl -n svc${i % 10} logs deploy/api --since=15m
\`\`\`

## Mitigation

${Array.from({ length: 8 }, (_, s) => `- [ ] Mitigation step ${s}: roll back or scale out as needed.`).join('\n')}
`;
}

/**
 * The synthetic workspace of N records in DIR (made once: a `.complete` marker says it is whole, and a later call
 * reuses it). Returns its files' absolute paths, their total size, and the policy's text.
 */
function ensureDataset({ n = 10000, dir = path.join(os.tmpdir(), `hindsight-bench-${n}`) } = {}) {
  const N = n;
  const marker = path.join(dir, '.complete');
  const files = [];
  let bytes = 0;
  const reuse = fs.existsSync(marker);
  if (!reuse) { fs.rmSync(dir, { recursive: true, force: true }); for (const d of ['incidents', 'reviews', 'runbooks', '.hindsight']) fs.mkdirSync(path.join(dir, d), { recursive: true }); fs.writeFileSync(path.join(dir, '.hindsight', 'policy.yaml'), POLICY); }
  const nInc = Math.floor(N * 0.5), nRev = Math.floor(N * 0.25), nRb = N - nInc - nRev;
  const add = (rel, make) => { const f = path.join(dir, rel); if (!reuse) { const t = make(); fs.writeFileSync(f, t); } files.push(f); };
  for (let i = 0; i < nInc; i++) add(`incidents/inc-${i}.md`, () => incident(i, N));
  for (let i = 0; i < nRev; i++) add(`reviews/rev-${i}.md`, () => review(i));
  for (let i = 0; i < nRb; i++) add(`runbooks/rb-${i}.md`, () => runbook(i));
  for (const f of files) bytes += fs.statSync(f).size;
  if (!reuse) fs.writeFileSync(marker, '');
  return { dir, files, bytes, policyText: POLICY };
}

module.exports = { ensureDataset };

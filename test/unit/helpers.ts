import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { defaultPolicy, loadPolicy, parseRecord, validateRecord, WorkspaceIndex, type Policy, type Problem } from '../../src/core/index';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const ACME = path.join(REPO_ROOT, 'test', 'fixtures', 'acme');
export const NOW = Date.parse('2026-11-23T12:00:00Z');

export function acmePolicy(): Policy {
  const r = loadPolicy(fs.readFileSync(path.join(ACME, '.hindsight', 'policy.yaml'), 'utf8'));
  if (r.problems.length) throw new Error('acme policy has problems: ' + JSON.stringify(r.problems));
  return r.policy;
}

export function fm(lines: string): string {
  return `---\n${lines}\n---\n\n# Body\n`;
}

/** Validates one text as a record at `file` (cross-file rules use an index of `others` plus this file). */
export function check(file: string, text: string, opts: { policy?: Policy; others?: Record<string, string>; now?: number } = {}): Problem[] {
  const policy = opts.policy ?? defaultPolicy();
  const index = new WorkspaceIndex(policy);
  for (const [p, t] of Object.entries(opts.others ?? {})) index.update(p, t);
  index.update(file, text);
  return validateRecord(parseRecord(file, text, policy), policy, { index, now: opts.now ?? NOW });
}

export function codes(ps: Problem[]): string[] {
  return ps.map((p) => p.code).sort();
}

export const GOOD_INCIDENT = `id: INC-2026-0001
title: Checkout down
severity: SEV3
status: investigating
services: [checkout]
started: 2026-03-01T10:00:00Z
detected: 2026-03-01T10:05:00Z
timeline:
  - at: 2026-03-01T10:05:00Z
    kind: detected
    text: Alert fired`;

/** A temporary folder removed after the run (`mkdtempSync` under the system's temporary folder). */
const madeDirs: string[] = [];
after(() => { for (const d of madeDirs) fs.rmSync(d, { recursive: true, force: true }); });
export function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  madeDirs.push(d);
  return d;
}

/**
 * A top-level field that is a typo of one Hindsight reads (`runbook:` for `runbooks:`, `sevirity:`, `Title:`):
 * unknown fields are left alone (teams add their own), so without this the intended field is silently missing.
 * Only near misses are reported, and only when the field they miss is not written as well.
 */
import { editDistance } from '../problem';
import type { RecordKind } from '../record';
import { INCIDENT_FIELDS } from '../policy';
import type { RuleContext } from './context';

const COMMON = ['type', 'title'];
/** The front-matter fields each kind of record has (docs/format.md). */
export const RECORD_FIELDS: Record<RecordKind, readonly string[]> = {
  incident: ['type', ...INCIDENT_FIELDS],
  review: [...COMMON, 'incident', 'status', 'authors', 'date', 'action_items'],
  runbook: [...COMMON, 'services', 'alerts', 'owner', 'last_reviewed', 'review_every'],
};

/** The known field `key` is a typo of: one edit away (two for keys of 8 characters or more), or a case away. */
export function fieldTypoOf(key: string, known: readonly string[]): string | undefined {
  if (known.includes(key) || key.length < 4) return undefined;
  const room = key.length >= 8 ? 2 : 1;
  let best: { f: string; d: number } | undefined;
  for (const f of known) {
    const d = editDistance(key, f);
    if (d <= room && (!best || d < best.d)) best = { f, d };
  }
  return best?.f;
}

export function checkFieldTypos(ctx: RuleContext): void {
  const kind = ctx.rec.kind;
  if (!kind) return;
  // An incident's severity may require a role at the top level (`communications:`): those are fields too.
  const known = kind === 'incident' ? [...RECORD_FIELDS.incident, ...ctx.policy.roles] : RECORD_FIELDS[kind];
  const written = new Set(ctx.root.items.map((p) => String(p.key.value)));
  for (const { key } of ctx.root.items) {
    const name = String(key.value);
    const meant = fieldTypoOf(name, known);
    if (meant === undefined || written.has(meant)) continue;
    ctx.report(key, 'field-typo', `'${name}' is not a field Hindsight reads: did you mean '${meant}'? (As written, '${meant}' is missing and '${name}' is ignored.)`, { allowed: [meant] });
  }
}

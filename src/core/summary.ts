/** The small, flat facts about a record that the index, the tree views and the cross-file rules need. */
import { get, scalarText, stringList, type YMap } from './yaml/index';
import { MILESTONES, type Milestone } from './policy';
import type { ParsedRecord, RecordKind } from './record';

export interface ActionItemSummary { id?: string; title?: string; owner?: string; due?: string; status?: string; type?: string; link?: string }

export interface RecordSummary {
  path: string;
  kind: RecordKind;
  title?: string;
  /** Whether the front matter parsed (false: YAML errors, unterminated, unsupported). */
  ok: boolean;
  // incident
  id?: string;
  severity?: string;
  status?: string;
  services: readonly string[];
  commander?: string;
  escalation?: string;
  milestones: Partial<Record<Milestone, string>>;
  review?: string;
  runbooks: readonly string[];
  timelineCount: number;
  // review
  incident?: string;
  authors: readonly string[];
  date?: string;
  actionItems: readonly ActionItemSummary[];
  // runbook
  alerts: readonly string[];
  owner?: string;
  lastReviewed?: string;
  reviewEvery?: string;
}

export function summarize(rec: ParsedRecord): RecordSummary | null {
  if (!rec.kind) return null;
  const root: YMap | null = rec.root;
  const s = (k: string) => scalarText(get(root, k));
  const milestones: Partial<Record<Milestone, string>> = {};
  if (rec.kind === 'incident') for (const m of MILESTONES) { const v = s(m); if (v !== undefined) milestones[m] = v; }
  const tl = get(root, 'timeline');
  const ai = get(root, 'action_items');
  const actionItems: ActionItemSummary[] = [];
  if (rec.kind === 'review' && ai?.type === 'seq') {
    for (const item of ai.items) {
      if (item.type !== 'map') continue;
      const f = (k: string) => scalarText(get(item, k));
      actionItems.push({ id: f('id'), title: f('title'), owner: f('owner'), due: f('due'), status: f('status'), type: f('type'), link: f('link') });
    }
  }
  let title = s('title');
  if (title === undefined) {
    // Records without front matter (most real runbooks): the first heading is the title.
    const m = /^#\s+(.+)$/m.exec(rec.text.slice(rec.split.bodyStart, rec.split.bodyStart + 4096));
    if (m) title = m[1].trim();
  }
  return {
    path: rec.path, kind: rec.kind, title,
    ok: !rec.problems.some((p) => p.severity === 'error' && (p.code.startsWith('yaml') || p.code.startsWith('frontmatter-un'))),
    id: s('id'), severity: s('severity'), status: s('status'),
    services: stringList(get(root, 'services')).map((x) => x.text),
    commander: s('commander') ?? scalarText(get(get(root, 'roles') as YMap, 'commander')),
    escalation: s('escalation'), milestones,
    review: s('review'), runbooks: stringList(get(root, 'runbooks')).map((x) => x.text),
    timelineCount: tl?.type === 'seq' ? tl.count ?? tl.items.length : 0,
    incident: s('incident'), authors: stringList(get(root, 'authors')).map((x) => x.text), date: s('date'), actionItems,
    alerts: stringList(get(root, 'alerts')).map((x) => x.text), owner: s('owner'), lastReviewed: s('last_reviewed'), reviewEvery: s('review_every'),
  };
}

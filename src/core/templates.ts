/**
 * Templates for new records (mustache). Every value reaches the front matter as a YAML-quoted scalar
 * (`{{yaml.title}}`), so a title like `x"\nseverity: SEV1` cannot inject a key; Markdown uses `{{text.title}}`,
 * a single line. Escaping is off (mustache's HTML escaping is wrong for YAML and Markdown alike).
 */
import type MustacheType from 'mustache';

declare const require: (id: string) => unknown;
let mustache: typeof MustacheType | undefined;
const M = (): typeof MustacheType => (mustache ??= require('mustache') as typeof MustacheType);
import { formatScalar } from './yaml/index';
import { splitFrontMatter } from './frontmatter';
import { parseYaml, getPair, toJS } from './yaml/index';
import type { TimelineEvent } from './edits';
import { readableTime, singleLine, timelineSection } from './reviewTimeline';

export type TemplateName = 'incident' | 'review' | 'runbook';
export const TEMPLATE_NAMES: TemplateName[] = ['incident', 'review', 'runbook'];

export interface TemplateValues {
  id?: string; title: string; severity?: string; status?: string; services?: string[]; commander?: string;
  escalation?: string; started?: string; date?: string; owner?: string;
  /** The zone for times written into a record's text (IANA); UTC when absent. */
  timeZone?: string;
  incident?: { id?: string; path: string; title?: string; severity?: string; started?: string; detected?: string; mitigated?: string; resolved?: string; timeline: TimelineEvent[] };
}

function yamlView(v: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === undefined || val === null) out[k] = '';
    else if (Array.isArray(val)) out[k] = '[' + val.map((x) => formatScalar(String(x))).join(', ') + ']';
    else out[k] = formatScalar(String(val));
  }
  return out;
}

function textView(v: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) out[k] = val === undefined || val === null ? '' : Array.isArray(val) ? val.map((x) => singleLine(String(x))).join(', ') : singleLine(String(val));
  return out;
}

export function renderTemplate(template: string, values: TemplateValues): string {
  const flat: Record<string, unknown> = { ...values, incident: undefined };
  const inc = values.incident;
  const incFlat: Record<string, unknown> = inc ? { id: inc.id, path: inc.path, title: inc.title, severity: inc.severity, started: inc.started, detected: inc.detected, mitigated: inc.mitigated, resolved: inc.resolved } : {};
  // In the review's text, milestones are readable times with their zone; in its front matter, as written.
  const readable = (v: string | undefined) => (v ? readableTime(v, values.timeZone) : undefined);
  const incText = inc ? { ...incFlat, started: readable(inc.started), detected: readable(inc.detected), mitigated: readable(inc.mitigated), resolved: readable(inc.resolved) } : {};
  const view = {
    yaml: { ...yamlView(flat), incident: yamlView(incFlat) },
    text: { ...textView(flat), incident: textView(incText) },
    has: {
      services: !!values.services?.length, incident: !!inc, timeline: !!inc?.timeline.length,
      // Milestones not reached yet are left out of the text (no "resolved ." for an unresolved incident).
      started: !!inc?.started, detected: !!inc?.detected, mitigated: !!inc?.mitigated, resolved: !!inc?.resolved,
    },
    timeline_table: inc ? timelineSection(inc.id, inc.timeline, { timeZone: values.timeZone }) : '',
  };
  const text = M().render(template, view, {}, { escape: (s: string) => s });
  // Empty values leave `key: ` behind: trim trailing spaces inside the front matter only.
  const split = splitFrontMatter(text);
  if (split.kind !== 'yaml') return text;
  const fm = text.slice(split.content!.start, split.content!.end).replace(/[ \t]+(\r?\n)/g, '$1');
  return text.slice(0, split.content!.start) + fm + text.slice(split.content!.end);
}

/** Checks a rendered record: the front matter must parse and carry exactly the given title (the template must not inject). */
export function checkRendered(text: string, values: TemplateValues): string | undefined {
  const split = splitFrontMatter(text);
  if (split.kind !== 'yaml') return 'the template does not produce front matter between --- lines';
  const parsed = parseYaml(text, split.content!.start, split.content!.end);
  if (parsed.errors.length) return `the rendered front matter does not parse: ${parsed.errors[0].message}`;
  if (!parsed.root || parsed.root.type !== 'map') return 'the rendered front matter is not a mapping';
  const title = getPair(parsed.root, 'title');
  if (title && toJS(title.value) !== values.title) return 'the rendered title differs from the one given';
  return undefined;
}

/** `2026-11-23-checkout-latency` style file name part. */
export function slugify(title: string): string {
  const s = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return s || 'untitled';
}

/**
 * The next action item id for `review`, in the repo's own convention: where no `AI-N` is used by two reviews the
 * repo numbers across reviews, and the next is above every one of them (a review's own AI-1 would repeat another
 * review's); where ids repeat across reviews, each review numbers its own.
 */
export function nextActionItemId(records: Iterable<{ path: string; actionItems: readonly { id?: string }[] }>, review: { path: string; actionItems: readonly { id?: string }[] }): string {
  const num = (id: string | undefined) => { const m = /^AI-(\d+)$/i.exec(id ?? ''); return m ? Number(m[1]) : undefined; };
  const owner = new Map<number, string>();
  let max = 0, perReview = false;
  for (const r of records) for (const a of r.actionItems) {
    const n = num(a.id);
    if (n === undefined) continue;
    max = Math.max(max, n);
    const other = owner.get(n);
    if (other !== undefined && other !== r.path) perReview = true;
    owner.set(n, r.path);
  }
  if (perReview) max = Math.max(0, ...review.actionItems.map((a) => num(a.id) ?? 0));
  return `AI-${max + 1}`;
}

/** The next free `INC-YYYY-NNNN` id given the ids in use. */
export function nextIncidentId(existing: Iterable<string>, year: number): string {
  let max = 0;
  const re = new RegExp(`^INC-${year}-(\\d+)$`);
  for (const id of existing) { const m = re.exec(id); if (m) max = Math.max(max, Number(m[1])); }
  return `INC-${year}-${String(max + 1).padStart(4, '0')}`;
}

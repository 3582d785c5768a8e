/** Rules for reviews (postmortems): fields, the incident link, required sections, action items. */
import { get, getPair, isEmpty } from '../yaml/index';
import { scanHeadings, normalizeHeading } from '../markdown';
import { DAY } from '../time';
import { actionItemIsOpen } from '../due';
import type { RuleContext } from './context';
import { checkAllowed, dateField, listField, missing, stringField } from './common';

export const ACTION_ITEM_STATUSES = ['open', 'done'];
export const ACTION_ITEM_TYPES = ['detective', 'preventive', 'corrective'];

export function checkReview(ctx: RuleContext): void {
  const { root, policy, rec } = ctx;
  for (const f of ['title', 'incident', 'status']) if (isEmpty(get(root, f))) missing(ctx, root, f);
  stringField(ctx, root, 'title');
  const status = stringField(ctx, root, 'status');
  if (status !== undefined) checkAllowed(ctx, get(root, 'status')!, status, policy.review.reviewStatuses, 'invalid-value', 'review status');
  listField(ctx, root, 'authors');
  dateField(ctx, root, 'date');

  const incident = stringField(ctx, root, 'incident');
  if (incident !== undefined && ctx.index && !ctx.index.resolveIncident(rec.path, incident)) {
    ctx.report(get(root, 'incident'), 'broken-link', `Incident '${incident}' does not exist (give its id, e.g. INC-2026-0042, or its path)`);
  }

  checkSections(ctx, policy.review.requiredSections);
  // A published review (the last of the policy's review statuses) with a section that still holds only its prompt.
  const statuses = policy.review.reviewStatuses;
  if (status !== undefined && statuses.length > 1 && status === statuses[statuses.length - 1]) checkPrompts(ctx, policy.review.requiredSections);

  const ai = getPair(root, 'action_items');
  if (!ai || isEmpty(ai.value)) return;
  if (ai.value.type !== 'seq') { ctx.report(ai.value, 'invalid-value', "'action_items' must be a list of { id, title, owner, due, status, type }"); return; }
  ai.value.items.forEach((item, i) => {
    const what = `action item ${i + 1}`;
    if (item.type !== 'map') { ctx.report(item, 'invalid-value', `${what} must be a mapping with id, title, owner, due, status`); return; }
    const name = stringField(ctx, item, 'id') ?? stringField(ctx, item, 'title') ?? what;
    if (isEmpty(get(item, 'title'))) ctx.report(getPair(item, 'title')?.key ?? item, 'missing-field', `Action item '${name}' needs a 'title'`, { data: { field: 'title' } });
    for (const f of ['owner', 'due']) {
      if (isEmpty(get(item, f))) ctx.report(getPair(item, f)?.key ?? item, 'action-item-incomplete', `Action item '${name}' has no ${f}: add '${f}: ${f === 'due' ? 'YYYY-MM-DD' : '<person>'}'`, { data: { field: f } });
    }
    stringField(ctx, item, 'owner');
    const due = dateField(ctx, item, 'due', `${name}.due`);
    const st = stringField(ctx, item, 'status');
    if (st !== undefined) checkAllowed(ctx, get(item, 'status')!, st, ACTION_ITEM_STATUSES, 'invalid-value', 'action item status');
    const type = stringField(ctx, item, 'type');
    if (type !== undefined) checkAllowed(ctx, get(item, 'type')!, type, ACTION_ITEM_TYPES, 'invalid-value', 'action item type');
    stringField(ctx, item, 'link');
    if (due !== undefined && actionItemIsOpen({ status: st }) && ctx.now >= due + DAY) {
      ctx.report(get(item, 'due'), 'action-item-overdue', `Action item '${name}' was due ${stringField(ctx, item, 'due')} and is still open`);
    }
  });
}

export function checkSections(ctx: RuleContext, required: string[]): void {
  if (!required.length) return;
  const { rec } = ctx;
  const have = new Set(scanHeadings(rec.text, rec.split.bodyStart).map((h) => normalizeHeading(h.text)));
  const anchor = rec.split.close ?? rec.split.open;
  for (const s of required) {
    if (!have.has(normalizeHeading(s))) ctx.report(anchor, 'missing-section', `Missing required section '## ${s}'`, { data: { section: s } });
  }
}

/** The template's prompt for a section: an HTML comment, invisible where the review is rendered. */
const PROMPT = /<!--\s*prompt:[\s\S]*?-->/g;

export function checkPrompts(ctx: RuleContext, required: readonly string[]): void {
  const { rec } = ctx;
  const mustStay = new Set(required.map(normalizeHeading));
  const headings = scanHeadings(rec.text, rec.split.bodyStart);
  headings.forEach((h, i) => {
    const body = rec.text.slice(h.next, i + 1 < headings.length ? headings[i + 1].start : rec.text.length);
    PROMPT.lastIndex = 0;
    if (!PROMPT.test(body)) return;
    if (body.replace(PROMPT, '').trim() === '') {
      // A section the policy requires cannot be removed (that is missing-section): only written.
      const fix = mustStay.has(normalizeHeading(h.text)) ? 'write it (the policy requires this section)' : 'write it, or remove the section';
      ctx.report({ start: h.start, end: h.end }, 'review-section-unwritten', `Section '${h.text}' still holds only the template's prompt, and the review is published: ${fix}`);
    }
  });
}

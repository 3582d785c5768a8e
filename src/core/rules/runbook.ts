/** Rules for runbooks: owner, services, review hygiene, required sections. Runbooks without front matter are fine. */
import { get } from '../yaml/index';
import { parseDuration } from '../time';
import { runbookReviewOverdue } from '../due';
import type { RuleContext } from './context';
import { checkAllowedItems, dateField, listField, stringField } from './common';
import { checkSections } from './review';

export function checkRunbook(ctx: RuleContext): void {
  const { root, policy } = ctx;
  stringField(ctx, root, 'title');
  stringField(ctx, root, 'owner');
  listField(ctx, root, 'alerts');
  const services = listField(ctx, root, 'services');
  if (policy.services) checkAllowedItems(ctx, services, policy.services, 'unknown-service', 'service');
  const last = dateField(ctx, root, 'last_reviewed');
  const every = stringField(ctx, root, 'review_every');
  let everyMs: number | undefined;
  if (every !== undefined) {
    everyMs = parseDuration(every);
    if (everyMs === undefined) ctx.report(get(root, 'review_every'), 'invalid-duration', `'review_every' must be a duration like 90d, 12h or 30m (got '${every}')`);
  }
  if (last !== undefined && everyMs !== undefined && runbookReviewOverdue({ lastReviewed: stringField(ctx, root, 'last_reviewed'), reviewEvery: every }, ctx.now)) {
    ctx.report(get(root, 'last_reviewed'), 'runbook-review-overdue', `Runbook review is overdue: last reviewed ${stringField(ctx, root, 'last_reviewed')}, due every ${every}; review it and update 'last_reviewed'`);
  }
  checkSections(ctx, policy.runbook.requiredSections);
}

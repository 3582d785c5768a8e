/**
 * What is still to do and what is late, for action items and runbook reviews: the one test that the rules, the
 * stats, the dashboard and the editor's views share (none of them decides it on its own).
 */
import { DAY, parseDate, parseDuration } from './time';
import type { ActionItemSummary, RecordSummary } from './summary';

/** Action item statuses that close an item, lower-cased (the format's statuses are open and done). */
export const ACTION_ITEM_DONE = new Set(['done']);

/**
 * Whether an action item is still to do: any status but a done one. No status, `open`, and a status the format
 * does not know (`blocked`, `in progress`: flagged by validation) all leave the work open.
 */
export function actionItemIsOpen(a: Pick<ActionItemSummary, 'status'>): boolean {
  return !(a.status && ACTION_ITEM_DONE.has(a.status.toLowerCase()));
}

/** An action item still open a day after its due date (the action-item-overdue rule). */
export function actionItemOverdue(a: Pick<ActionItemSummary, 'status' | 'due'>, now: number): boolean {
  if (!actionItemIsOpen(a)) return false;
  const due = parseDate(a.due);
  return due.ok && now >= due.ms + DAY;
}

/** How many of a review's action items are open. */
export function openActionItemCount(r: Pick<RecordSummary, 'actionItems'>): number {
  let n = 0;
  for (const a of r.actionItems) if (actionItemIsOpen(a)) n++;
  return n;
}

/** When a runbook's review falls due (last_reviewed + review_every); undefined without both, or when either is not readable. */
export function runbookReviewDueMs(r: Pick<RecordSummary, 'lastReviewed' | 'reviewEvery'>): number | undefined {
  const last = parseDate(r.lastReviewed);
  const every = parseDuration(r.reviewEvery);
  return last.ok && every !== undefined ? last.ms + every : undefined;
}

/** A runbook past its review date (the runbook-review-overdue rule). */
export function runbookReviewOverdue(r: Pick<RecordSummary, 'lastReviewed' | 'reviewEvery'>, now: number): boolean {
  const due = runbookReviewDueMs(r);
  return due !== undefined && now > due;
}

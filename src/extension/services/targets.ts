/**
 * What a command acts on. Commands are invoked from a view's row (a TreeNode), with a uri (editor menus,
 * CodeLenses), with a repo-relative path (tests, keybindings), or with nothing (the active editor).
 */
import * as vscode from 'vscode';
import type { ActionItemRow, RecordRow, RecordSummary } from '../../core/index';
import type { HindsightModel } from './model';

/** A row of a Hindsight view: a group, a record, or an action item (the core view model's rows, with their parent). */
export type TreeNode =
  | { type: 'group'; view: string; id: string; label: string; children: TreeNode[]; description?: string }
  | (RecordRow & { parent?: TreeNode })
  | (ActionItemRow & { parent?: TreeNode });

const isNode = (a: unknown): a is TreeNode => !!a && typeof a === 'object' && 'type' in a && typeof (a as { type: unknown }).type === 'string';

/** The record a view's row shows (undefined for other arguments). */
export function nodeRecordPath(a: unknown): string | undefined {
  return isNode(a) && a.type === 'record' ? a.record.path : undefined;
}

/** The action item a view's row shows. */
export function actionItemNode(a: unknown): Extract<TreeNode, { type: 'actionItem' }> | undefined {
  return isNode(a) && a.type === 'actionItem' ? a : undefined;
}

/** Whether an argument is a view's row (commands that take option objects tell them apart with it). */
export function isTreeNode(a: unknown): a is TreeNode { return isNode(a); }

/**
 * The document of the active editor, text or custom (the timeline editor shows an incident too): a command with no
 * argument acts on it, whichever of the two editors is open.
 */
export function activeDocumentUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom) return input.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

/** The file a command is about: a uri, a record's row, or the active editor's document. */
export function targetUri(model: HindsightModel, arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const rel = nodeRecordPath(arg);
  if (rel !== undefined) return model.uriOf(rel);
  return activeDocumentUri();
}

/** The record a command names explicitly: a path, a record's row, or a uri (no fallback to the active editor). */
export function targetRel(model: HindsightModel, arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const rel = nodeRecordPath(arg);
  if (rel !== undefined) return rel;
  return arg instanceof vscode.Uri ? model.relPath(arg) : undefined;
}

/** The review a command is about: a uri, a path, a review's row or one of its action items, or the active editor. */
export function reviewTarget(model: HindsightModel, arg: unknown): RecordSummary | undefined {
  const item = actionItemNode(arg);
  let rel: string | undefined = item ? item.review.path : targetRel(model, arg);
  if (rel === undefined && !isNode(arg) && !(arg instanceof vscode.Uri) && typeof arg !== 'string') { const uri = vscode.window.activeTextEditor?.document.uri; rel = uri && model.relPath(uri); }
  const r = rel !== undefined ? model.index.get(rel) : undefined;
  return r?.kind === 'review' ? r : undefined;
}

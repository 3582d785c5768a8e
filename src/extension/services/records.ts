import * as vscode from 'vscode';
import { actionItemRange, parseRecord, type ParsedRecord } from '../../core/index';
import { toRange } from './ranges';
import type { HindsightModel } from './model';

/** The record an open document holds, parsed from its current text; undefined when it is not a record. */
export function recordOf(model: HindsightModel, doc: vscode.TextDocument): ParsedRecord | undefined {
  const rel = model.relPath(doc.uri);
  if (rel === undefined) return undefined;
  const rec = parseRecord(rel, doc.getText(), model.policy);
  return rec.kind ? rec : undefined;
}

export const RECORD_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file', language: 'markdown' }, { scheme: 'file', pattern: '**/{incidents,runbooks,reviews,postmortems}/**' }];

/** Where to open a record: an action item of a review (its place in `action_items`; its id, when it has one, checked). */
export interface RecordPlace { actionItem?: { index: number; id?: string } }

/**
 * Opens a record in a preview editor, at the place asked for when it is still there (else at the top, as before
 * the file changed under the link).
 */
export async function showRecord(model: HindsightModel, rel: string, place: RecordPlace = {}, viewColumn?: vscode.ViewColumn): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(model.uriOf(rel), { preview: true, viewColumn });
  if (place.actionItem) {
    const rec = recordOf(model, editor.document);
    const at = rec && actionItemRange(rec.root, place.actionItem.index, place.actionItem.id);
    if (at) {
      const range = toRange(at, editor.document);
      editor.selection = new vscode.Selection(range.start, range.start);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }
  return editor;
}

/** A RecordPlace from a command's argument (anything may arrive: a keybinding, a link); undefined when it is not one. */
export function parseRecordPlace(v: unknown): RecordPlace | undefined {
  if (v === undefined) return {};
  if (!v || typeof v !== 'object') return undefined;
  const a = (v as { actionItem?: unknown }).actionItem;
  if (a === undefined) return {};
  if (!a || typeof a !== 'object') return undefined;
  const { index, id } = a as { index?: unknown; id?: unknown };
  if (!Number.isSafeInteger(index) || (index as number) < 0 || (id !== undefined && typeof id !== 'string')) return undefined;
  return { actionItem: id === undefined ? { index: index as number } : { index: index as number, id } };
}

import * as vscode from 'vscode';
import { parseRecord, type ParsedRecord } from '../../core/index';
import type { HindsightModel } from './model';

/** The record an open document holds, parsed from its current text; undefined when it is not a record. */
export function recordOf(model: HindsightModel, doc: vscode.TextDocument): ParsedRecord | undefined {
  const rel = model.relPath(doc.uri);
  if (rel === undefined) return undefined;
  const rec = parseRecord(rel, doc.getText(), model.policy);
  return rec.kind ? rec : undefined;
}

export const RECORD_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file', language: 'markdown' }, { scheme: 'file', pattern: '**/{incidents,runbooks,reviews,postmortems}/**' }];

import * as vscode from 'vscode';
import { LineIndex, type Problem } from '../../core/index';

/** Offsets (UTF-16, as in the core) to a vscode.Range, through the open document or a line index of the text. */
export function toRange(p: { start: number; end: number }, at: vscode.TextDocument | LineIndex): vscode.Range {
  if (at instanceof LineIndex) {
    const s = at.positionAt(p.start), e = at.positionAt(p.end);
    return new vscode.Range(s.line, s.column, e.line, e.column);
  }
  return new vscode.Range(at.positionAt(p.start), at.positionAt(p.end));
}

export function toSeverity(s: Problem['severity']): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

export function toDiagnostic(p: Problem, at: vscode.TextDocument | LineIndex): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(p, at), p.message, toSeverity(p.severity));
  d.source = 'hindsight';
  d.code = p.code;
  return d;
}

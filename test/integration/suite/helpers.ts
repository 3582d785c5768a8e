import * as vscode from 'vscode';
import type { HindsightApi } from '../../../src/extension/extension';

export async function api(): Promise<HindsightApi> {
  const ext = vscode.extensions.getExtension<HindsightApi>('hindsight.hindsight');
  if (!ext) throw new Error('the Hindsight extension is not loaded');
  const a = ext.isActive ? ext.exports : await ext.activate();
  await a.model.whenReady();
  return a;
}

export function root(): vscode.Uri {
  return vscode.workspace.workspaceFolders![0].uri;
}

export function file(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(root(), ...rel.split('/'));
}

/** Polls until `fn` returns a truthy value (the extension works in the background and debounces). */
export async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try { const v = await fn(); if (v) return v; } catch (e) { last = e; }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function codes(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri).map((d) => String(typeof d.code === 'object' ? d.code.value : d.code)).sort();
}

/** The quick fixes VS Code offers on a range of a file (as the lightbulb lists them). */
export async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
}

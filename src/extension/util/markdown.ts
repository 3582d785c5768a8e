import * as vscode from 'vscode';

/** Plain-text Markdown (no HTML, no command links): values from files are escaped. */
export function md(): vscode.MarkdownString {
  const m = new vscode.MarkdownString('', false);
  m.isTrusted = false;
  m.supportHtml = false;
  return m;
}

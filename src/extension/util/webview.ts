/** What the webviews share on the host side: one page skeleton with its Content-Security-Policy. */
import * as vscode from 'vscode';

/** A fresh nonce for a webview's Content-Security-Policy (one per page: scripts without it do not run). */
export function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars.charAt(Math.floor(Math.random() * chars.length));
  return s;
}

export interface WebviewPage {
  title: string;
  /** `media/dist/<script>.js` and `media/<style>.css`. */
  script: string;
  style: string;
  /** The page's static markup (no values from files: those arrive as messages). */
  body: string;
  /** Images from the extension only (the dashboard), or also https: and data: (runbooks and timelines show them). */
  images?: 'local' | 'remote';
}

/**
 * Sets a webview's options and page: scripts only from `media/` with a fresh nonce, styles only from `media/`,
 * no command URIs. Every Hindsight webview goes through here.
 */
export function setWebviewPage(webview: vscode.Webview, media: vscode.Uri, page: WebviewPage): void {
  webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] };
  const n = nonce();
  const img = page.images === 'local' ? webview.cspSource : `${webview.cspSource} https: data:`;
  const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'dist', `${page.script}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(media, `${page.style}.css`));
  webview.html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${img}; style-src ${webview.cspSource}; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${style}" rel="stylesheet"><title>${page.title}</title></head>
<body>
${page.body}
<script nonce="${n}" src="${script}"></script>
</body></html>`;
}

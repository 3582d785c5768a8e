/** Document links for `runbooks:`, `review:` and a review's `incident:` (by path or by id). */
import * as vscode from 'vscode';
import { get, resolveLink, stringList } from '../../../core/index';
import type { FeatureContext } from '../../services/featureContext';
import { recordOf, RECORD_SELECTOR } from '../../services/records';

export function register({ model }: FeatureContext): vscode.Disposable {
  return vscode.languages.registerDocumentLinkProvider(RECORD_SELECTOR, {
    provideDocumentLinks(doc) {
      const rec = recordOf(model, doc);
      if (!rec?.root) return [];
      const links: vscode.DocumentLink[] = [];
      const add = (node: { start: number; end: number }, target: string | undefined, tooltip: string) => {
        if (!target || !model.index.hasFile(target)) return;
        const l = new vscode.DocumentLink(new vscode.Range(doc.positionAt(node.start), doc.positionAt(node.end)), model.uriOf(target));
        l.tooltip = tooltip;
        links.push(l);
      };
      const fields = rec.kind === 'incident' ? ['runbooks', 'review'] : rec.kind === 'review' ? ['incident'] : [];
      for (const f of fields) {
        for (const { text, node } of stringList(get(rec.root, f))) {
          if (f === 'incident' && !text.includes('/')) {
            const inc = model.index.incidentsById(text)[0];
            add(node, inc?.path, `Open incident ${text}`);
          } else add(node, resolveLink(rec.path, text), `Open ${text}`);
        }
      }
      return links;
    },
  });
}

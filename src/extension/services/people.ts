/** Asking for a person (a commander, a role, an owner): people suggested by the core, or a name typed. */
import * as vscode from 'vscode';
import { isPlaceholder, suggestPeople } from '../../core/index';
import type { HindsightModel } from './model';
import { readSettings } from './settings';

/** The people to offer: `first` (e.g. the incident's own people), then the user and the repo's history (core suggestPeople). */
export function peopleToSuggest(model: HindsightModel, first: readonly string[] = []): string[] {
  return suggestPeople(model.records(), { me: readSettings().responderName ?? model.gitUser, first });
}

/**
 * A quick pick of `people` that also takes a typed name (offered in quotes while typing, after the people whose
 * names start with it). Undefined when
 * dismissed; a placeholder (TBD, ?) is not accepted. `optional`: an empty answer is allowed (returns ''). `notes`:
 * a word shown beside a person (`this incident`, `you`). `later`: offer "Decide later" (answers ''), described so.
 */
export function pickPerson(title: string, people: readonly string[], opts: { placeholder?: string; optional?: boolean; notes?: ReadonlyMap<string, string>; later?: string } = {}): Promise<string | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
    const base = opts.placeholder ?? 'Pick someone, or type a name';
    // `later`: an item that answers '' (nobody yet), for a question that may be left for later.
    const laterItem = opts.later ? [{ label: '$(clock) Decide later', description: opts.later, alwaysShow: true }] : [];
    const listed = [...people.map((p) => ({ label: p, description: opts.notes?.get(p) })), ...laterItem];
    qp.title = title;
    qp.placeholder = base;
    qp.ignoreFocusOut = true;
    qp.items = listed;
    // What was typed is offered in quotes: VS Code sorts the filtered rows by label, shorter prefix matches first,
    // so a bare `maria` would come above maria.lopez and Enter would write the fragment. Quoted, the people whose
    // names start with it come first; with nobody matching, it is the first row.
    let typed: vscode.QuickPickItem | undefined;
    qp.onDidChangeValue((v) => {
      const t = v.trim();
      typed = t && !people.some((p) => p.toLowerCase() === t.toLowerCase()) ? { label: `"${t}"`, description: 'typed' } : undefined;
      qp.items = typed ? [typed, ...listed] : listed;
    });
    let done = false;
    qp.onDidAccept(() => {
      if (laterItem.length && qp.selectedItems[0] === laterItem[0]) { done = true; resolve(''); qp.hide(); return; }
      const picked = qp.selectedItems[0];
      const who = (picked === undefined || picked === typed ? qp.value : picked.label).trim();
      if (!who && !opts.optional) return;
      if (who && isPlaceholder(who)) { qp.placeholder = `'${who}' names nobody: ${base.toLowerCase()}`; qp.value = ''; return; }
      done = true;
      resolve(who);
      qp.hide();
    });
    qp.onDidHide(() => { if (!done) resolve(undefined); qp.dispose(); });
    qp.show();
  });
}

/**
 * Live diagnostics: the core's rules on open and on every edit (debounced per file), the whole workspace once
 * the index is ready (in batches, never blocking), dependents when a record changes, and the policy file itself.
 */
import * as vscode from 'vscode';
import { LineIndex, parseRecord, validateRecord, POLICY_PATH } from '../../../core/index';
import type { HindsightModel } from '../../services/model';
import { Disposable, KeyedDebouncer, pause } from '../../util/dispose';
import { toDiagnostic } from '../../services/ranges';

export class DiagnosticsFeature extends Disposable {
  readonly collection = this._register(vscode.languages.createDiagnosticCollection('hindsight'));
  private readonly debouncer = this._register(new KeyedDebouncer(150));
  private fullRun = 0;
  private readonly _onDidUpdate = this._register(new vscode.EventEmitter<void>());
  /** Fires after a full workspace pass finishes (tests and the Validate command wait for it). */
  readonly onDidFinishFullPass = this._onDidUpdate.event;

  constructor(private readonly model: HindsightModel) {
    super();
    this._register(model.onDidChange((c) => {
      if (c.kind === 'all' || c.kind === 'policy') void this.validateAll();
      else for (const p of c.paths) this.validatePath(p);
    }));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.onDocument(e.document)));
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.onDocument(d)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => {
      // Unsaved changes are gone: back to the file's text.
      const rel = model.relPath(d.uri);
      if (rel === undefined || !model.ready) return;
      const text = model.textOf(rel);
      if (text !== undefined) for (const p of model.updateFromText(rel, text)) this.validatePath(p);
    }));
  }

  private onDocument(doc: vscode.TextDocument): void {
    const rel = this.model.relPath(doc.uri);
    if (rel === undefined) return;
    this.debouncer.trigger(rel, () => {
      if (!this.model.ready) return;
      const affected = this.model.updateFromText(rel, doc.getText());
      if (rel === POLICY_PATH) { this.publishPolicy(); return; }
      for (const p of affected) this.validatePath(p);
    });
  }

  /** Validates one record (or clears it when it is no longer one). */
  validatePath(rel: string): void {
    if (rel === POLICY_PATH) { this.publishPolicy(); return; }
    const uri = this.model.uriOf(rel);
    const summary = this.model.index.get(rel);
    if (!summary) { this.collection.delete(uri); return; }
    const text = this.model.textOf(rel);
    if (text === undefined) { this.collection.delete(uri); return; }
    const problems = validateRecord(parseRecord(rel, text, this.model.policy), this.model.policy, { index: this.model.index });
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const at = doc && doc.getText() === text ? doc : new LineIndex(text);
    this.collection.set(uri, problems.map((p) => toDiagnostic(p, at)));
  }

  publishPolicy(): void {
    if (!this.model.root) return;
    const uri = this.model.uriOf(POLICY_PATH);
    const text = this.model.policyText;
    if (text === undefined) { this.collection.delete(uri); return; }
    const li = new LineIndex(text);
    this.collection.set(uri, this.model.policyProblems.map((p) => toDiagnostic(p, li)));
  }

  /** Every record, in batches; a newer pass cancels an older one. */
  async validateAll(): Promise<void> {
    const run = ++this.fullRun;
    await pause(); // let the views paint first
    if (run !== this.fullRun) return;
    this.publishPolicy();
    // No clear() first: the Problems panel would flicker. Files that stopped being records are dropped after.
    const records = this.model.records();
    let n = 0;
    for (const r of records) {
      if (run !== this.fullRun || this.isDisposed) return;
      this.validatePath(r.path);
      if (++n % 100 === 0) await pause();
    }
    if (run !== this.fullRun) return;
    const keep = new Set(records.map((r) => this.model.uriOf(r.path).toString()));
    if (this.model.root) keep.add(this.model.uriOf(POLICY_PATH).toString());
    const stale: vscode.Uri[] = [];
    this.collection.forEach((uri) => { if (!keep.has(uri.toString())) stale.push(uri); });
    for (const u of stale) this.collection.delete(u);
    this._onDidUpdate.fire();
  }
}

export function register(model: HindsightModel): DiagnosticsFeature {
  return new DiagnosticsFeature(model);
}

/**
 * Live diagnostics: the core's rules on open and on every edit (debounced per file), the whole workspace once
 * the index is ready (in batches, never blocking), dependents when a record changes, and the policy file itself.
 */
import * as vscode from 'vscode';
import { CLOCK_CODES, clockKey, clockProblems, DEFAULT_MAX_BYTES, folderKind, LineIndex, parseRecord, validateRecord, POLICY_PATH, type ClockSite } from '../../../core/index';
import type { ClockBoard } from '../../services/clocks';
import type { HindsightModel } from '../../services/model';
import type { FeatureContext } from '../../services/featureContext';
import { registerCommands } from '../../services/commands';
import { logRejection, type Logger } from '../../services/output';
import { Disposable, pause } from '../../util/dispose';
import { toDiagnostic } from '../../services/ranges';
import { WeightedBatches, MAX_DIAGNOSTICS_PER_SET } from '../../util/batches';

/** How long the full pass works between pauses. */
const FULL_PASS_SLICE_MS = 15;
/**
 * How long a pass after a read of the workspace waits: the workbench (in another process) paints the views it was
 * told to refresh in ~0.4 s here for 10,000 records; diagnostics arriving meanwhile (each file's decorations in
 * the views, the Problems panel) delayed that to 1.5-3 s in code-server. Checked in docs/performance.md.
 */
const FULL_PASS_AFTER_VIEWS_MS = 500;

export class DiagnosticsFeature extends Disposable {
  readonly collection = this._register(vscode.languages.createDiagnosticCollection('hindsight'));
  private fullRun = 0;
  private readonly _onDidUpdate = this._register(new vscode.EventEmitter<void>());
  /** Fires after a full workspace pass finishes (tests and the Validate command wait for it). */
  readonly onDidFinishFullPass = this._onDidUpdate.event;

  private readonly model: HindsightModel;
  private readonly log: Logger;
  private readonly clocks: ClockBoard;
  /**
   * Open incidents as last diagnosed: their diagnostics but the clock's, where the clock's go, and what the clock
   * decided then. A minute tick re-judges each and sets the file's diagnostics again only where that changed.
   */
  private readonly sites = new Map<string, { uri: vscode.Uri; site: ClockSite; base: vscode.Diagnostic[]; text: string; at?: LineIndex; key: string }>();

  constructor({ model, log, clocks }: FeatureContext) {
    super();
    this.model = model; this.log = log; this.clocks = clocks;
    this._register(clocks.onDidTick((now) => this.rejudge(now)));
    this._register(registerCommands(log, {
      'hindsight.validateWorkspace': async () => {
        await model.whenReady();
        await this.validateAll();
        await vscode.commands.executeCommand('workbench.actions.view.problems');
      },
    }));
    // The model follows the files and the open documents (its overlay); its change events say what to validate.
    this._register(model.onDidChange((c) => {
      if (c.kind === 'policy') this.publishPolicy();
      if (c.kind === 'all' || c.kind === 'policy') logRejection(log, 'the full diagnostics pass', this.validateAll({ afterViews: true }));
      else for (const p of c.paths) this.validatePath(p);
    }));
  }

  /** Validates one record (or clears it when it is no longer one). */
  validatePath(rel: string): void {
    if (rel === POLICY_PATH) { this.publishPolicy(); return; }
    const [uri, diagnostics] = this.diagnose(rel);
    if (diagnostics) this.collection.set(uri, diagnostics); else this.collection.delete(uri);
  }

  /** A record's diagnostics (undefined: it is not a record, or cannot be read). */
  private diagnose(rel: string): [vscode.Uri, vscode.Diagnostic[] | undefined] {
    const uri = this.model.uriOf(rel);
    // A file where records are that cannot be read as one: the same error the CLI gives (file-unreadable).
    const unreadable = this.model.readProblemOf(rel);
    if (unreadable) return [uri, [toDiagnostic(unreadable, new LineIndex(''))]];
    const summary = this.model.index.get(rel);
    const text = this.model.textOf(rel);
    // An open document over the records' size cap is not parsed (as the CLI does not read such a file): one
    // diagnostic says so, where a record is or could be.
    if (text !== undefined && text.length > DEFAULT_MAX_BYTES) {
      if (!summary && folderKind(rel, this.model.policy) === null) return [uri, undefined];
      const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `This record is ${(text.length / 1048576).toFixed(1)} MB, over the ${DEFAULT_MAX_BYTES / 1048576} MB limit for records; it is not checked`, vscode.DiagnosticSeverity.Error);
      d.source = 'hindsight'; d.code = 'file-unreadable';
      return [uri, [d]];
    }
    if (!summary) return [uri, undefined];
    if (text === undefined) return [uri, undefined];
    const now = this.clocks.now();
    const rec = parseRecord(rel, text, this.model.policy);
    // An open incident's clock site, as the rules made it: kept to judge its clocks again as time passes.
    let site: ClockSite | undefined;
    const problems = validateRecord(rec, this.model.policy, { index: this.model.index, now, onClockSite: (s) => { site = s; } });
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const at = doc && doc.getText() === text ? doc : new LineIndex(text);
    const diagnostics = problems.map((p) => toDiagnostic(p, at));
    const kept = site as ClockSite | undefined;
    if (kept?.plan.open) this.sites.set(rel, { uri, site: kept, base: diagnostics.filter((d) => !CLOCK_CODES.includes(String(d.code))), text, key: clockKey(kept, now) });
    else this.sites.delete(rel);
    return [uri, diagnostics];
  }

  /** The minute tick: each open incident whose clock decides otherwise now gets its diagnostics again (no parse). */
  rejudge(now: number): number {
    let changed = 0;
    for (const [rel, s] of this.sites) {
      if (!this.model.index.get(rel)) { this.sites.delete(rel); continue; }
      const key = clockKey(s.site, now);
      if (key === s.key) continue;
      s.key = key;
      changed++;
      // The line index of the text the site was made from: built the first time a state changes, not per keystroke.
      const at = s.at ??= new LineIndex(s.text);
      this.collection.set(s.uri, [...s.base, ...clockProblems(s.site, now).map((p) => toDiagnostic(p, at))]);
    }
    return changed;
  }

  publishPolicy(): void {
    if (!this.model.root) return;
    const uri = this.model.uriOf(POLICY_PATH);
    const text = this.model.policyText;
    if (text === undefined) { this.collection.delete(uri); return; }
    const li = new LineIndex(text);
    this.collection.set(uri, this.model.policyProblems.map((p) => toDiagnostic(p, li)));
  }

  /**
   * Every record, in batches; a newer pass cancels an older one. `afterViews` (a pass that follows a read of the
   * workspace): first give the workbench time to paint the views the read refreshed.
   */
  async validateAll(opts: { afterViews?: boolean } = {}): Promise<void> {
    const run = ++this.fullRun;
    if (opts.afterViews) await new Promise((r) => setTimeout(r, FULL_PASS_AFTER_VIEWS_MS));
    else await pause();
    if (run !== this.fullRun || this.isDisposed) return;
    this.publishPolicy();
    // No clear() first: the Problems panel would flicker. Files that stopped being records are dropped after.
    const records = [...this.model.records(), ...this.model.readProblemPaths().map((path) => ({ path }))];
    // One set() per slice: each set() is a message to the workbench, whose views (and the Problems panel) handle
    // it; 10,000 of them kept the Hindsight views from painting for seconds after a first read.
    const batch = new WeightedBatches<[vscode.Uri, vscode.Diagnostic[] | undefined]>(MAX_DIAGNOSTICS_PER_SET, (e) => e[1]?.length ?? 0, (entries) => this.collection.set(entries));
    let sliceEnd = Date.now() + FULL_PASS_SLICE_MS;
    for (let i = 0; i < records.length; i++) {
      if (run !== this.fullRun || this.isDisposed) return;
      const [uri, diagnostics] = this.diagnose(records[i].path);
      // A record with no problems that has none published needs no entry.
      if (diagnostics?.length || this.collection.has(uri)) batch.add([uri, diagnostics]);
      if ((i & 15) === 15 && Date.now() >= sliceEnd) {
        batch.flush();
        await pause();
        sliceEnd = Date.now() + FULL_PASS_SLICE_MS;
      }
    }
    if (run !== this.fullRun || this.isDisposed) return;
    batch.flush();
    const keep = new Set(records.map((r) => this.model.uriOf(r.path).toString()));
    if (this.model.root) keep.add(this.model.uriOf(POLICY_PATH).toString());
    const stale: vscode.Uri[] = [];
    this.collection.forEach((uri) => { if (!keep.has(uri.toString())) stale.push(uri); });
    if (stale.length) this.collection.set(stale.map((u): [vscode.Uri, undefined] => [u, undefined])); // one message
    this._onDidUpdate.fire();
  }
}

export function register(ctx: FeatureContext): DiagnosticsFeature {
  return new DiagnosticsFeature(ctx);
}

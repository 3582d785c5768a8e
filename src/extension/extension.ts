/**
 * Hindsight's entry point: builds the services and registers the features. Nothing here waits for the index;
 * the views fill in when it is ready. Every feature's register(ctx) takes the same FeatureContext and returns a
 * Disposable; features never import one another (scripts/lint-architecture.mjs).
 */
import * as vscode from 'vscode';
import { createLogger } from './services/output';
import { HindsightModel } from './services/model';
import { Settings } from './services/settings';
import { ClockBoard } from './services/clocks';
import type { FeatureContext } from './services/featureContext';
import * as diagnostics from './features/diagnostics/index';
import * as tree from './features/tree/index';
import * as create from './features/create/index';
import * as incident from './features/incident/index';
import * as actionItems from './features/actionItems/index';
import * as workspace from './features/workspace/index';
import * as completion from './features/completion/index';
import * as hover from './features/hover/index';
import * as quickfix from './features/quickfix/index';
import * as links from './features/links/index';
import * as codelens from './features/codelens/index';
import * as contextKeys from './features/contextKeys/index';
import * as timelineEditor from './features/timelineEditor/index';
import * as runbookPanel from './features/runbookPanel/index';
import * as dashboard from './features/dashboard/index';
import * as welcome from './features/welcome/index';
import * as clockFeature from './features/clocks/index';

export interface HindsightApi {
  model: HindsightModel;
  settings: Settings;
  clocks: ClockBoard;
  trees: tree.TreeFeature;
  diagnostics: diagnostics.DiagnosticsFeature;
  timeline: timelineEditor.TimelineEditorProvider;
  runbook: runbookPanel.RunbookPanel;
  dashboard: dashboard.Dashboard;
}

export function activate(ext: vscode.ExtensionContext): HindsightApi {
  const log = createLogger();
  const model = new HindsightModel(log, ext.storageUri);
  const settings = new Settings();
  const clocks = new ClockBoard(model);
  const ctx: FeatureContext = { model, log, settings, clocks, media: vscode.Uri.joinPath(ext.extensionUri, 'media'), workspaceState: ext.workspaceState, globalState: ext.globalState };
  const diags = diagnostics.register(ctx);
  const trees = tree.register(ctx);
  const timeline = timelineEditor.register(ctx);
  const runbook = runbookPanel.register(ctx);
  const metrics = dashboard.register(ctx);
  ext.subscriptions.push(
    log, model, settings, clocks, diags, trees, timeline, runbook, metrics,
    ...[create, incident, actionItems, workspace, completion, hover, quickfix, links, codelens, contextKeys, welcome, clockFeature].map((f) => f.register(ctx)),
  );
  void vscode.commands.executeCommand('setContext', 'hindsight.ready', false);
  model.start();
  return { model, settings, clocks, trees, diagnostics: diags, timeline, runbook, dashboard: metrics };
}

export function deactivate(): void { /* everything is disposed through the subscriptions */ }

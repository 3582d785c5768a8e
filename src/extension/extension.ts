/**
 * Hindsight's entry point: builds the services and registers the features. Nothing here waits for the index;
 * the views fill in when it is ready.
 */
import * as vscode from 'vscode';
import { createLogger } from './services/output';
import { HindsightModel } from './services/model';
import * as diagnostics from './features/diagnostics/index';
import * as tree from './features/tree/index';
import * as commands from './features/commands/index';
import * as completion from './features/completion/index';
import * as hover from './features/hover/index';
import * as quickfix from './features/quickfix/index';
import * as links from './features/links/index';
import * as codelens from './features/codelens/index';
import * as context from './features/context/index';
import * as timelineEditor from './features/timelineEditor/index';
import * as runbookPanel from './features/runbookPanel/index';
import * as dashboard from './features/dashboard/index';

export interface HindsightApi {
  model: HindsightModel;
  trees: tree.TreeFeature;
  diagnostics: diagnostics.DiagnosticsFeature;
  timeline: timelineEditor.TimelineEditorProvider;
  runbook: runbookPanel.RunbookPanel;
  dashboard: dashboard.Dashboard;
}

export function activate(ctx: vscode.ExtensionContext): HindsightApi {
  const log = createLogger();
  const model = new HindsightModel(log, ctx.storageUri);
  const diags = diagnostics.register(model);
  const trees = tree.register(model);
  const timeline = timelineEditor.register(model, ctx.extensionUri);
  const runbook = runbookPanel.register(model, ctx.extensionUri, ctx.workspaceState);
  const metrics = dashboard.register(model, ctx.extensionUri);
  ctx.subscriptions.push(
    log, model, diags, trees, timeline, runbook, metrics,
    commands.register(model, trees, diags, log),
    completion.register(model),
    hover.register(model),
    quickfix.register(model),
    links.register(model),
    codelens.register(model),
    context.register(model),
  );
  void vscode.commands.executeCommand('setContext', 'hindsight.ready', false);
  model.start();
  return { model, trees, diagnostics: diags, timeline, runbook, dashboard: metrics };
}

export function deactivate(): void { /* everything is disposed through the subscriptions */ }

/** What every feature's register(ctx) is given: the services activate() built, nothing else. */
import type * as vscode from 'vscode';
import type { HindsightModel } from './model';
import type { Logger } from './output';
import type { Settings } from './settings';
import type { ClockBoard } from './clocks';

export interface FeatureContext {
  readonly model: HindsightModel;
  readonly log: Logger;
  readonly settings: Settings;
  /** The open incidents' service-level clocks and the time they are judged at (a test may set it). */
  readonly clocks: ClockBoard;
  /** The extension's `media/` folder (webview scripts, styles, icons). */
  readonly media: vscode.Uri;
  /** Per-workspace state kept between sessions (the runbook panel's runbook and incident). */
  readonly workspaceState: vscode.Memento;
  /** State kept on this machine across workspaces (whether the first start's welcome was shown). */
  readonly globalState: vscode.Memento;
}

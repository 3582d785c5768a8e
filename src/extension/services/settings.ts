/** Hindsight's settings (display only; the rules live in the repo's policy), typed and read in one place. */
import * as vscode from 'vscode';
import type { ActionItemGrouping, IncidentGrouping } from '../../core/index';
import { Disposable } from '../util/dispose';

export interface HindsightSettings {
  /** `hindsight.display.timeZone`: how times are shown in tooltips and the timeline editor. */
  timeZone: 'utc' | 'local';
  /** `hindsight.timeZone`: the IANA zone typed times (14:05) are read in; undefined: the system's zone. */
  inputTimeZone: string | undefined;
  /** `hindsight.incidents.groupBy`. */
  incidentsGroupBy: IncidentGrouping;
  /** `hindsight.actionItems.groupBy`. */
  actionItemsGroupBy: ActionItemGrouping;
  /** `hindsight.responder.name`: the `by:` of the events the runbook panel logs (undefined: the git user). */
  responderName: string | undefined;
  /** `hindsight.runbook.openIn`: where Show / Follow Runbook open the runbook panel. */
  runbookOpenIn: 'editor' | 'sidebar';
}

const oneOf = <T extends string>(v: unknown, allowed: readonly T[], fallback: T): T => (allowed.includes(v as T) ? v as T : fallback);

/** The settings as they are now (read on each call: VS Code keeps the configuration in memory). */
export function readSettings(): HindsightSettings {
  const c = vscode.workspace.getConfiguration('hindsight');
  const name = c.get<unknown>('responder.name');
  const zone = c.get<unknown>('timeZone');
  return {
    timeZone: oneOf(c.get('display.timeZone'), ['utc', 'local'], 'utc'),
    incidentsGroupBy: oneOf(c.get('incidents.groupBy'), ['status', 'severity', 'priority', 'category', 'none'], 'status'),
    actionItemsGroupBy: oneOf(c.get('actionItems.groupBy'), ['status', 'owner', 'review'], 'status'),
    responderName: typeof name === 'string' && name.trim() ? name.trim() : undefined,
    inputTimeZone: typeof zone === 'string' && zone.trim() ? zone.trim() : undefined,
    runbookOpenIn: oneOf(c.get('runbook.openIn'), ['editor', 'sidebar'], 'editor'),
  };
}

export class Settings extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  /** A `hindsight.*` setting changed. */
  readonly onDidChange = this._onDidChange.event;

  constructor() {
    super();
    this._register(vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('hindsight')) this._onDidChange.fire(); }));
  }

  get current(): HindsightSettings { return readSettings(); }

  /** Saves `hindsight.responder.name` for the user (every workspace): asked once, when nothing else names them. */
  setResponderName(name: string): Thenable<void> {
    return vscode.workspace.getConfiguration('hindsight').update('responder.name', name.trim(), vscode.ConfigurationTarget.Global);
  }
}

/**
 * The runbook panel's message protocol, defined once for the extension host and the webview, validated on
 * arrival both ways. Messages from the webview name steps and commands by id and index only: the command text
 * that runs is always the host's own reading of the runbook file, never a message field.
 */
import type { RunbookViewState } from '../core/runbookView';

export type RunbookFromWebview =
  | { type: 'ready' }
  /** Check or uncheck a step (logged to the followed incident's timeline). */
  | { type: 'check'; revision: number; step: string; done: boolean }
  | { type: 'run'; revision: number; step: string; command: number }
  | { type: 'copy'; revision: number; step: string; command: number }
  | { type: 'follow' }
  | { type: 'unfollow' }
  | { type: 'openRunbook' }
  | { type: 'openIncident' }
  | { type: 'pickRunbook' }
  /** Ask for the responder's name (the `by:` of logged steps). */
  | { type: 'changeResponder' };

export interface RunbookPanelState {
  /** Changes whenever the runbook or the followed incident changes: actions based on an older one are refused. */
  revision: number;
  view?: RunbookViewState;
  /** Why nothing is shown (no runbook picked yet, the file is gone, ...). */
  empty?: string;
  /** Run buttons: only in a trusted, non-virtual workspace. */
  canRun: boolean;
  /** Why they are hidden, when they are. */
  runDisabledReason?: string;
  /** Runbooks linked from the active incident, when it has several and none is shown yet. */
  choices?: { path: string; title: string }[];
  /** Who logged steps are signed by (`by:`): the setting, else the git user; absent when nobody is named. */
  responder?: string;
}

export type RunbookFromHost =
  | { type: 'render'; state: RunbookPanelState }
  | { type: 'notice'; level: 'error' | 'info'; message: string };

const STEP_ID = /^s\d{1,4}\.\d{1,5}$/;
const isInt = (v: unknown, max = 1_000_000_000): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < max;
const onlyKeys = (o: Record<string, unknown>, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));

export function parseRunbookFromWebview(v: unknown): RunbookFromWebview | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  switch (o.type) {
    case 'ready': case 'follow': case 'unfollow': case 'openRunbook': case 'openIncident': case 'pickRunbook': case 'changeResponder':
      return onlyKeys(o, ['type']) ? { type: o.type } : undefined;
    case 'check':
      if (!onlyKeys(o, ['type', 'revision', 'step', 'done']) || !isInt(o.revision) || typeof o.step !== 'string' || !STEP_ID.test(o.step) || typeof o.done !== 'boolean') return undefined;
      return { type: 'check', revision: o.revision, step: o.step, done: o.done };
    case 'run': case 'copy':
      if (!onlyKeys(o, ['type', 'revision', 'step', 'command']) || !isInt(o.revision) || typeof o.step !== 'string' || !STEP_ID.test(o.step) || !isInt(o.command, 10_000)) return undefined;
      return { type: o.type, revision: o.revision, step: o.step, command: o.command };
    default:
      return undefined;
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const optStr = (v: unknown) => v === undefined || typeof v === 'string';

function validView(v: unknown): boolean {
  if (!isObj(v) || !isObj(v.header) || !Array.isArray(v.sections)) return false;
  const h = v.header;
  if (!isStr(h.path) || !isStr(h.title) || !Array.isArray(h.services) || !h.services.every(isStr) || !optStr(h.owner) || typeof h.overdue !== 'boolean') return false;
  return v.sections.every((s) => isObj(s) && isStr(s.number) && isStr(s.title) && typeof s.roleLabel === 'boolean' && Array.isArray(s.notes) && s.notes.every((n) => isObj(n) && isStr(n.html) && isInt(n.before)) && Array.isArray(s.steps) && s.steps.every((st) =>
    isObj(st) && isStr(st.id) && isStr(st.number) && isStr(st.html) && isStr(st.label) && Array.isArray(st.commands)
    && st.commands.every((c) => isObj(c) && isInt(c.index) && isStr(c.code) && optStr(c.lang) && isStr(c.display) && typeof c.runnable === 'boolean' && optStr(c.whyNot) && isInt(c.runs))));
}

export function parseRunbookFromHost(v: unknown): RunbookFromHost | undefined {
  if (!isObj(v)) return undefined;
  if (v.type === 'notice') return (v.level === 'error' || v.level === 'info') && isStr(v.message) ? { type: 'notice', level: v.level, message: v.message } : undefined;
  if (v.type !== 'render' || !isObj(v.state)) return undefined;
  const s = v.state;
  if (!isInt(s.revision) || typeof s.canRun !== 'boolean' || !optStr(s.empty) || !optStr(s.runDisabledReason) || !optStr(s.responder)) return undefined;
  if (s.view !== undefined && !validView(s.view)) return undefined;
  if (s.choices !== undefined && !(Array.isArray(s.choices) && s.choices.every((c) => isObj(c) && isStr(c.path) && isStr(c.title)))) return undefined;
  return { type: 'render', state: s as unknown as RunbookPanelState };
}

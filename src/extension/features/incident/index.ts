/** What acts on one incident: Change Status, Change Severity, Assign Role, Export Incident Report…. */
import type * as vscode from 'vscode';
import type { FeatureContext } from '../../services/featureContext';
import { registerCommands } from '../../services/commands';
import { assignIncidentRole, changeIncidentField } from './changeField';
import { exportIncident, type ExportArgs } from './exportReport';

const asString = (a: unknown): string | undefined => (typeof a === 'string' ? a : undefined);

export function register({ model, log }: FeatureContext): vscode.Disposable {
  return registerCommands(log, {
    'hindsight.changeStatus': (a, v) => changeIncidentField(model, 'status', a, asString(v)),
    'hindsight.changeSeverity': (a, v) => changeIncidentField(model, 'severity', a, asString(v)),
    'hindsight.assignRole': (a, r, p) => assignIncidentRole(model, a, asString(r), asString(p)),
    'hindsight.exportIncident': (a, o) => exportIncident(model, a, o && typeof o === 'object' ? o as ExportArgs : {}),
  });
}

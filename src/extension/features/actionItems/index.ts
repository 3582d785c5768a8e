/** Action items of reviews: Add Action Item…, Mark Action Item Done, Open Action Item Link (the Action Items view's row actions). */
import type * as vscode from 'vscode';
import type { FeatureContext } from '../../services/featureContext';
import { registerCommands } from '../../services/commands';
import { addActionItem, markActionItemDone, openActionItemLink, type AddActionItemArgs } from './actionItems';

export function register({ model, log }: FeatureContext): vscode.Disposable {
  return registerCommands(log, {
    'hindsight.addActionItem': (a, given) => addActionItem(model, a, given && typeof given === 'object' ? given as AddActionItemArgs : {}),
    'hindsight.markActionItemDone': (a) => markActionItemDone(model, a),
    'hindsight.openActionItemLink': (a) => openActionItemLink(model, a),
  });
}

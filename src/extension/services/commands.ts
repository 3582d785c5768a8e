/** Registering commands: each handler's unexpected errors are logged to the output channel and shown, then rethrown to the caller. */
import * as vscode from 'vscode';
import { errorText, type Logger } from './output';

export type CommandHandler = (...args: unknown[]) => unknown;

export function registerCommands(log: Logger, handlers: Record<string, CommandHandler>): vscode.Disposable {
  return vscode.Disposable.from(...Object.entries(handlers).map(([id, fn]) => vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await fn(...args);
    } catch (e) {
      log.error(`${id} failed: ${errorText(e)}`);
      void vscode.window.showErrorMessage(`Hindsight: ${id.replace(/^hindsight\./, '')} failed (${e instanceof Error ? e.message : String(e)}); see the Hindsight output.`);
      throw e;
    }
  })));
}

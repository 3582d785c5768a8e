import * as vscode from 'vscode';

export interface Logger { info(msg: string): void; warn(msg: string): void; error(msg: string): void; show(): void }

export function createLogger(): Logger & vscode.Disposable {
  const ch = vscode.window.createOutputChannel('Hindsight', { log: true });
  return { info: (m) => ch.info(m), warn: (m) => ch.warn(m), error: (m) => ch.error(m), show: () => ch.show(true), dispose: () => ch.dispose() };
}

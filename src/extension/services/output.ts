import * as vscode from 'vscode';

export interface Logger { info(msg: string): void; warn(msg: string): void; error(msg: string): void; show(): void }

export function createLogger(): Logger & vscode.Disposable {
  const ch = vscode.window.createOutputChannel('Hindsight', { log: true });
  return { info: (m) => ch.info(m), warn: (m) => ch.warn(m), error: (m) => ch.error(m), show: () => ch.show(true), dispose: () => ch.dispose() };
}

/** An unexpected error's text for the log: the stack when there is one. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.stack ?? `${e.name}: ${e.message}` : String(e);
}

/** Logs an unexpected error to the output channel (`what`: what was being done). */
export function logUnexpected(log: Logger, what: string, e: unknown): void {
  log.error(`${what} failed: ${errorText(e)}`);
}

/** For promises nobody awaits (event handlers, timers): a rejection goes to the output channel, never nowhere. */
export function logRejection(log: Logger, what: string, p: PromiseLike<unknown>): void {
  Promise.resolve(p).catch((e: unknown) => logUnexpected(log, what, e));
}

import * as vscode from 'vscode';

/** Owner of disposables, as in VS Code's own extensions: `_register` what you create, dispose all at once. */
export abstract class Disposable implements vscode.Disposable {
  private _disposables: vscode.Disposable[] = [];
  private _isDisposed = false;

  protected _register<T extends vscode.Disposable>(d: T): T {
    if (this._isDisposed) d.dispose(); else this._disposables.push(d);
    return d;
  }

  get isDisposed(): boolean { return this._isDisposed; }

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    const ds = this._disposables;
    this._disposables = [];
    for (const d of ds.reverse()) { try { d.dispose(); } catch { /* keep disposing the rest */ } }
  }
}

/** Runs `fn` once per key after `ms` of quiet (per-file debounce). */
export class KeyedDebouncer extends Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  constructor(private readonly ms: number) {
    super();
    this._register({ dispose: () => { for (const t of this.timers.values()) clearTimeout(t); this.timers.clear(); } });
  }
  trigger(key: string, fn: () => void): void {
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    this.timers.set(key, setTimeout(() => { this.timers.delete(key); if (!this.isDisposed) fn(); }, this.ms));
  }
}

export const pause = (): Promise<void> => new Promise((r) => setImmediate(r));

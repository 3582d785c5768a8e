/**
 * Groups items for one call each, by weight: a group weighs at most `max` unless a single item does. For
 * DiagnosticCollection.set(entries): each call is one message to the workbench, and VS Code sends at most
 * ~1,100 diagnostics of one call (MAX 1000 per file x 1.1; the rest of the call stays in the extension host and
 * never reaches the Problems panel), so a call's diagnostics are kept under that.
 * Plain TypeScript, no vscode: unit-tested.
 */
export class WeightedBatches<T> {
  private items: T[] = [];
  private weight = 0;

  constructor(private readonly max: number, private readonly weigh: (item: T) => number, private readonly send: (items: T[]) => void) {}

  add(item: T): void {
    const w = this.weigh(item);
    if (this.items.length && this.weight + w > this.max) this.flush();
    this.items.push(item);
    this.weight += w;
  }

  /** Sends what is held (nothing when empty). */
  flush(): void {
    if (!this.items.length) return;
    const items = this.items;
    this.items = [];
    this.weight = 0;
    this.send(items);
  }
}

/** Diagnostics per DiagnosticCollection.set(entries) call: under VS Code's 1,100 per call. */
export const MAX_DIAGNOSTICS_PER_SET = 1000;

/**
 * The service-level clocks of the workspace's open incidents (issue 18), shared by the tree, the status bar, the
 * CodeLens and the diagnostics. Each open incident's plan (core sla.ts: every deadline as an instant) is made
 * when its text changes; a minute tick re-judges the plans against the clock (comparisons only, no parse, no
 * file read) and tells the features. The timer runs only while an incident is open.
 *
 * The time is `now()`: the real clock, or one a test sets (`setNow`), so that the integration test can move time.
 */
import * as vscode from 'vscode';
import { activeStatusIds, clockState, parseRecord, planClocks, recordClockInput, slaEntry, sortSla, urgentText, type ClockPlan, type SlaEntry } from '../../core/index';
import type { HindsightModel } from './model';
import { Disposable } from '../util/dispose';

const MINUTE = 60_000;

export class ClockBoard extends Disposable {
  /** Open incidents' plans, by path. */
  private readonly plans = new Map<string, ClockPlan>();
  /** The policy's active statuses (known statuses that do not resolve an incident), made when the policy is read. */
  private active: ReadonlySet<string> = new Set();
  private fixedNow: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly _onDidTick = this._register(new vscode.EventEmitter<number>());
  /** Fires every minute while an incident is open, when the clock is set, and when the plans change. */
  readonly onDidTick = this._onDidTick.event;

  constructor(private readonly model: HindsightModel) {
    super();
    // A load ends with a change of kind 'all' (right after the model becomes ready): the plans are made once then.
    this._register(model.onDidChange((c) => {
      if (c.kind === 'all' || c.kind === 'policy') this.rebuild();
      else { for (const p of c.paths) this.update(p); this.schedule(); }
      this._onDidTick.fire(this.now());
    }));
    this._register({ dispose: () => { if (this.timer) clearTimeout(this.timer); } });
  }

  now(): number { return this.fixedNow ?? Date.now(); }

  /** For tests: the clock stands at `ms` (undefined: the real clock again); the features are told at once. */
  setNow(ms: number | undefined): void {
    this.fixedNow = ms;
    this._onDidTick.fire(this.now());
  }

  /** Goes up whenever a plan may have changed (a file, the policy, a load): what was shown from the plans is stale. */
  get version(): number { return this.planVersion; }
  private planVersion = 0;

  /** Incidents whose front matter does not parse: no plan can be made, so their clocks are not watched. */
  private readonly unreadable = new Set<string>();
  /** The paths of the incidents that have no clocks because their front matter does not parse, sorted. */
  untimed(): string[] { return [...this.unreadable].sort(); }

  /** How many incidents are open (have a plan). */
  get openCount(): number { return this.plans.size; }

  plan(path: string): ClockPlan | undefined { return this.plans.get(path); }

  /** Every open incident's clocks at `now`, the most urgent first (what `hindsight sla --format json` lists). */
  entries(now = this.now()): SlaEntry[] {
    const out: SlaEntry[] = [];
    for (const [path, plan] of this.plans) {
      const r = this.model.index.get(path);
      const e = r && slaEntry(r, plan, now);
      if (e) out.push(e);
    }
    return sortSla(out);
  }

  /**
   * What the status bar shows: the open incident whose running clock runs out next (not yet breached: what can
   * still be saved), else the one breached longest; and how many are breached and at risk. One pass over numbers;
   * a minute tick formats one text.
   */
  mostUrgent(now = this.now()): { path: string; text: string; state: ReturnType<typeof clockState>; open: number; breached: number; atRisk: number } | undefined {
    let next: [string, ClockPlan] | undefined, oldest: [string, ClockPlan] | undefined;
    let breached = 0, atRisk = 0;
    for (const [path, plan] of this.plans) {
      const u = plan.urgent;
      if (!u) continue;
      if (now >= u.deadlineMs) {
        breached++;
        if (!oldest || u.deadlineMs < oldest[1].urgent!.deadlineMs) oldest = [path, plan];
        // Its other clocks may still run: the next of them counts as what can be saved.
        const later = plan.clocks.filter((c) => c.doneMs === undefined && c.deadlineMs > now).sort((a, b) => a.deadlineMs - b.deadlineMs)[0];
        if (later && (!next || later.deadlineMs < nextDeadline(next))) next = [path, { ...plan, urgent: later }];
        continue;
      }
      if (now >= u.atRiskMs) atRisk++;
      if (!next || u.deadlineMs < nextDeadline(next)) next = [path, plan];
    }
    const pick = next ?? oldest;
    if (!pick) return undefined;
    return { path: pick[0], text: urgentText(pick[1], now)!, state: clockState(pick[1].urgent!, now), open: this.plans.size, breached, atRisk };
  }

  /** An open incident's priority and most urgent clock in a few words (its row in the Incidents view). */
  describe(path: string, now = this.now()): { priority?: string; text?: string; state?: ReturnType<typeof clockState> } | undefined {
    const plan = this.plans.get(path);
    return plan && { priority: plan.priority, text: urgentText(plan, now), ...(plan.urgent ? { state: clockState(plan.urgent, now) } : {}) };
  }

  /** One incident's clocks at `now`; undefined when it is not open. */
  entry(path: string, now = this.now()): SlaEntry | undefined {
    const plan = this.plans.get(path);
    const r = plan && this.model.index.get(path);
    return r ? slaEntry(r, plan!, now) : undefined;
  }

  private rebuild(): void {
    this.planVersion++;
    this.plans.clear();
    this.unreadable.clear();
    this.active = activeStatusIds(this.model.policy);
    for (const r of this.model.records()) if (r.kind === 'incident') this.update(r.path);
    this.schedule();
  }

  /** The plan of one record, from its text (open incidents only; a front matter that does not parse has none). */
  private update(path: string): void {
    this.planVersion++;
    const r = this.model.index.get(path);
    this.unreadable.delete(path);
    this.plans.delete(path);
    if (!r || r.kind !== 'incident') return;
    if (!r.ok) { this.unreadable.add(path); return; }
    if (r.status === undefined || !this.active.has(r.status)) return;
    const text = this.model.textOf(path);
    if (text === undefined) return;
    // The index's summary skips the keys it does not read: a syntax error there shows in the full parse.
    const rec = parseRecord(path, text, this.model.policy);
    if (rec.yaml?.errors.some((e) => e.code !== 'duplicate-key')) { this.unreadable.add(path); return; }
    this.plans.set(path, planClocks(recordClockInput(rec.root), this.model.policy));
  }

  /** The next tick at the start of the next minute, while an incident is open; none otherwise. */
  private schedule(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    if (!this.plans.size || this.isDisposed) return;
    const wait = MINUTE - (Date.now() % MINUTE) + 50;
    this.timer = setTimeout(() => { this.timer = undefined; this._onDidTick.fire(this.now()); this.schedule(); }, wait);
  }
}

function nextDeadline(e: [string, ClockPlan]): number { return e[1].urgent!.deadlineMs; }

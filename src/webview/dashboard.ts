/**
 * The metrics dashboard's webview: draws what the host sends as inline SVG, built with DOM calls (every label is
 * textContent, never markup), in the theme's own chart colours. No network, no library.
 */
import { parseDashboardFromHost, type DashboardFromWebview } from './dashboardProtocol';
import type { DashboardData, DashboardSeries } from '../core/dashboard';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };
const vscode = acquireVsCodeApi();
const send = (m: DashboardFromWebview) => vscode.postMessage(m);
const SVG = 'http://www.w3.org/2000/svg';
/** Severity colours are classes (media/dashboard.css): theme colours, hot to cool, the same as the timeline's badges. */
const PALETTE = 6;
const sevClass = (i: number) => `sev-${i % PALETTE}`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
function svg(tag: string, attrs: Record<string, string | number> = {}, text?: string): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}
function dur(ms: number | undefined): string {
  if (ms === undefined) return '-';
  const m = Math.round(ms / 60000);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60), d = Math.floor(h / 24);
  return d ? `${d}d${h % 24 ? ` ${h % 24}h` : ''}` : `${h}h${m % 60 ? ` ${m % 60}m` : ''}`;
}
const monthLabel = (m: string) => { const [y, mo] = m.split('-'); return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(mo) - 1] ?? mo} ${y.slice(2)}`; };

const W = 560, H = 220, L = 54, R = 12, T = 12, B = 34;
const MIN = 60_000;
/** Axis steps for durations: round figures a responder reads at a glance (15m, 1h, 4h, 1d, ...). */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 240, 360, 720, 1440, 2880, 4320, 10080, 20160, 43200].map((m) => m * MIN);
const niceDurationMax = (max: number) => 4 * (STEPS.find((s) => 4 * s >= max) ?? Math.ceil(max / 4 / (43200 * MIN)) * 43200 * MIN);

function frame(title: string, desc: string): { card: HTMLElement; chart: SVGElement } {
  const card = el('section', { class: 'card' });
  card.append(el('h2', {}, title), el('p', { class: 'desc' }, desc));
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title, class: 'chart' });
  card.append(chart);
  return { card, chart };
}

function axes(chart: SVGElement, months: string[], max: number, fmt: (v: number) => string): { x: (i: number) => number; y: (v: number) => number; bw: number } {
  const n = Math.max(months.length, 1);
  const bw = (W - L - R) / n;
  const y = (v: number) => T + (H - T - B) * (1 - (max ? v / max : 0));
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    chart.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid' }));
    chart.append(svg('text', { x: L - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, fmt(v)));
  }
  months.forEach((m, i) => { if (n <= 12 || i % 2 === 0) chart.append(svg('text', { x: L + bw * i + bw / 2, y: H - B + 16, class: 'tick', 'text-anchor': 'middle' }, monthLabel(m))); });
  return { x: (i) => L + bw * i, y, bw };
}

/** A bar that opens the incidents behind it, by click or by Enter/Space. */
function opens(target: Element, m: DashboardFromWebview): void {
  target.addEventListener('click', () => send(m));
  target.addEventListener('keydown', (e) => { const k = (e as KeyboardEvent).key; if (k === 'Enter' || k === ' ') { e.preventDefault(); send(m); } });
}

function incidentsChart(d: DashboardData): HTMLElement {
  const { card, chart } = frame('Incidents per month', `By severity, by the month they started (UTC), since ${d.since}.`);
  const totals = d.months.map((m) => d.monthSeverity.filter((x) => x.month === m).reduce((a, x) => a + x.count, 0));
  const max = Math.max(1, ...totals);
  const nice = Math.ceil(max / 4) * 4;
  const { x, y, bw } = axes(chart, d.months, nice, (v) => String(Math.round(v)));
  d.months.forEach((m, i) => {
    let acc = 0;
    for (const sev of d.severities) {
      const c = d.monthSeverity.find((z) => z.month === m && z.severity === sev)?.count ?? 0;
      if (!c) continue;
      const r = svg('rect', { x: x(i) + bw * 0.18, width: bw * 0.64, y: y(acc + c), height: y(acc) - y(acc + c), class: `bar link ${sevClass(d.severities.indexOf(sev))}`, tabindex: '0', role: 'button', 'aria-label': `${monthLabel(m)}: ${c} ${sev} incident${c === 1 ? '' : 's'}; open` });
      r.append(svg('title', {}, `${monthLabel(m)}: ${c} ${sev} — click to open`));
      opens(r, { type: 'openMonth', month: m, severity: sev });
      chart.append(r);
      acc += c;
    }
  });
  const legend = el('div', { class: 'legend' });
  d.severities.forEach((s, i) => { if (d.monthSeverity.some((z) => z.severity === s)) legend.append(el('span', { class: `key ${sevClass(i)}` }), el('span', {}, s)); });
  card.append(legend);
  return card;
}

function responseChart(d: DashboardData, title: string, series: DashboardSeries[], which: 'mitigate' | 'resolve'): HTMLElement {
  const targets = d.targets.filter((t) => t[which] !== undefined).map((t) => `${t.severity} ${dur(t[which])}`).join(' · ');
  const { card, chart } = frame(title, `Median (bar) and p90 (mark) per month; the line under each month: targets met of those with a target. Targets: ${targets || 'none set'}.`);
  const max = niceDurationMax(Math.max(MIN, ...series.map((s) => s.p90 ?? s.median ?? 0)));
  const { x, y, bw } = axes(chart, d.months, max, dur);
  series.forEach((s, i) => {
    if (s.median !== undefined) {
      const r = svg('rect', { x: x(i) + bw * 0.25, width: bw * 0.5, y: y(s.median), height: y(0) - y(s.median), class: 'bar response link', tabindex: '0', role: 'button', 'aria-label': `${monthLabel(s.key)}: median ${dur(s.median)}; open the incidents` });
      r.append(svg('title', {}, `${monthLabel(s.key)}: median ${dur(s.median)}, p90 ${dur(s.p90)}, ${s.measured} measured, ${s.met}/${s.withTarget} met the target — click to open`));
      opens(r, { type: 'openMonth', month: s.key });
      chart.append(r);
    }
    if (s.p90 !== undefined) chart.append(svg('line', { x1: x(i) + bw * 0.2, x2: x(i) + bw * 0.8, y1: y(s.p90), y2: y(s.p90), class: 'p90' }));
    if (s.withTarget) chart.append(svg('text', { x: x(i) + bw / 2, y: H - 4, class: `met ${s.met === s.withTarget ? 'all' : 'some'}`, 'text-anchor': 'middle' }, `${s.met}/${s.withTarget}`));
  });
  return card;
}

function ageChart(d: DashboardData): HTMLElement {
  const card = el('section', { class: 'card' });
  card.append(el('h2', {}, 'Open action items by age'), el('p', { class: 'desc' }, `Since their review's date. ${d.actionItems.overdue} overdue, ${d.actionItems.done} done.`));
  const max = Math.max(1, ...d.actionItems.byAge.map((b) => b.count));
  const chart = svg('svg', { viewBox: `0 0 ${W} ${d.actionItems.byAge.length * 30 + 10}`, role: 'img', 'aria-label': 'Open action items by age', class: 'chart' });
  d.actionItems.byAge.forEach((b, i) => {
    chart.append(svg('text', { x: 110, y: i * 30 + 24, class: 'tick', 'text-anchor': 'end' }, b.bucket));
    const w = ((W - 170) * b.count) / max;
    chart.append(svg('rect', { x: 120, y: i * 30 + 10, width: Math.max(w, b.count ? 2 : 0), height: 20, class: `bar age age-${i}` }));
    chart.append(svg('text', { x: 126 + w, y: i * 30 + 24, class: 'tick' }, String(b.count)));
  });
  card.append(chart);
  return card;
}

/** Reviews due and overdue action items, each a button that opens its record (the host checks the path). */
function attention(d: DashboardData): HTMLElement {
  const a = d.attention;
  const card = el('section', { class: 'card attention' });
  card.append(el('h2', {}, 'Needs attention'));
  if (!a.reviewsDueTotal && !a.overdueItemsTotal) { card.append(el('p', { class: 'desc' }, 'No review is due and no action item is overdue.')); return card; }
  const list = (title: string, total: number, rows: { path: string; item?: number; label: string; detail: string }[]) => {
    if (!total) return;
    card.append(el('h3', {}, `${title} (${total})`));
    const ul = el('ul', { class: 'items' });
    for (const r of rows) {
      const b = el('button', { type: 'button', class: 'link', title: `Open ${r.path}`, 'aria-label': `${r.label}, ${r.detail}` });
      b.append(el('span', { class: 'label' }, r.label), el('span', { class: 'detail' }, r.detail));
      b.addEventListener('click', () => send(r.item === undefined ? { type: 'open', path: r.path } : { type: 'open', path: r.path, item: r.item }));
      const li = el('li');
      li.append(b);
      ul.append(li);
    }
    card.append(ul);
    if (total > rows.length) card.append(el('p', { class: 'desc' }, `and ${total - rows.length} more: see the Reviews and Action Items views.`));
  };
  list('Reviews due', a.reviewsDueTotal, a.reviewsDue.map((r) => ({ path: r.path, label: `${r.id ?? r.path} ${r.title ?? ''}`.trim(), detail: `${r.severity ?? 'no severity'} · due ${new Date(r.dueMs).toISOString().slice(0, 10)}` })));
  list('Overdue action items', a.overdueItemsTotal, a.overdueItems.map((x) => ({ path: x.path, item: x.item, label: `${x.id ? x.id + ' ' : ''}${x.title ?? '(no title)'}`, detail: `${x.owner ?? 'no owner'} · due ${x.due}${x.review ? ` · ${x.review}` : ''}` })));
  return card;
}

function tiles(d: DashboardData): HTMLElement {
  const t = el('div', { class: 'tiles' });
  const tile = (label: string, value: string, cls = '') => { const x = el('div', { class: `tile ${cls}` }); x.append(el('div', { class: 'value' }, value), el('div', { class: 'label' }, label)); t.append(x); };
  tile('incidents since ' + d.since, String(d.incidents));
  tile('active now', String(d.active), d.active ? 'warn' : '');
  tile('reviews due', String(d.reviewsDue), d.reviewsDue ? 'warn' : '');
  tile('open action items', `${d.actionItems.open}`, d.actionItems.overdue ? 'warn' : '');
  return t;
}

/** Incidents and targets met per priority and per category (text in a table: the figures, not a chart). */
function breakdownCard(d: DashboardData): HTMLElement | undefined {
  if (!d.breakdown.length) return undefined;
  const card = el('section', { class: 'card breakdown' });
  card.append(el('h2', {}, 'By priority and category'), el('p', { class: 'desc' }, `Since ${d.since}. Targets met of those with a target (the stricter of the priority's, in its calendar, and the severity's).`));
  for (const by of ['priority', 'category'] as const) {
    const rows = d.breakdown.filter((b) => b.by === by);
    if (!rows.length) continue;
    const table = el('table');
    const head = el('tr');
    [by === 'priority' ? 'Priority' : 'Category', 'Incidents', 'Acknowledge', 'Mitigate', 'Resolve'].forEach((h, i) => head.append(el('th', i ? { class: 'num' } : {}, h))); // figures and their headers right-aligned
    table.append(head);
    for (const r of rows) {
      const tr = el('tr');
      tr.append(el('td', {}, r.key), el('td', { class: 'num' }, String(r.count)));
      for (const t of r.targets) tr.append(el('td', { class: `num ${t.withTarget && t.met < t.withTarget ? 'missed' : ''}` }, t.withTarget ? `${t.met}/${t.withTarget}` : '-'));
      table.append(tr);
    }
    card.append(table);
  }
  return card;
}

function render(d: DashboardData): void {
  const root = document.getElementById('root')!;
  const head = el('header');
  head.append(el('h1', {}, 'Incident metrics'), el('span', { class: 'when' }, `as of ${d.generatedAt.slice(0, 16).replace('T', ' ')} UTC`));
  const refresh = el('button', { type: 'button' }, 'Refresh');
  refresh.addEventListener('click', () => send({ type: 'refresh' }));
  head.append(refresh);
  const grid = el('div', { class: 'grid' });
  if (!d.monthSeverity.length) grid.append(el('p', { class: 'desc' }, 'No incident with a start time in the last twelve months.'));
  else grid.append(incidentsChart(d), responseChart(d, 'Time to mitigate', d.mitigate, 'mitigate'), responseChart(d, 'Time to resolve', d.resolve, 'resolve'));
  grid.append(attention(d), ageChart(d));
  const breakdown = breakdownCard(d);
  if (breakdown) grid.append(breakdown);
  root.replaceChildren(head, tiles(d), grid);
  document.body.dataset.rendered = d.generatedAt;
}

window.addEventListener('message', (ev) => { const m = parseDashboardFromHost(ev.data); if (m) render(m.data); });
send({ type: 'ready' });

/**
 * The incident process part of the policy: impacts, urgencies, priorities with their targets, the priority
 * matrix, service calendars, categories and the at-risk threshold. All optional; every mistake is reported at its
 * node (the loader in policy.ts passes its reporter and readers) and left out, what is right is used.
 */
import { get, getPair, type YMap, type YNode, type YScalar } from './yaml/ast';
import { isTimeZone } from './time';
import { WEEKDAYS, parseHours } from './calendar';
import { listValues } from './problem';
import type { Category, Level, Policy, Priority, Targets } from './policy';

export interface PolicyReaders {
  report(node: { start: number; end: number } | undefined, message: string, code?: string): void;
  str(node: YNode | undefined, what: string): string | undefined;
  strList(node: YNode | undefined, what: string): { text: string; node: YScalar }[] | undefined;
  idList<T extends { id: string }>(node: YNode | undefined, what: string, each: (m: YMap, id: string) => T | undefined): T[] | undefined;
  checkKeys(m: YMap, allowed: string[], where: string): void;
  targets(m: YMap, where: string): { targets: Targets; targetsText: Record<string, string> };
}

const isNull = (n: YNode | undefined) => !n || (n.type === 'scalar' && n.value === null);

/** A list of levels written as ids (`[extensive, minor]`) or as entries with id, title, description. */
function levels(r: PolicyReaders, node: YNode | undefined, what: string): Level[] | undefined {
  if (isNull(node)) return undefined;
  if (node!.type !== 'seq') { r.report(node, `${what} must be a list of ids (or of entries with id, title, description)`); return undefined; }
  const out: Level[] = [];
  for (const item of node!.items) {
    let level: Level | undefined;
    if (item.type === 'scalar' && item.value !== null && item.value !== '') level = { id: String(item.value) };
    else if (item.type === 'map') {
      r.checkKeys(item, ['id', 'title', 'description'], `${what} entry`);
      const id = r.str(get(item, 'id'), `${what}: id`);
      if (!id) { r.report(item, `${what}: entry without an id; add 'id:'`, 'policy-missing-id'); continue; }
      level = { id, title: r.str(get(item, 'title'), 'title'), description: r.str(get(item, 'description'), 'description') };
    } else { r.report(item, `${what}: each item must be an id or a mapping with an id`); continue; }
    if (out.some((l) => l.id === level!.id)) { r.report(item, `${what}: duplicate id '${level.id}'`, 'policy-duplicate-id'); continue; }
    out.push(level);
  }
  return out;
}

/** Reads the process keys of `root` into `policy` (which already has its escalation policies). */
export function loadProcess(root: YMap, policy: Policy, r: PolicyReaders): void {
  // at_risk: 75% (or 0.75)
  const ar = get(root, 'at_risk');
  if (!isNull(ar)) {
    const v = ar!.type === 'scalar' ? ar!.value : undefined;
    const share = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{1,2}(\.\d+)?\s*%\s*$/.test(v) ? parseFloat(v) / 100 : NaN;
    if (!(share > 0 && share < 1)) r.report(ar, `at_risk must be a share of the target between 0% and 100%, e.g. 75% (or 0.75)`);
    else policy.atRisk = share;
  }

  // calendars: { id: { zone, days, hours, holidays } }
  const cn = get(root, 'calendars');
  if (!isNull(cn)) {
    if (cn!.type !== 'map') r.report(cn, 'calendars must be a mapping of calendar ids to { zone, days, hours, holidays }');
    else for (const pair of cn!.items) {
      const id = String(pair.key.value);
      const m = pair.value;
      if (m.type !== 'map') { r.report(m.type === 'scalar' && m.value === null ? pair.key : m, `calendar '${id}' must be a mapping with zone, days, hours and holidays`); continue; }
      r.checkKeys(m, ['zone', 'days', 'hours', 'holidays', 'title', 'description'], `calendar '${id}'`);
      const zone = r.str(get(m, 'zone'), `calendar '${id}' zone`);
      if (zone === undefined) { r.report(pair.key, `calendar '${id}' needs 'zone:' (an IANA zone such as Europe/Berlin)`, 'policy-bad-calendar'); continue; }
      if (!isTimeZone(zone)) { r.report(get(m, 'zone'), `calendar '${id}': '${zone}' is not a time zone this runtime knows; write an IANA name such as Europe/Berlin or UTC`, 'policy-bad-calendar'); continue; }
      let days = [1, 2, 3, 4, 5];
      const dl = r.strList(get(m, 'days'), `calendar '${id}' days`);
      if (dl) {
        const ok = dl.filter((d) => { const i = (WEEKDAYS as readonly string[]).indexOf(d.text.toLowerCase().slice(0, 3)); if (i < 0 || d.text.length > 9) r.report(d.node, `calendar '${id}': '${d.text}' is not a day; use ${WEEKDAYS.join(', ')}`, 'policy-bad-calendar'); return i >= 0 && d.text.length <= 9; });
        days = [...new Set(ok.map((d) => (WEEKDAYS as readonly string[]).indexOf(d.text.toLowerCase().slice(0, 3))))];
        if (!days.length) { r.report(get(m, 'days'), `calendar '${id}': no working day`, 'policy-bad-calendar'); continue; }
      }
      let hours = { open: 0, close: 24 * 60 };
      const ht = r.str(get(m, 'hours'), `calendar '${id}' hours`);
      if (ht !== undefined) {
        const h = parseHours(ht);
        if (!h) { r.report(get(m, 'hours'), `calendar '${id}': hours '${ht}' must be HH:MM-HH:MM within one day, e.g. 08:00-18:00`, 'policy-bad-calendar'); continue; }
        hours = h;
      }
      const holidays: string[] = [];
      for (const h of r.strList(get(m, 'holidays'), `calendar '${id}' holidays`) ?? []) {
        const t = h.text;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(t) || Number.isNaN(Date.parse(`${t}T00:00:00Z`))) r.report(h.node, `calendar '${id}': holiday '${h.text}' is not a date (YYYY-MM-DD)`, 'policy-bad-calendar');
        else holidays.push(t);
      }
      policy.calendars.push({ id, zone, days, open: hours.open, close: hours.close, holidays });
    }
  }
  const calIds = policy.calendars.map((c) => c.id);
  // Calendars written but not read (a mistake, reported on them): a priority counting in one loses its targets
  // until it is fixed. Counted round the clock instead, its business-hours targets would report false breaches.
  const broken = cn?.type === 'map' ? cn.items.map((p) => String(p.key.value)).filter((id) => !calIds.includes(id)) : [];
  const escIds = policy.escalationPolicies.map((e) => e.id);

  // impacts, urgencies, priorities
  policy.impacts = levels(r, get(root, 'impacts'), 'impacts') ?? [];
  policy.urgencies = levels(r, get(root, 'urgencies'), 'urgencies') ?? [];
  const prios = r.idList<Priority>(get(root, 'priorities'), 'priorities', (m, id) => {
    r.checkKeys(m, ['id', 'title', 'description', 'targets', 'calendar', 'escalation'], `priority '${id}'`);
    const calendar = r.str(get(m, 'calendar'), `priority '${id}' calendar`);
    const brokenCal = calendar !== undefined && broken.includes(calendar);
    if (brokenCal) r.report(get(m, 'calendar'), `priority '${id}': calendar '${calendar}' has a mistake (reported on it); ${id}'s targets are left out until it is fixed, rather than counted round the clock`, 'policy-bad-calendar');
    else if (calendar !== undefined && !calIds.includes(calendar)) r.report(get(m, 'calendar'), `priority '${id}': calendar '${calendar}' is not defined under calendars (defined: ${listValues(calIds)})`, 'policy-unknown-reference');
    const escalation = r.str(get(m, 'escalation'), `priority '${id}' escalation`);
    if (escalation !== undefined && !escIds.includes(escalation)) r.report(get(m, 'escalation'), `priority '${id}': escalation policy '${escalation}' is not defined under escalation_policies (defined: ${listValues(escIds)})`, 'policy-unknown-reference');
    const targets = r.targets(m, `priority '${id}'`);
    return { id, title: r.str(get(m, 'title'), 'title'), description: r.str(get(m, 'description'), 'description'), ...(brokenCal ? { targets: {}, targetsText: {} } : targets),
      ...(calendar !== undefined && calIds.includes(calendar) ? { calendar } : {}), ...(escalation !== undefined && escIds.includes(escalation) ? { escalation } : {}) };
  });
  if (prios) policy.priorities = prios;
  const prioIds = policy.priorities.map((p) => p.id);

  // priority_matrix: impact -> urgency -> priority; every pair present.
  const mn = get(root, 'priority_matrix');
  if (!isNull(mn)) {
    const impacts = policy.impacts.map((l) => l.id), urgencies = policy.urgencies.map((l) => l.id);
    if (mn!.type !== 'map') r.report(mn, 'priority_matrix must be a mapping: impact -> urgency -> priority');
    else if (!impacts.length || !urgencies.length || !prioIds.length) r.report(getPair(root, 'priority_matrix')!.key, 'priority_matrix needs impacts:, urgencies: and priorities: to be defined', 'policy-unknown-reference');
    else {
      const matrix: Record<string, Record<string, string>> = Object.create(null);
      let complete = true;
      for (const pair of mn!.items) {
        const imp = String(pair.key.value);
        if (!impacts.includes(imp)) { r.report(pair.key, `priority_matrix: '${imp}' is not an impact (impacts: ${listValues(impacts)})`, 'policy-unknown-reference'); continue; }
        const row = pair.value;
        if (row.type !== 'map') { r.report(row.type === 'scalar' && row.value === null ? pair.key : row, `priority_matrix.${imp} must map each urgency to a priority`); complete = false; continue; }
        const out: Record<string, string> = Object.create(null);
        for (const cell of row.items) {
          const urg = String(cell.key.value);
          if (!urgencies.includes(urg)) { r.report(cell.key, `priority_matrix.${imp}: '${urg}' is not an urgency (urgencies: ${listValues(urgencies)})`, 'policy-unknown-reference'); continue; }
          const p = r.str(cell.value, `priority_matrix.${imp}.${urg}`);
          if (p === undefined) { r.report(cell.key, `priority_matrix.${imp}.${urg} needs a priority`, 'policy-matrix-incomplete'); complete = false; continue; }
          if (!prioIds.includes(p)) { r.report(cell.value, `priority_matrix.${imp}.${urg}: '${p}' is not a priority (priorities: ${listValues(prioIds)})`, 'policy-unknown-reference'); complete = false; continue; }
          out[urg] = p;
        }
        const lacking = urgencies.filter((u) => out[u] === undefined && !row.items.some((c) => String(c.key.value) === u));
        if (lacking.length) { r.report(pair.key, `priority_matrix.${imp} has no priority for urgency ${lacking.map((u) => `'${u}'`).join(', ')}; every impact and urgency pair must be present`, 'policy-matrix-incomplete'); complete = false; }
        matrix[imp] = out;
      }
      const rows = impacts.filter((i) => !matrix[i] && !mn!.items.some((p) => String(p.key.value) === i));
      if (rows.length) { r.report(getPair(root, 'priority_matrix')!.key, `priority_matrix has no row for impact ${rows.map((i) => `'${i}'`).join(', ')}; every impact and urgency pair must be present`, 'policy-matrix-incomplete'); complete = false; }
      // An incomplete matrix is not used: a priority derived from part of it would silently be missing for the rest.
      if (complete) policy.matrix = matrix;
    }
  }

  // categories: two levels
  const cats = r.idList<Category>(get(root, 'categories'), 'categories', (m, id) => {
    r.checkKeys(m, ['id', 'title', 'description', 'subcategories'], `category '${id}'`);
    if (id.includes('/')) { r.report(get(m, 'id'), `category '${id}': an id cannot contain '/' (it separates a category from its subcategory)`); return undefined; }
    const subs = (r.strList(get(m, 'subcategories'), `category '${id}' subcategories`) ?? []).filter((x) => {
      if (x.text.includes('/')) r.report(x.node, `category '${id}': subcategory '${x.text}' cannot contain '/'`);
      return !x.text.includes('/');
    }).map((x) => x.text);
    return { id, title: r.str(get(m, 'title'), 'title'), subcategories: [...new Set(subs)] };
  });
  if (cats) policy.categories = cats;
}

/** The priority the matrix gives for an impact and an urgency, or undefined (no matrix, or an unknown level). */
export function derivePriority(policy: Policy, impact: string | undefined, urgency: string | undefined): string | undefined {
  if (!policy.matrix || impact === undefined || urgency === undefined) return undefined;
  return policy.matrix[impact]?.[urgency];
}

/** Every category id an incident may name: `network`, `network/dns`, ... */
export function categoryIds(policy: Policy): string[] {
  return (policy.categories ?? []).flatMap((c) => [c.id, ...c.subcategories.map((s) => `${c.id}/${s}`)]);
}

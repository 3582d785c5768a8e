// AssemblyScript (compiled to WebAssembly by scripts/build-wasm.mjs; not part of the TypeScript project).
//
// The index scanner of src/core/summaryScan.ts, on the bytes of a record: it finds the values of the keys the
// summary needs and reports where they are (byte ranges and how to read them); src/core/summaryWasm.ts makes the
// summary from that, and gives the file to the TypeScript scanner when this one gives up. It is a line-by-line port
// of the TypeScript Scanner (same names, same order), and it gives up where that one does, and more often: on any
// control byte but a line feed, on a byte-order mark, on non-ASCII bytes where JavaScript's trim() or \s would judge Unicode spaces, and
// when a table below is full. Where it answers, it answers what indexSummary() does: test/unit/summary-wasm.test.ts
// compares the two on generated and mutated records, on examples/acme and on the corpus.
//
// Memory: the input (the file's bytes) at inputPtr(), up to inputCapacity() bytes; the answer as i32s at outPtr().
// Nothing is allocated (runtime stub): the module keeps no state between calls but the tables it overwrites.

// --- the tables ----------------------------------------------------------------------------------------
const INPUT_CAP: i32 = 262144;
const INPUT: usize = memory.data(INPUT_CAP + 16);

// Scalar slots: kind, start, end (byte offsets into the input). Kinds:
const ABSENT: i32 = 0; // the key is not there (undefined)
const NULL: i32 = 1;   // YAML null from a block or flow value where a scalar was expected
const PLAIN: i32 = 2;  // a plain scalar: resolve it as YAML's core schema does (resolvePlain)
const QUOTED: i32 = 3; // a quoted scalar without escapes: the text as it is
const SQ_ESC: i32 = 4; // a single-quoted scalar with '' pairs: each pair is one '
const WORD: i32 = 5;   // a plain scalar that resolvePlain returns as it is (see plainKind)
const INTERNED: i32 = 6; // a value seen before: kind >> 3 is its id in the intern table

// Keys the summary reads as scalars (the order of SCALAR_NAMES in src/core/summaryWasm.ts).
const K_TYPE = 0, K_TITLE = 1, K_ID = 2, K_SEVERITY = 3, K_STATUS = 4, K_COMMANDER = 5, K_ESCALATION = 6, K_REVIEW = 7,
  K_INCIDENT = 8, K_DATE = 9, K_OWNER = 10, K_LAST_REVIEWED = 11, K_REVIEW_EVERY = 12, K_STARTED = 13, K_DETECTED = 14,
  K_ACKNOWLEDGED = 15, K_MITIGATED = 16, K_RESOLVED = 17;
const SCALARS: i32 = 18;
// Keys read as lists, then the three read as blocks of their own.
const K_SERVICES = 18, K_RUNBOOKS = 19, K_AUTHORS = 20, K_ALERTS = 21, K_ROLES = 22, K_ACTION_ITEMS = 23, K_TIMELINE = 24;
const K_OTHER: i32 = 25;
const ROLES_COMMANDER: i32 = 18; // one more scalar slot: roles.commander

// Layout of the answer (i32 indexes from outPtr()):
//   [0] timeline count   [1] (unused)   [2] action items   [3] list items   [4] where the body starts
//   [5] values this scan added to the intern table (see intern())   [6] 1 if the file is ASCII (see inspect())
//   [7 + 3*s ...]       scalar slot s (0 .. 18): kind, start, end
//   LISTS + 2*l        list l (0 services, 1 runbooks, 2 authors, 3 alerts): first item, count
//   ITEMS + 3*i        list item i: kind, start, end
//   AIS + 21*a + 3*f    action item a, field f (id, title, owner, due, status, type, link): kind, start, end
//   NEWS + 3*i          a value added to the intern table: its id, start, end
const SLOTS: i32 = 7;
const LISTS: i32 = SLOTS + 3 * 19;
const ITEMS: i32 = LISTS + 8;
const ITEM_CAP: i32 = 2048;
const AIS: i32 = ITEMS + 3 * ITEM_CAP;
const AI_CAP: i32 = 512;
const NEWS: i32 = AIS + 21 * AI_CAP;
const OUT_WORDS: i32 = NEWS + 3 * 4096;
const OUT: usize = memory.data(OUT_WORDS * 4);

// Names of keys seen at the top level that the summary does not read (for duplicates): start, length.
const OTHER_CAP: i32 = 256;
const OTHERS: usize = memory.data(OTHER_CAP * 8);
// The keys of the mapping being read (roles, an action item), for duplicates: start, length.
const PAIR_CAP: i32 = 64;
const PAIRS: usize = memory.data(PAIR_CAP * 8);

/** The tables' layout; src/core/summaryWasm.ts refuses a module whose layout is not the one it reads. */
export function layout(): i32 { return 3; }
export function inputPtr(): usize { return INPUT; }
export function inputCapacity(): i32 { return INPUT_CAP; }
export function outPtr(): usize { return OUT; }

// --- state of one scan ---------------------------------------------------------------------------------
let len: i32 = 0;      // bytes in the input
let pos: i32 = 0;
let end: i32 = 0;      // where the front matter's content ends (the closing line's start)
let lineStart: i32 = 0;
let lineEnd: i32 = 0;
let indent: i32 = 0;
let failed: bool = false;
let items: i32 = 0;    // set by blockEnd()
let seen: i32 = 0;     // bit per known key
let others: i32 = 0;
let pairs: i32 = 0;
let listItems: i32 = 0;
let actionItems: i32 = 0;
// Set by key(): the name's range and the position after its colon.
let keyStart: i32 = 0;
let keyEnd: i32 = 0;
let keyAfter: i32 = 0;
// Set by scalar(): the value's kind and range.
let sKind: i32 = 0;
let sStart: i32 = 0;
let sEnd: i32 = 0;

@inline function at(p: i32): i32 { return <i32>load<u8>(INPUT + <usize>p); }
@inline function out(i: i32, v: i32): void { store<i32>(OUT + (<usize>i << 2), v); }
@inline function giveUp(): void { failed = true; }
@inline function isSpace(c: i32): bool { return c == 32; }

/**
 * What the `n` bytes at inputPtr() are, as the Node reader judges files: 2 binary (a NUL in the first 8 KB, as
 * decodeBytes says), 0 ASCII (so valid UTF-8), 1 other (the caller checks that it is valid UTF-8).
 */
function inspect(n: i32): i32 {
  if (n < 0 || n > INPUT_CAP) return 1;
  const head = n < 8192 ? n : 8192;
  const zero = i8x16.splat(0);
  let high = false;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const v = v128.load(INPUT + <usize>i);
    if (i < head && v128.any_true(i8x16.eq(v, zero))) {
      for (let k = i; k < i + 16 && k < head; k++) if (at(k) == 0) return 2;
    }
    if (i8x16.bitmask(v) != 0) high = true; // a byte >= 0x80
  }
  for (; i < n; i++) { const c = at(i); if (c == 0 && i < head) return 2; if (c >= 128) high = true; }
  return high ? 1 : 0;
}

/**
 * Scans the `n` bytes at inputPtr(). 1: answered (read the tables); 0: gave up (use the TypeScript path); 2: the
 * file is binary (inspect()). Whether it is ASCII is in the header: if not, the caller checks that it is UTF-8.
 */
export function scan(n: i32): i32 {
  if (n < 0 || n > INPUT_CAP) return 0;
  const bytes = inspect(n);
  if (bytes == 2) return 2;
  out(6, bytes == 0 ? 1 : 0);
  len = n;
  store<u8>(INPUT + <usize>n, 0); // a NUL after the text: reads one past the end see no line feed, space or dash
  failed = false; seen = 0; others = 0; listItems = 0; actionItems = 0;
  for (let i = 0; i < LISTS + 8; i++) if (i != 6) out(i, 0);
  if (!split()) return 0;
  scanDocument();
  if (failed) return 0;
  out(2, actionItems);
  out(3, listItems);
  internValues();
  return 1;
}

// --- the intern table ----------------------------------------------------------------------------------
// Values with few distinct spellings across a workspace (severities, statuses, people, services, action items'
// owners, due dates, statuses and types) are kept once: the first time a value is seen it gets an id and is
// listed in NEWS (the JavaScript side decodes it then, and keeps the string under that id); after that its slot
// says INTERNED with the id, and no string is made. Fewer strings made, and fewer kept for the garbage collector
// to copy. The table lives as long as the module (one per reader); when it is full, values are simply not interned.
const INTERN_CAP: i32 = 4096;
const TABLE_SIZE: i32 = 8192;
const TABLE: usize = memory.data(TABLE_SIZE * 4); // entry id + 1, 0 for an empty slot
const ENTRIES: usize = memory.data(INTERN_CAP * 8); // arena offset, length
const ARENA_CAP: i32 = 65536;
const ARENA: usize = memory.data(ARENA_CAP);
let entries: i32 = 0;
let arenaUsed: i32 = 0;
let news: i32 = 0;

/** The id of the bytes [s, e) in the table (added, and listed in NEWS, when new); -1 when not interned. */
function intern(s: i32, e: i32): i32 {
  const n = e - s;
  if (n > 40) return -1;
  let h: u32 = 2166136261;
  for (let i = s; i < e; i++) { h ^= <u32>at(i); h *= 16777619; }
  let slot = <i32>(h & <u32>(TABLE_SIZE - 1));
  for (;;) {
    const v = load<i32>(TABLE + (<usize>slot << 2));
    if (v == 0) break;
    const id = v - 1;
    const off = load<i32>(ENTRIES + (<usize>id << 3));
    if (load<i32>(ENTRIES + (<usize>id << 3) + 4) == n) {
      let same = true;
      for (let i = 0; i < n; i++) if (load<u8>(ARENA + <usize>(off + i)) != load<u8>(INPUT + <usize>(s + i))) { same = false; break; }
      if (same) return id;
    }
    slot = (slot + 1) & (TABLE_SIZE - 1);
  }
  if (entries >= INTERN_CAP || arenaUsed + n > ARENA_CAP) return -1;
  const id = entries++;
  memory.copy(ARENA + <usize>arenaUsed, INPUT + <usize>s, <usize>n);
  store<i32>(ENTRIES + (<usize>id << 3), arenaUsed);
  store<i32>(ENTRIES + (<usize>id << 3) + 4, n);
  store<i32>(TABLE + (<usize>slot << 2), id + 1);
  arenaUsed += n;
  const b = NEWS + 3 * news++;
  out(b, id); out(b + 1, s); out(b + 2, e);
  return id;
}

/** A slot read as it is (a word or a quoted value without escapes) becomes INTERNED when the table takes it. */
function internSlot(b: i32): void {
  const kind = load<i32>(OUT + (<usize>b << 2));
  if (kind != WORD && kind != QUOTED) return;
  const id = intern(load<i32>(OUT + (<usize>(b + 1) << 2)), load<i32>(OUT + (<usize>(b + 2) << 2)));
  if (id >= 0) out(b, INTERNED | (id << 3));
}

/** After a scan that answered (a scan that gives up adds nothing to the table). */
function internValues(): void {
  news = 0;
  internSlot(SLOTS + 3 * K_TYPE); internSlot(SLOTS + 3 * K_SEVERITY); internSlot(SLOTS + 3 * K_STATUS);
  internSlot(SLOTS + 3 * K_COMMANDER); internSlot(SLOTS + 3 * K_ESCALATION); internSlot(SLOTS + 3 * K_OWNER);
  internSlot(SLOTS + 3 * K_REVIEW_EVERY); internSlot(SLOTS + 3 * ROLES_COMMANDER);
  for (let i = 0; i < listItems; i++) internSlot(ITEMS + 3 * i);
  for (let a = 0; a < actionItems; a++) for (let f = 2; f <= 5; f++) internSlot(AIS + 21 * a + 3 * f);
  out(5, news);
}

// --- the front matter: `---` alone on the first line, closed by `---` or `...` alone on a line --------------

function split(): bool {
  if (len < 4 || at(0) != 45 || at(1) != 45 || at(2) != 45 || at(3) != 10) return false;
  const contentStart = 4;
  // Line starts that could close: after a line break, a `-` or a `.` (sixteen line breaks at a time).
  const LF = i8x16.splat(10), DASH = i8x16.splat(45), DOT = i8x16.splat(46);
  for (let b = contentStart - 1; b < len; b += 16) {
    const v = v128.load(INPUT + <usize>b);
    const v1 = v128.load(INPUT + <usize>b + 1);
    let m = i8x16.bitmask(v128.and(i8x16.eq(v, LF), v128.or(i8x16.eq(v1, DASH), i8x16.eq(v1, DOT))));
    if (len - b < 16) m &= (1 << (len - b)) - 1;
    while (m != 0) {
      const p = b + ctz(m) + 1;
      m &= m - 1;
      const c = at(p);
      if (p + 2 < len && at(p + 1) == c && at(p + 2) == c) {
        let q = p + 3;
        while (q < len && at(q) == 32) q++;
        if (q >= len || at(q) == 10) { pos = contentStart; end = p; out(4, q + 1 < len ? q + 1 : len); return true; }
        const d = at(q);
        if (d == 9 || d == 13) return false; // a delimiter with a tab or CR after it: the TypeScript path
      }
    }
  }
  return false; // unterminated
}

// --- lines ---------------------------------------------------------------------------------------------

function nextLine(): bool {
  while (pos < end) {
    const start = pos;
    let nl = nlFrom(start);
    if (nl < 0 || nl > end) nl = end;
    pos = nl + 1;
    let i = start;
    while (i < nl && isSpace(at(i))) i++;
    if (i == nl) continue;
    if (at(i) == 35) continue;
    let e = nl;
    while (e > i && isSpace(at(e - 1))) e--;
    lineStart = start; lineEnd = e; indent = i - start;
    return true;
  }
  return false;
}

@inline function unread(): void { pos = lineStart; }

function isDash(p: i32): bool {
  return at(p) == 45 && (p + 1 == lineEnd || at(p + 1) == 32);
}

// --- the document --------------------------------------------------------------------------------------

function scanDocument(): void {
  // Bytes outside the subset anywhere in the content: control bytes (CR, tab, NUL ...) and a byte-order mark.
  if (hasOutside(pos, end)) { giveUp(); return; }
  if (!nextLine()) return;
  unread();
  while (nextLine()) {
    if (indent != 0) { giveUp(); return; }
    if (!key(lineStart)) { giveUp(); return; }
    const id = keyId(keyStart, keyEnd);
    if (id < K_OTHER) {
      if (seen & (1 << id)) { giveUp(); return; }
      seen |= 1 << id;
    } else if (!addOther(keyStart, keyEnd)) { giveUp(); return; }
    value(id, keyAfter);
    if (failed) return;
  }
}

function sameBytes(a: i32, b: i32, n: i32): bool {
  for (let i = 0; i < n; i++) if (at(a + i) != at(b + i)) return false;
  return true;
}

/**
 * Adds the name [s, e) to the `count` names of a table of (start, length) pairs holding at most `cap`: the new
 * count, or -1 when the name is there already (a duplicate key) or the table is full (give up either way).
 */
function addName(table: usize, count: i32, cap: i32, s: i32, e: i32): i32 {
  const n = e - s;
  for (let i = 0; i < count; i++) {
    const p = table + (<usize>i << 3);
    if (load<i32>(p + 4) == n && sameBytes(load<i32>(p), s, n)) return -1;
  }
  if (count >= cap) return -1;
  store<i32>(table + (<usize>count << 3), s);
  store<i32>(table + (<usize>count << 3) + 4, n);
  return count + 1;
}

/** A top-level key the summary does not read, not seen yet. */
function addOther(s: i32, e: i32): bool {
  const c = addName(OTHERS, others, OTHER_CAP, s, e);
  if (c < 0) return false;
  others = c;
  return true;
}

/** A key not seen yet in the mapping being read (roles, an action item). */
function addPair(s: i32, e: i32): bool {
  const c = addName(PAIRS, pairs, PAIR_CAP, s, e);
  if (c < 0) return false;
  pairs = c;
  return true;
}

// Key names as bytes, compared with memory.compare (AssemblyScript strings are UTF-16).
const B_FALSE: usize = memory.data<u8>([70, 65, 76, 83, 69]);
const B_False: usize = memory.data<u8>([70, 97, 108, 115, 101]);
const B_NULL: usize = memory.data<u8>([78, 85, 76, 76]);
const B_Null: usize = memory.data<u8>([78, 117, 108, 108]);
const B_TRUE: usize = memory.data<u8>([84, 82, 85, 69]);
const B_True: usize = memory.data<u8>([84, 114, 117, 101]);
const B_ACKNOWLEDGED: usize = memory.data<u8>([97, 99, 107, 110, 111, 119, 108, 101, 100, 103, 101, 100]);
const B_ACTION_ITEMS: usize = memory.data<u8>([97, 99, 116, 105, 111, 110, 95, 105, 116, 101, 109, 115]);
const B_ALERTS: usize = memory.data<u8>([97, 108, 101, 114, 116, 115]);
const B_AUTHORS: usize = memory.data<u8>([97, 117, 116, 104, 111, 114, 115]);
const B_COMMANDER: usize = memory.data<u8>([99, 111, 109, 109, 97, 110, 100, 101, 114]);
const B_DATE: usize = memory.data<u8>([100, 97, 116, 101]);
const B_DETECTED: usize = memory.data<u8>([100, 101, 116, 101, 99, 116, 101, 100]);
const B_DUE: usize = memory.data<u8>([100, 117, 101]);
const B_ESCALATION: usize = memory.data<u8>([101, 115, 99, 97, 108, 97, 116, 105, 111, 110]);
const B_false: usize = memory.data<u8>([102, 97, 108, 115, 101]);
const B_ID: usize = memory.data<u8>([105, 100]);
const B_INCIDENT: usize = memory.data<u8>([105, 110, 99, 105, 100, 101, 110, 116]);
const B_LAST_REVIEWED: usize = memory.data<u8>([108, 97, 115, 116, 95, 114, 101, 118, 105, 101, 119, 101, 100]);
const B_LINK: usize = memory.data<u8>([108, 105, 110, 107]);
const B_MITIGATED: usize = memory.data<u8>([109, 105, 116, 105, 103, 97, 116, 101, 100]);
const B_null: usize = memory.data<u8>([110, 117, 108, 108]);
const B_OWNER: usize = memory.data<u8>([111, 119, 110, 101, 114]);
const B_RESOLVED: usize = memory.data<u8>([114, 101, 115, 111, 108, 118, 101, 100]);
const B_REVIEW: usize = memory.data<u8>([114, 101, 118, 105, 101, 119]);
const B_REVIEW_EVERY: usize = memory.data<u8>([114, 101, 118, 105, 101, 119, 95, 101, 118, 101, 114, 121]);
const B_ROLES: usize = memory.data<u8>([114, 111, 108, 101, 115]);
const B_RUNBOOKS: usize = memory.data<u8>([114, 117, 110, 98, 111, 111, 107, 115]);
const B_SERVICES: usize = memory.data<u8>([115, 101, 114, 118, 105, 99, 101, 115]);
const B_SEVERITY: usize = memory.data<u8>([115, 101, 118, 101, 114, 105, 116, 121]);
const B_STARTED: usize = memory.data<u8>([115, 116, 97, 114, 116, 101, 100]);
const B_STATUS: usize = memory.data<u8>([115, 116, 97, 116, 117, 115]);
const B_TIMELINE: usize = memory.data<u8>([116, 105, 109, 101, 108, 105, 110, 101]);
const B_TITLE: usize = memory.data<u8>([116, 105, 116, 108, 101]);
const B_true: usize = memory.data<u8>([116, 114, 117, 101]);
const B_TYPE: usize = memory.data<u8>([116, 121, 112, 101]);

/** Whether the bytes [s, e) are the `n` bytes at `name`. */
@inline function is(s: i32, e: i32, name: usize, n: i32): bool {
  if (e - s != n) return false;
  const p = INPUT + <usize>s;
  for (let i = 0; i < n; i++) if (load<u8>(p + <usize>i) != load<u8>(name + <usize>i)) return false;
  return true;
}

function keyId(s: i32, e: i32): i32 {
  switch (at(s)) {
    case 97: if (is(s, e, B_ACKNOWLEDGED, 12)) return K_ACKNOWLEDGED; if (is(s, e, B_AUTHORS, 7)) return K_AUTHORS; if (is(s, e, B_ALERTS, 6)) return K_ALERTS; if (is(s, e, B_ACTION_ITEMS, 12)) return K_ACTION_ITEMS; break;
    case 99: if (is(s, e, B_COMMANDER, 9)) return K_COMMANDER; break;
    case 100: if (is(s, e, B_DETECTED, 8)) return K_DETECTED; if (is(s, e, B_DATE, 4)) return K_DATE; break;
    case 101: if (is(s, e, B_ESCALATION, 10)) return K_ESCALATION; break;
    case 105: if (is(s, e, B_ID, 2)) return K_ID; if (is(s, e, B_INCIDENT, 8)) return K_INCIDENT; break;
    case 108: if (is(s, e, B_LAST_REVIEWED, 13)) return K_LAST_REVIEWED; break;
    case 109: if (is(s, e, B_MITIGATED, 9)) return K_MITIGATED; break;
    case 111: if (is(s, e, B_OWNER, 5)) return K_OWNER; break;
    case 114:
      if (is(s, e, B_RESOLVED, 8)) return K_RESOLVED; if (is(s, e, B_REVIEW, 6)) return K_REVIEW; if (is(s, e, B_RUNBOOKS, 8)) return K_RUNBOOKS;
      if (is(s, e, B_ROLES, 5)) return K_ROLES; if (is(s, e, B_REVIEW_EVERY, 12)) return K_REVIEW_EVERY; break;
    case 115:
      if (is(s, e, B_SEVERITY, 8)) return K_SEVERITY; if (is(s, e, B_STATUS, 6)) return K_STATUS; if (is(s, e, B_STARTED, 7)) return K_STARTED;
      if (is(s, e, B_SERVICES, 8)) return K_SERVICES; break;
    case 116: if (is(s, e, B_TITLE, 5)) return K_TITLE; if (is(s, e, B_TYPE, 4)) return K_TYPE; if (is(s, e, B_TIMELINE, 8)) return K_TIMELINE; break;
  }
  return K_OTHER;
}

/** `name:` at p, followed by a space or the end of the line: sets keyStart/keyEnd/keyAfter. */
function key(p: i32): bool {
  const c = at(p);
  if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95)) return false;
  let i = p + 1;
  for (; i < lineEnd; i++) {
    const d = at(i);
    if (!((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || (d >= 48 && d <= 57) || d == 95 || d == 45)) break;
  }
  if (at(i) != 58 || i >= lineEnd) return false;
  if (i + 1 < lineEnd && at(i + 1) != 32) return false;
  // `true:`, `null:` ...: a key YAML reads as something other than a string. A name of these characters is one
  // of the nine spellings of null, true and false (no number starts with a letter or `_`).
  const n = i - p;
  if ((n == 4 || n == 5) && (c == 110 || c == 78 || c == 116 || c == 84 || c == 102 || c == 70) && (is(p, i, B_null, 4) || is(p, i, B_Null, 4) || is(p, i, B_NULL, 4) || is(p, i, B_true, 4) || is(p, i, B_True, 4) || is(p, i, B_TRUE, 4) ||
    is(p, i, B_false, 5) || is(p, i, B_False, 5) || is(p, i, B_FALSE, 5))) return false;
  keyStart = p; keyEnd = i; keyAfter = i + 1;
  return true;
}

@inline function isList(id: i32): bool { return id >= K_SERVICES && id <= K_ALERTS; }

function setSlot(slot: i32, kind: i32, s: i32, e: i32): void {
  const b = SLOTS + 3 * slot;
  out(b, kind); out(b + 1, s); out(b + 2, e);
}

function pushItem(kind: i32, s: i32, e: i32): bool {
  if (listItems >= ITEM_CAP) { giveUp(); return false; }
  const b = ITEMS + 3 * listItems;
  out(b, kind); out(b + 1, s); out(b + 2, e);
  listItems++;
  return true;
}

/** The value of a top-level key whose `:` ends at `after` on the current line. */
function value(id: i32, after: i32): void {
  let p = after;
  while (p < lineEnd && isSpace(at(p))) p++;
  const inline = p < lineEnd && at(p) != 35;
  if (inline) {
    if (id == K_TIMELINE || isList(id)) {
      if (at(p) == 91) {
        const first = listItems;
        const n = flowSeq(p, id != K_TIMELINE);
        if (failed) return;
        if (id == K_TIMELINE) { out(0, n); listItems = first; }
        else { out(LISTS + 2 * (id - K_SERVICES), first); out(LISTS + 2 * (id - K_SERVICES) + 1, listItems - first); }
      } else {
        scalar(p, lineEnd);
        if (failed) return;
        if (isList(id)) {
          const first = listItems;
          if (!pushItem(sKind, sStart, sEnd)) return;
          out(LISTS + 2 * (id - K_SERVICES), first); out(LISTS + 2 * (id - K_SERVICES) + 1, 1);
        }
      }
    } else if (id == K_ROLES || id == K_ACTION_ITEMS) {
      if (at(p) == 91) { const first = listItems; flowSeq(p, false); listItems = first; } else scalar(p, lineEnd);
      if (failed) return;
    } else {
      if (at(p) == 91) {
        const first = listItems; flowSeq(p, false); listItems = first;
        if (failed) return;
        if (id < SCALARS) setSlot(id, NULL, 0, 0);
      } else {
        scalar(p, lineEnd);
        if (failed) return;
        if (id < SCALARS) setSlot(id, sKind, sStart, sEnd);
      }
    }
    noContinuation();
    return;
  }
  // A block value (or nothing: null).
  if (id == K_TIMELINE) { out(0, countBlock()); return; }
  if (isList(id)) { const first = listItems; blockScalarSeq(); out(LISTS + 2 * (id - K_SERVICES), first); out(LISTS + 2 * (id - K_SERVICES) + 1, listItems - first); return; }
  if (id == K_ROLES) { blockFlatMap(); return; }
  if (id == K_ACTION_ITEMS) { blockItems(); return; }
  const from = pos;
  const e = skipBlock();
  if (id < SCALARS) {
    // Anything but blank lines and comments: a collection (or a multi-line scalar) where a scalar was expected.
    let q = from;
    while (q < e) {
      let i = q;
      while (i < e && at(i) == 32) i++;
      if (i < e && at(i) != 10 && at(i) != 35) { giveUp(); return; }
      while (q < e && at(q) != 10) q++;
      q++;
    }
    setSlot(id, NULL, 0, 0);
  }
}

/** After a one-line value, the next line must be a new top-level key (else: a continuation, or an error). */
function noContinuation(): void {
  if (pos < end) {
    const c = at(pos);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95) return;
  }
  if (!nextLine()) return;
  unread();
  if (indent != 0 || isDash(lineStart)) giveUp();
}

function skipBlock(): i32 {
  pos = blockEnd(pos, -1, 0);
  return pos;
}

/** indexOf('\n', from) in the whole input; -1 when there is none. Sixteen bytes at a time. */
function nlFrom(from: i32): i32 {
  let i = from;
  const lf = i8x16.splat(10);
  while (i + 16 <= len) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(INPUT + <usize>i), lf));
    if (m != 0) return i + ctz(m);
    i += 16;
  }
  for (; i < len; i++) if (at(i) == 10) return i;
  return -1;
}

/** Whether [from, to) holds a control byte other than a line feed, or a byte-order mark. Sixteen bytes at a time. */
function hasOutside(from: i32, to: i32): bool {
  let i = from;
  const space = i8x16.splat(32), lf = i8x16.splat(10), ef = i8x16.splat(<i8>0xef);
  while (i + 16 <= to) {
    const v = v128.load(INPUT + <usize>i);
    const bad = v128.or(v128.andnot(i8x16.lt_u(v, space), i8x16.eq(v, lf)), i8x16.eq(v, ef));
    if (v128.any_true(bad) && outsideAt(i, i + 16)) return true;
    i += 16;
  }
  return outsideAt(i, to);
}

function outsideAt(from: i32, to: i32): bool {
  for (let i = from; i < to; i++) {
    const c = at(i);
    if (c < 32 && c != 10) return true;
    if (c == 0xef && at(i + 1) == 0xbb && at(i + 2) == 0xbf) return true;
  }
  return false;
}

/**
 * As the TypeScript blockEnd(): where the block that starts at `from` ends (the first line at column 0 that is
 * not blank, a comment or a `- ` item), with the items at `seqIndent` that start at or after `first` counted into
 * `items`. Sixteen line-break positions at a time: for each, the bytes after it are compared in parallel.
 */
function blockEnd(from: i32, seqIndent: i32, first: i32): i32 {
  let n = 0;
  const lim = end - 1; // a line break at i < lim starts a line inside the content
  const LF = i8x16.splat(10), SP = i8x16.splat(32), HASH = i8x16.splat(35), DASH = i8x16.splat(45);
  let b = from > 0 ? from - 1 : 0;
  while (b < lim) {
    const valid: i32 = lim - b >= 16 ? 0xffff : (1 << (lim - b)) - 1;
    const p = INPUT + <usize>b;
    const nl = i8x16.bitmask(i8x16.eq(v128.load(p), LF)) & valid;
    if (nl != 0) {
      const v1 = v128.load(p + 1);
      const v2 = v128.load(p + 2);
      const dashItem = v128.and(i8x16.eq(v1, DASH), v128.or(i8x16.eq(v2, SP), i8x16.eq(v2, LF)));
      const goesOn = v128.or(v128.or(i8x16.eq(v1, LF), i8x16.eq(v1, HASH)), v128.or(i8x16.eq(v1, SP), dashItem));
      const stop = nl & ~i8x16.bitmask(goesOn);
      let counted = stop != 0 ? nl & ((1 << ctz(stop)) - 1) : nl;
      if (first > b) counted = first - b >= 16 ? 0 : counted & ~((1 << (first - b)) - 1);
      if (counted != 0 && seqIndent >= 0) {
        let item: v128;
        if (seqIndent == 0) item = dashItem;
        else {
          item = i8x16.eq(v1, SP);
          for (let j = 2; j <= seqIndent; j++) item = v128.and(item, i8x16.eq(v128.load(p + <usize>j), SP));
          const vd = v128.load(p + <usize>(seqIndent + 1));
          const va = v128.load(p + <usize>(seqIndent + 2));
          item = v128.and(item, v128.and(i8x16.eq(vd, DASH), v128.or(i8x16.eq(va, SP), i8x16.eq(va, LF))));
        }
        n += popcnt(counted & i8x16.bitmask(item));
      }
      if (stop != 0) { items = n; return b + ctz(stop) + 1; }
    }
    b += 16;
  }
  items = n;
  return end;
}

function itemAt(p: i32, ind: i32): bool {
  for (let k = 0; k < ind; k++) if (at(p + k) != 32) return false;
  const q = p + ind;
  if (at(q) != 45) return false;
  const a = at(q + 1);
  return a == 32 || a == 10 || q + 1 == end;
}

function countBlock(): i32 {
  const from = pos;
  if (!nextLine()) return 0;
  const first = lineStart;
  const seqIndent = indent;
  if (indent == 0 && !isDash(lineStart)) { unread(); return 0; }
  if (!isDash(lineStart + indent)) { giveUp(); return 0; }
  pos = blockEnd(from, seqIndent, first);
  return 1 + items;
}

/** `- scalar` lines at one indentation, into the list items. */
function blockScalarSeq(): void {
  let seqIndent = -1;
  while (nextLine()) {
    const p = lineStart + indent;
    const dash = isDash(p);
    if (indent == 0 && !dash) { unread(); break; }
    if (!dash) { giveUp(); return; }
    if (seqIndent < 0) seqIndent = indent; else if (indent != seqIndent) { giveUp(); return; }
    let v = p + 1;
    while (v < lineEnd && isSpace(at(v))) v++;
    if (v >= lineEnd) { giveUp(); return; }
    const c = at(v);
    if (c == 91 || c == 35 || isDash(v)) { giveUp(); return; }
    scalar(v, lineEnd);
    if (failed) return;
    if (!pushItem(sKind, sStart, sEnd)) return;
  }
}

/** `key: scalar` lines at one indentation (roles); roles.commander into its slot. */
function blockFlatMap(): void {
  let mapIndent = -1;
  pairs = 0;
  while (nextLine()) {
    if (indent == 0) { if (isDash(lineStart)) { giveUp(); return; } unread(); break; }
    if (mapIndent < 0) mapIndent = indent; else if (indent != mapIndent) { giveUp(); return; }
    pair(lineStart + indent);
    if (failed) return;
    if (is(keyStart, keyEnd, B_COMMANDER, 9)) setSlot(ROLES_COMMANDER, sKind, sStart, sEnd);
  }
}

/** `key: scalar` at p on the current line: sets keyStart/keyEnd and the scalar. */
function pair(p: i32): void {
  if (!key(p)) { giveUp(); return; }
  if (!addPair(keyStart, keyEnd)) { giveUp(); return; }
  let v = keyAfter;
  while (v < lineEnd && isSpace(at(v))) v++;
  if (v >= lineEnd || at(v) == 35) { giveUp(); return; }
  if (at(v) == 91) { giveUp(); return; }
  scalar(v, lineEnd);
}

function aiField(s: i32, e: i32): i32 {
  if (is(s, e, B_ID, 2)) return 0;
  if (is(s, e, B_TITLE, 5)) return 1;
  if (is(s, e, B_OWNER, 5)) return 2;
  if (is(s, e, B_DUE, 3)) return 3;
  if (is(s, e, B_STATUS, 6)) return 4;
  if (is(s, e, B_TYPE, 4)) return 5;
  if (is(s, e, B_LINK, 4)) return 6;
  return -1;
}

function aiPair(p: i32): void {
  pair(p);
  if (failed) return;
  const f = aiField(keyStart, keyEnd);
  if (f >= 0) {
    const b = AIS + 21 * (actionItems - 1) + 3 * f;
    out(b, sKind); out(b + 1, sStart); out(b + 2, sEnd);
  }
}

/** A sequence of flat mappings: `- key: v` then `  key: v` lines (action items). */
function blockItems(): void {
  let seqIndent = -1;
  let cur = false;
  while (nextLine()) {
    const p = lineStart + indent;
    const dash = isDash(p);
    if (indent == 0 && !dash) { unread(); break; }
    if (dash) {
      if (seqIndent < 0) seqIndent = indent; else if (indent != seqIndent) { giveUp(); return; }
      cur = false;
      let v = p + 1;
      while (v < lineEnd && isSpace(at(v))) v++;
      if (v >= lineEnd || v != p + 2) { giveUp(); return; }
      const c = at(v);
      if (c == 35 || c == 91 || isDash(v)) { giveUp(); return; }
      if (!key(v)) {
        // A scalar item: not an action item; it must not continue on the next line.
        scalar(v, lineEnd);
        if (failed) return;
        continue;
      }
      if (actionItems >= AI_CAP) { giveUp(); return; }
      const b = AIS + 21 * actionItems;
      for (let k = 0; k < 21; k++) out(b + k, 0);
      actionItems++;
      cur = true;
      pairs = 0;
      aiPair(v);
      if (failed) return;
    } else {
      if (seqIndent < 0 || !cur || indent != seqIndent + 2) { giveUp(); return; }
      aiPair(p);
      if (failed) return;
    }
  }
}

// --- scalars -------------------------------------------------------------------------------------------

/** A one-line scalar from p to `e` (the trimmed line end), with an optional trailing comment: sets sKind/sStart/sEnd. */
function scalar(p: i32, e: i32): void {
  const c = at(p);
  if (c == 34 || c == 39) {
    let i = p + 1;
    let escaped = false;
    for (;;) {
      if (i >= e) { giveUp(); return; }
      const d = at(i);
      if (c == 34 && d == 92) { giveUp(); return; }
      if (d == c) {
        if (c == 39 && at(i + 1) == 39 && i + 1 < e) { escaped = true; i += 2; continue; }
        break;
      }
      i++;
    }
    let j = i + 1;
    while (j < e && isSpace(at(j))) j++;
    if (j < e && (at(j) != 35 || j == i + 1)) { giveUp(); return; }
    sKind = escaped ? SQ_ESC : QUOTED; sStart = p + 1; sEnd = i;
    return;
  }
  if (c == 45 || c == 63 || c == 58 || c == 44 || c == 91 || c == 93 || c == 123 || c == 125 || c == 35 || c == 38 || c == 42 || c == 33 || c == 124 || c == 62 || c == 37 || c == 64 || c == 96) { giveUp(); return; }
  let q = p;
  for (; q < e; q++) {
    const d = at(q);
    if (d == 58 && (q + 1 == e || at(q + 1) == 32)) { giveUp(); return; }
    if (d == 35 && isSpace(at(q - 1))) break;
  }
  while (q > p && isSpace(at(q - 1))) q--;
  sKind = plainKind(p, q); sStart = p; sEnd = q;
}

/**
 * WORD where resolvePlain (src/core/yaml/scalar.ts) returns the text as it is without looking further than its own
 * early exits (the JavaScript side then skips the call), else PLAIN: the empty scalar, the nine spellings of null,
 * true and false (and `~`) by their length, and what starts like a number until a character no number has.
 */
function plainKind(p: i32, q: i32): i32 {
  const n = q - p;
  if (n == 0) return PLAIN;
  const c = at(p);
  if (c == 116 || c == 84 || c == 110 || c == 78) return n == 4 ? PLAIN : WORD; // true, null
  if (c == 102 || c == 70) return n == 5 ? PLAIN : WORD; // false
  if (c == 126) return n == 1 ? PLAIN : WORD; // ~
  if (!((c >= 48 && c <= 57) || c == 43 || c == 45 || c == 46)) return WORD;
  for (let i = p + 1; i < q; i++) {
    const d = at(i);
    if (d == 58 || d == 32 || d == 47 || d == 95) return WORD;
    if (d == 45 || d == 43) { const e = at(i - 1); if (e != 101 && e != 69) return WORD; }
  }
  return PLAIN;
}

/**
 * `[a, b]` on one line: the number of items; with `keep`, each item into the list items (plain, to be resolved).
 * Items with non-ASCII bytes give up (JavaScript's trim() would judge Unicode spaces).
 */
function flowSeq(p: i32, keep: bool): i32 {
  let close = -1;
  for (let i = p + 1; i < lineEnd; i++) {
    const d = at(i);
    if (d == 93) { close = i; break; }
    if (d == 91 || d == 123 || d == 125 || d == 34 || d == 39 || d == 35 || d == 58 || d == 38 || d == 42 || d == 33 || d == 63 || d == 124 || d == 62 || d == 37 || d == 64 || d == 96 || d >= 128) { giveUp(); return 0; }
  }
  if (close < 0) { giveUp(); return 0; }
  let j = close + 1;
  while (j < lineEnd && isSpace(at(j))) j++;
  if (j < lineEnd && (at(j) != 35 || j == close + 1)) { giveUp(); return 0; }
  let s = p + 1;
  while (s < close && at(s) == 32) s++;
  if (s == close) return 0;
  let n = 0;
  let a = p + 1;
  for (;;) {
    let b = a;
    while (b < close && at(b) != 44) b++;
    let x = a, y = b;
    while (x < y && at(x) == 32) x++;
    while (y > x && at(y - 1) == 32) y--;
    if (x == y || at(x) == 45) { giveUp(); return 0; }
    if (keep && !pushItem(plainKind(x, y), x, y)) return 0;
    n++;
    if (b >= close) break;
    a = b + 1;
  }
  return n;
}

/** A linear heading scan for Markdown bodies: ATX headings outside fenced code blocks. No remark on this path. */

export interface Heading { level: number; text: string; start: number; end: number }

export function scanHeadings(text: string, from: number, to = text.length): Heading[] {
  const out: Heading[] = [];
  let pos = from;
  let fence: string | null = null;
  while (pos < to) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > to) nl = to;
    let end = nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    let i = pos;
    let spaces = 0;
    while (i < end && text.charCodeAt(i) === 32 && spaces < 4) { i++; spaces++; }
    const c = text.charCodeAt(i);
    if (spaces < 4 && (c === 96 || c === 126)) { // ` or ~
      let j = i;
      while (j < end && text.charCodeAt(j) === c) j++;
      if (j - i >= 3) {
        const marker = text.slice(i, j);
        if (fence === null) fence = marker;
        else if (marker[0] === fence[0] && marker.length >= fence.length && text.slice(j, end).trim() === '') fence = null;
      }
    } else if (fence === null && spaces < 4 && c === 35) {
      let j = i;
      while (j < end && text.charCodeAt(j) === 35) j++;
      const level = j - i;
      if (level <= 6 && (j === end || text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) {
        const raw = text.slice(j, end).replace(/\s+#+\s*$/, '').trim();
        out.push({ level, text: raw, start: pos, end });
      }
    }
    pos = nl + 1;
  }
  return out;
}

/** Heading text reduced for comparison: case, punctuation, emphasis and numbering ignored. */
export function normalizeHeading(s: string): string {
  return s.toLowerCase().replace(/[*_`]/g, '').replace(/^\d+(\.\d+)*\.?\s+/, '').replace(/[^a-z0-9]+/g, ' ').trim();
}

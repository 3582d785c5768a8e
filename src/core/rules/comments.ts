/**
 * A `#` that ends a value without anyone meaning it to: in YAML, ` #` starts a comment, so `title: Newsletter #2
 * broken` is the title "Newsletter" and the rest is gone without a word. A comment written as one has a space
 * after the `#` (`status: mitigated  # by hand`); one whose `#` touches the next word (`#2`, `#ops-channel`)
 * after a plain value is taken for text that was cut.
 */
import { formatScalar, type YNode, type YScalar } from '../yaml/index';
import type { RuleContext } from './context';

/** ` #x` or tab-`#x`: a comment whose `#` touches what follows. */
const CUT = /[ \t]#[^\s#]/g;

export function checkCutValues(ctx: RuleContext): void {
  const { text, split } = ctx.rec;
  const content = split.content;
  if (!content) return;
  const hits: number[] = [];
  CUT.lastIndex = content.start;
  for (let m = CUT.exec(text); m && m.index < content.end; m = CUT.exec(text)) hits.push(m.index + 1);
  if (!hits.length) return;
  // The plain string scalars by where they end (only files with such a `#` are walked).
  const byEnd = new Map<number, YScalar>();
  const walk = (n: YNode): void => {
    if (n.type === 'scalar') { if (n.style === 'plain' && typeof n.value === 'string') byEnd.set(n.end, n); return; }
    if (n.type === 'seq') n.items.forEach(walk);
    else for (const p of n.items) walk(p.value);
  };
  walk(ctx.root);
  for (const hash of hits) {
    let end = hash;
    while (end > content.start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    const node = byEnd.get(end);
    if (!node) continue;
    let lineEnd = text.indexOf('\n', hash);
    if (lineEnd < 0 || lineEnd > content.end) lineEnd = content.end;
    const whole = text.slice(node.start, lineEnd).replace(/\s+$/, '');
    const cut = text.slice(hash, node.start + whole.length);
    ctx.report({ start: node.start, end: node.start + whole.length }, 'comment-in-value',
      `'${cut}' is read as a YAML comment, so the value is '${node.value as string}': quote the whole value to keep it (${formatScalar(whole)}); a comment meant as one is written with a space after '#' ('# note'), and is not flagged`,
      { data: { replacement: formatScalar(whole) } });
  }
}

/**
 * remark-parse + remark-gfm behind one function. Nothing in src/core imports this module statically: it is
 * required on first use through `markdownTree()` (src/core/mdast.ts), and the extension's bundle keeps it out as
 * a file of its own (dist/vendor-remark.js, see scripts/build.mjs), so activation never loads remark.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root } from 'mdast';

const processor = unified().use(remarkParse).use(remarkGfm);

export function parseMarkdown(text: string): Root {
  return processor.parse(text) as Root;
}

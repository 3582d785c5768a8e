import * as assert from 'node:assert/strict';
import { splitFrontMatter } from '../../src/core/index';

describe('front matter split', () => {
  it('finds YAML between --- lines', () => {
    const t = '---\ntitle: x\n---\n# Body\n';
    const s = splitFrontMatter(t);
    assert.equal(s.kind, 'yaml');
    assert.equal(t.slice(s.content!.start, s.content!.end), 'title: x\n');
    assert.equal(t.slice(s.bodyStart), '# Body\n');
  });
  it('accepts ... as the closing line, CRLF line ends and a BOM', () => {
    const t = '\ufeff---\r\ntitle: x\r\n...\r\nbody';
    const s = splitFrontMatter(t);
    assert.equal(s.kind, 'yaml');
    assert.equal(s.textStart, 1);
    assert.equal(t.slice(s.content!.start, s.content!.end), 'title: x\r\n');
    assert.equal(t.slice(s.bodyStart), 'body');
  });
  it('reports an unterminated front matter', () => {
    assert.equal(splitFrontMatter('---\ntitle: x\n# no end\n').kind, 'unterminated');
  });
  it('refuses ---js and TOML front matter without evaluating them', () => {
    const js = splitFrontMatter('---js\nmodule.exports = { title: require("child_process").execSync("id") }\n---\n');
    assert.equal(js.kind, 'unsupported');
    assert.equal(js.language, 'js');
    assert.equal(splitFrontMatter('+++\ntitle = "x"\n+++\n').kind, 'unsupported');
  });
  it('recognises front matter whose opening --- was lost', () => {
    const s = splitFrontMatter('title: "x"\ndate: 2023-10-31\naffected:\n  - Copr\n---\n\nText');
    assert.equal(s.kind, 'missing-open');
  });
  it('does not mistake a thematic break after prose for front matter', () => {
    assert.equal(splitFrontMatter('# Title\n\nSome text\n\n---\n\nMore').kind, 'none');
    assert.equal(splitFrontMatter('Note: this is prose.\nMore prose here\n---\n').kind, 'none');
  });
  it('handles an unterminated --- in a 5 MB file (one linear pass; the mocha timeout catches a hang)', () => {
    const big = '---\n' + 'key: value\n'.repeat(500_000);
    const s = splitFrontMatter(big);
    assert.equal(s.kind, 'unterminated');
    assert.equal(s.bodyStart, big.length);
  });
});

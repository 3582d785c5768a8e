import type { ScalarValue } from './ast';

/** Resolves a plain scalar exactly as the `yaml` package's YAML 1.2 core schema does. */
export function resolvePlain(s: string): ScalarValue {
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  const c = s.charCodeAt(0);
  // Fast exit: core-schema non-strings start with a digit, sign, dot, t/T, f/F.
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 116 || c === 84 || c === 102 || c === 70)) return s;
  // t/T/f/F first: a boolean's six spellings, or a string (no number starts with a letter).
  if (c === 116 || c === 84) return s === 'true' || s === 'True' || s === 'TRUE' ? true : s;
  if (c === 102 || c === 70) return s === 'false' || s === 'False' || s === 'FALSE' ? false : s;
  // Dates, times, ids and words: a character no number of the core schema has.
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i);
    if (d === 58 /* : */ || d === 32 || d === 47 /* / */ || d === 95 /* _ */) return s;
    if (d === 45 /* - */ || d === 43 /* + */) { const p = s.charCodeAt(i - 1); if (p !== 101 && p !== 69) return s; } // a sign only follows e/E
  }
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) {
    return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}

/** Quotes a string for YAML so that it reads back as exactly this string (a double-quoted scalar, all non-printables escaped). */
export function quoteYaml(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f) || c === 0xfeff || c === 0x2028 || c === 0x2029 || c === 0xfffe || c === 0xffff) {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { out += ch + s[i + 1]; i++; }
      else out += '\\ufffd'; // lone surrogate: not representable in YAML
    } else if (c >= 0xdc00 && c <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

/** A scalar value written as YAML: plain when it reads back as the same string, quoted otherwise. */
export function formatScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  if (isSafePlain(value)) return value;
  return quoteYaml(value);
}

/** True when `s` can be written as a plain scalar and reads back as the same string. */
export function isSafePlain(s: string): boolean {
  if (s === '' || s !== s.trim()) return false;
  if (!/^[A-Za-z0-9_./@+-][A-Za-z0-9_ ./@+:,()'-]*$/.test(s)) return false;
  if (/: |:$| #|,/.test(s)) return false;
  if (s.startsWith('- ') || s === '-') return false;
  return resolvePlain(s) === s;
}

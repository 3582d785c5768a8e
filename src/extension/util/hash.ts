/** FNV-1a (32 bits) of a string's UTF-16 code units: cheap identity for texts and views, not security. */
export function fnv1a(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
  return h >>> 0;
}

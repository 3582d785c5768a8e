/** A small, strict argument parser: `--flag value`, `--flag=value`, repeated flags, and positionals. */
import { parseDateTime } from '../core/index';
export class UsageError extends Error {}

export interface ParsedArgs { positional: string[]; flags: Map<string, string[]>; bools: Set<string> }

export function parseArgs(argv: string[], spec: { values: string[]; bools: string[] }): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const bools = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (spec.bools.includes(name)) { if (eq > 0) throw new UsageError(`--${name} takes no value`); bools.add(name); continue; }
      if (!spec.values.includes(name)) throw new UsageError(`unknown option --${name}`);
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      const l = flags.get(name);
      if (l) l.push(v); else flags.set(name, [v]);
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      if (a === '-h') { bools.add('help'); continue; }
      throw new UsageError(`unknown option ${a}`);
    }
    positional.push(a);
  }
  return { positional, flags, bools };
}

export function one(args: ParsedArgs, name: string): string | undefined {
  const l = args.flags.get(name);
  if (l && l.length > 1) throw new UsageError(`--${name} given more than once`);
  return l?.[0];
}

/** `--now DATE`: the time the time-based rules and clocks are judged at (an ISO 8601 date or date-time); default now. */
export function nowOf(args: ParsedArgs): number {
  const text = one(args, 'now');
  if (text === undefined) return Date.now();
  const t = parseDateTime(text);
  if (!t.ok) throw new UsageError(`--now: '${text}' is not an ISO 8601 date or date-time`);
  return t.ms;
}

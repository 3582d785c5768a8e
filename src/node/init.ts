/** `init`: a starter policy, the templates to edit, and the record folders. Shared by the CLI and the extension. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEMPLATE_NAMES } from '../core/index';
import { builtinTemplate, ensureRepoDir, writeNew } from './repo';

export class InitRefused extends Error {}

export function initRepo(root: string): string[] {
  const policyFile = path.join(root, '.hindsight', 'policy.yaml');
  if (fs.existsSync(policyFile)) throw new InitRefused('.hindsight/policy.yaml already exists; not overwriting it');
  // Every folder first, never through a link (a refusal leaves nothing half written), then the files.
  const folders = ['.hindsight/templates', 'incidents', 'runbooks', 'reviews'];
  for (const d of folders) ensureRepoDir(root, d);
  const written: string[] = [];
  const write = (rel: string, text: string) => {
    try { writeNew(root, rel, text); } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new InitRefused(`${rel} already exists (or a link is at its name); not overwriting it`);
      throw e;
    }
    written.push(rel);
  };
  write('.hindsight/policy.yaml', builtinTemplate('policy'));
  for (const name of TEMPLATE_NAMES) {
    const rel = `.hindsight/templates/${name}.md`;
    if (fs.existsSync(path.join(root, rel))) continue;
    write(rel, builtinTemplate(name));
  }
  // git keeps no empty folder: a `.gitkeep` in each new empty one, so the first commit has the layout too.
  for (const d of folders.slice(1)) if (fs.readdirSync(path.join(root, d)).length === 0) write(`${d}/.gitkeep`, '');
  return [...written, ...folders.slice(1).filter((d) => !written.includes(`${d}/.gitkeep`)).map((d) => `${d}/`)];
}

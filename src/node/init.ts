/** `init`: a starter policy, the templates to edit, and the record folders. Shared by the CLI and the extension. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEMPLATE_NAMES } from '../core/index';
import { builtinTemplate, writeNew } from './repo';

export class InitRefused extends Error {}

export function initRepo(root: string): string[] {
  const policyFile = path.join(root, '.hindsight', 'policy.yaml');
  if (fs.existsSync(policyFile)) throw new InitRefused('.hindsight/policy.yaml already exists; not overwriting it');
  writeNew(policyFile, builtinTemplate('policy'));
  const written = ['.hindsight/policy.yaml'];
  for (const name of TEMPLATE_NAMES) {
    const dest = path.join(root, '.hindsight', 'templates', `${name}.md`);
    if (fs.existsSync(dest)) continue;
    writeNew(dest, builtinTemplate(name));
    written.push(`.hindsight/templates/${name}.md`);
  }
  for (const d of ['incidents', 'runbooks', 'reviews']) {
    fs.mkdirSync(path.join(root, d), { recursive: true });
    written.push(`${d}/`);
  }
  return written;
}

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, tempDir } from './helpers';

// The status bar's clock, wired as the extension wires it, in plain Node: the compiled sources with the `vscode`
// stand-in (test/vscode-stand-in.cjs), which keeps the status bar items the extension made.
const { createVscodeStandIn, installVscodeStandIn, Uri } = require(path.join(REPO_ROOT, 'test', 'vscode-stand-in.cjs'));

describe('the status bar\'s incident clock (vscode stand-in)', () => {
  let dir = '';
  let undo: () => void = () => {};
  const subscriptions: { dispose(): void }[] = [];
  let items: { name?: string; text?: string; tooltip?: { value: string } | string }[] = [];
  const forget = () => { for (const k of Object.keys(require.cache)) if (k.includes(`${path.sep}out${path.sep}src${path.sep}`)) delete require.cache[k]; };
  before(() => {
    forget();
    dir = tempDir('hindsight-status-bar-');
    fs.mkdirSync(path.join(dir, 'incidents'));
    fs.writeFileSync(path.join(dir, 'incidents/a.md'), '---\nid: INC-1\ntitle: Timed\nseverity: SEV2\nstatus: investigating\nstarted: 2026-01-01T10:00:00Z\n---\n');
    // Open, but its front matter does not parse: no clock can be judged.
    fs.writeFileSync(path.join(dir, 'incidents/b.md'), '---\nid: INC-2\ntitle: Checkout: down\nseverity: SEV3\nstatus: investigating\nstarted: 2026-01-02T10:00:00Z\n---\n');
    const stand = createVscodeStandIn(dir);
    items = stand.statusBarItems;
    undo = installVscodeStandIn(stand.vscode);
  });
  after(() => { for (const d of subscriptions.reverse()) d.dispose(); undo(); forget(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('its tooltip counts every open incident, the ones not timed too, as the views do (fresh eyes)', async () => {
    const ext = require('../../src/extension/extension') as typeof import('../../src/extension/extension');
    const api = ext.activate({ subscriptions, extensionUri: Uri.file(REPO_ROOT), storageUri: undefined, workspaceState: { get: () => undefined, update: async () => undefined }, globalState: { get: () => true, update: async () => undefined } } as never);
    await api.model.whenReady();
    const clock = items.find((i) => i.name === 'Hindsight: incident clocks');
    assert.ok(clock, 'the clock\'s status bar item');
    const tip = typeof clock.tooltip === 'string' ? clock.tooltip : clock.tooltip?.value ?? '';
    assert.match(clock.text ?? '', /INC-1/, 'the timed incident\'s clock is shown');
    assert.match(tip, /^\*\*2 open incidents \(1 not timed\): 1 with a target breached, 0 more at risk\*\*/);
    assert.match(tip, /INC\\-2 is not timed: its front matter does not parse/, 'and named below');
  });
});

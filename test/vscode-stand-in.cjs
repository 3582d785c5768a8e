// A minimal stand-in for the `vscode` module: real event emitters and URIs, diagnostics collections that keep
// what they are given, inert UI. For running the extension in plain Node: bench/extension-bench.mjs (the bundle)
// and test/unit/first-read.test.ts (the compiled sources). CommonJS, so both can require it.
'use strict';
const Module = require('node:module');
const { join } = require('node:path');

class EventEmitter { constructor() { this.l = []; this.event = (f) => { this.l.push(f); return { dispose: () => { this.l = this.l.filter((x) => x !== f); } }; }; } fire(e) { for (const f of [...this.l]) f(e); } dispose() { this.l = []; } }
class Uri {
  constructor(path) { this.scheme = 'file'; this.path = path; this.fsPath = path; }
  static file(p) { return new Uri(p); }
  static joinPath(u, ...parts) { return new Uri(join(u.fsPath, ...parts)); }
  toString() { return 'file://' + this.path; }
}
class Simple { constructor(...a) { this.args = a; } }

/** The stand-in for a workspace folder `dir`; `log`: print the output channel's info lines to stderr. */
function createVscodeStandIn(dir, { log = false } = {}) {
  const collections = [];
  // Document events a test can fire (the model's overlay of open documents listens to them).
  const documents = { change: new EventEmitter(), open: new EventEmitter(), close: new EventEmitter() };
  // What the UI was asked to show (messages and quick picks), in order: [kind, first argument].
  const shown = [];
  // The status bar items made, as the extension left them (text, tooltip).
  const statusBarItems = [];
  // What a test wants each question answered with (by kind: 'saveDialog' ...); undefined: dismissed.
  const answers = {};
  const record = (kind) => async (first) => { shown.push([kind, first]); return answers[kind]; };
  const vscode = {
    EventEmitter, Uri,
    Disposable: class { constructor(f) { this.f = f; } dispose() { this.f?.(); } static from(...d) { return { dispose: () => d.forEach((x) => x.dispose()) }; } },
    RelativePattern: Simple, ThemeIcon: Simple, ThemeColor: Simple, MarkdownString: class { constructor() { this.value = ''; } appendMarkdown(s) { this.value += s; return this; } appendText(s) { this.value += s; return this; } },
    TreeItem: class { constructor(label, state) { this.label = label; this.collapsibleState = state; } },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    Diagnostic: class { constructor(range, message, severity) { Object.assign(this, { range, message, severity }); } },
    Range: class { constructor(a, b, c, d) { this.start = typeof a === 'object' ? a : { line: a, character: b }; this.end = typeof a === 'object' ? b : { line: c, character: d }; } },
    Position: class { constructor(l, c) { this.line = l; this.character = c; } },
    CodeActionKind: { QuickFix: { value: 'quickfix', contains: () => true } },
    CompletionItemKind: new Proxy({}, { get: () => 0 }), QuickPickItemKind: { Separator: -1 }, TabInputCustom: class {},
    StatusBarAlignment: { Left: 1, Right: 2 },
    workspace: {
      workspaceFolders: [{ uri: Uri.file(dir), name: 'bench', index: 0 }], textDocuments: [],
      fs: { writeFile: async (u, bytes) => require('node:fs').writeFileSync(u.fsPath, bytes) },
      asRelativePath: (u) => require('node:path').relative(dir, u.fsPath),
      getConfiguration: () => ({ get: () => undefined }),
      createFileSystemWatcher: () => ({ onDidCreate: () => ({ dispose() {} }), onDidChange: () => ({ dispose() {} }), onDidDelete: () => ({ dispose() {} }), dispose() {} }),
      onDidChangeTextDocument: documents.change.event, onDidGrantWorkspaceTrust: () => ({ dispose() {} }), isTrusted: true, onDidOpenTextDocument: documents.open.event, onDidCloseTextDocument: documents.close.event, onDidChangeConfiguration: () => ({ dispose() {} }),
    },
    window: {
      showErrorMessage: record('error'), showWarningMessage: record('warning'), showInformationMessage: record('information'),
      showQuickPick: record('quickPick'), showSaveDialog: record('saveDialog'), showInputBox: record('inputBox'),
      createOutputChannel: () => ({ info(m) { if (log) console.error(m); }, warn() {}, error() {}, show() {}, dispose() {} }),
      createTreeView: () => ({ dispose() {}, reveal: async () => {} }),
      createStatusBarItem: () => { const item = { show() {}, hide() {}, dispose() {} }; statusBarItems.push(item); return item; },
      withProgress: (_o, task) => task({ report() {} }),
      registerCustomEditorProvider: () => ({ dispose() {} }), registerWebviewViewProvider: () => ({ dispose() {} }), registerWebviewPanelSerializer: () => ({ dispose() {} }), onDidCloseTerminal: () => ({ dispose() {} }),
      onDidChangeActiveTextEditor: () => ({ dispose() {} }), activeTextEditor: undefined,
      tabGroups: { activeTabGroup: { activeTab: undefined }, onDidChangeTabs: () => ({ dispose() {} }), onDidChangeTabGroups: () => ({ dispose() {} }) },
    },
    languages: {
      createDiagnosticCollection: () => {
        const m = new Map();
        const put = (u, d) => (d ? m.set(String(u), d) : m.delete(String(u)));
        const c = { set: (u, d) => (Array.isArray(u) ? u.forEach(([x, y]) => put(x, y)) : put(u, d)), has: (u) => m.has(String(u)), delete: (u) => m.delete(String(u)), clear: () => m.clear(), forEach: (f) => m.forEach((v, k) => f(Uri.file(k.slice(7)), v)), dispose() {}, size: () => m.size };
        collections.push(c); return c;
      },
      registerCompletionItemProvider: () => ({ dispose() {} }), registerHoverProvider: () => ({ dispose() {} }), registerCodeActionsProvider: () => ({ dispose() {} }),
      registerDocumentLinkProvider: () => ({ dispose() {} }), registerCodeLensProvider: () => ({ dispose() {} }),
    },
    commands: { registerCommand: () => ({ dispose() {} }), executeCommand: async () => undefined },
    env: { uiKind: 1 },
  };
  return { vscode, collections, documents, shown, answers, statusBarItems };
}

/** Makes `require('vscode')` return `vscode` from now on; returns a function that undoes it. */
function installVscodeStandIn(vscode) {
  const origLoad = Module._load;
  Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : origLoad.call(this, request, ...rest); };
  return () => { Module._load = origLoad; };
}

module.exports = { createVscodeStandIn, installVscodeStandIn, Uri };

// A stand-in for the `vscode` module, just real enough to time the extension's activation outside VS
// Code (bench/startup.mjs): Uri, EventEmitter and workspace.fs behave; every other API call succeeds
// and returns an inert object. Nothing here is asserted; it only has to let activate() run to its end.
const fs = require('node:fs/promises');
const path = require('node:path');

const disposable = () => ({ dispose() {} });

/** Any property is a function returning another inert value; awaiting it gives undefined. */
function inert(name = 'vscode') {
  const fn = function inertFunction() {
    return inert(`${name}()`);
  };
  return new Proxy(fn, {
    get(target, key) {
      if (key === 'then') return undefined;
      if (key === 'dispose') return () => {};
      if (key === Symbol.toPrimitive) return () => '';
      if (key in target) return target[key];
      target[key] = inert(`${name}.${String(key)}`);
      return target[key];
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
    apply: () => inert(`${name}()`),
    construct: () => inert(`new ${name}`),
  });
}

class Uri {
  constructor(scheme, fsPath) {
    this.scheme = scheme;
    this.fsPath = fsPath;
    this.path = fsPath;
  }
  static file(p) {
    return new Uri('file', path.resolve(p));
  }
  static parse(text) {
    return text.startsWith('file://')
      ? Uri.file(decodeURIComponent(text.slice(7)))
      : new Uri('untitled', text);
  }
  static joinPath(base, ...parts) {
    return new Uri(base.scheme, path.join(base.fsPath, ...parts));
  }
  with() {
    return this;
  }
  toString() {
    return `${this.scheme}://${this.fsPath}`;
  }
}

class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener) => {
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    };
  }
  fire(value) {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

class Plain {
  constructor(...args) {
    this.args = args;
  }
}

const configuration = {
  get: (_key, fallback) => fallback,
  has: () => false,
  inspect: () => undefined,
  update: async () => {},
};
const folder = process.env.FAKE_VSCODE_WORKSPACE ?? process.cwd();
const workspace = new Proxy(
  {
    workspaceFolders: [{ uri: Uri.file(folder), name: 'bench', index: 0 }],
    workspaceFile: undefined,
    isTrusted: true,
    getConfiguration: () => configuration,
    getWorkspaceFolder: () => undefined,
    textDocuments: [],
    fs: {
      createDirectory: (uri) => fs.mkdir(uri.fsPath, { recursive: true }),
      writeFile: (uri, bytes) => fs.writeFile(uri.fsPath, bytes),
      readFile: (uri) => fs.readFile(uri.fsPath),
      stat: (uri) => fs.stat(uri.fsPath),
      copy: (a, b) => fs.copyFile(a.fsPath, b.fsPath),
      delete: (uri) => fs.rm(uri.fsPath, { recursive: true, force: true }),
    },
    findFiles: async () => [],
  },
  { get: (target, key) => (key in target ? target[key] : inert(`workspace.${String(key)}`)) },
);

// esbuild's `import * as vscode` copies the module's own keys, so every namespace must be one.
module.exports = new Proxy(
  {
    Uri,
    EventEmitter,
    workspace,
    window: inert('window'),
    commands: inert('commands'),
    languages: inert('languages'),
    env: inert('env'),
    extensions: inert('extensions'),
    l10n: { t: (message) => message },
    chat: inert('chat'),
    lm: inert('lm'),
    tasks: inert('tasks'),
    debug: inert('debug'),
    Disposable: class {
      static from() {
        return disposable();
      }
      constructor(callback) {
        this.dispose = callback;
      }
    },
    TreeItem: Plain,
    ThemeIcon: Plain,
    ThemeColor: Plain,
    MarkdownString: Plain,
    Range: Plain,
    Position: Plain,
    Selection: Plain,
    CodeLens: Plain,
    Diagnostic: Plain,
    CompletionItem: Plain,
    Hover: Plain,
    CodeAction: Plain,
    WorkspaceEdit: Plain,
    LanguageModelTextPart: Plain,
    LanguageModelToolResult: Plain,
    TabInputText: Plain,
    TabInputCustom: Plain,
    CancellationError: class extends Error {},
    FileSystemError: class extends Error {
      static FileNotFound() {
        return new Error('FileNotFound');
      }
    },
    CodeActionKind: { QuickFix: inert('CodeActionKind.QuickFix'), Empty: inert('CodeActionKind.Empty') },
    CompletionItemKind: new Proxy({}, { get: () => 0 }),
    CompletionItemTag: { Deprecated: 1 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
    UIKind: { Desktop: 1, Web: 2 },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
  },
  { get: (target, key) => (key in target ? target[key] : inert(String(key))) },
);

/** An ExtensionContext over `storage` (global storage folder). */
module.exports.createContext = (storage) => {
  const memento = () => {
    const values = new Map();
    return {
      get: (k, d) => (values.has(k) ? values.get(k) : d),
      update: async (k, v) => values.set(k, v),
      keys: () => [...values.keys()],
    };
  };
  return {
    subscriptions: [],
    secrets: {
      get: async () => undefined,
      store: async () => {},
      delete: async () => {},
      onDidChange: () => disposable(),
    },
    globalStorageUri: Uri.file(storage),
    storageUri: Uri.file(path.join(storage, 'workspace')),
    logUri: Uri.file(path.join(storage, 'logs')),
    extensionUri: Uri.file(path.join(__dirname, '..', '..', '..', 'apps', 'vscode')),
    extensionPath: path.join(__dirname, '..', '..', '..', 'apps', 'vscode'),
    // What VS Code reads from package.json: activation registers its commands and tools by name.
    extension: { packageJSON: require('../../../apps/vscode/package.json') },
    asAbsolutePath: (p) => path.join(__dirname, '..', '..', '..', 'apps', 'vscode', p),
    workspaceState: memento(),
    globalState: { ...memento(), setKeysForSync() {} },
    extensionMode: 1,
    environmentVariableCollection: inert('environmentVariableCollection'),
  };
};

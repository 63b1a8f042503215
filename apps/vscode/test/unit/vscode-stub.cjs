// The smallest stand-in for the `vscode` module: enough for the bundle to load (it must not call
// the API at load time). Every export is a constructor or namespace that throws when used.
const handler = {
  get(_target, name) {
    if (name === '__esModule') return false;
    return new Proxy(function vscodeStub() {}, {
      get: () => {
        throw new Error(`vscode.${String(name)} was used while the bundle loaded`);
      },
    });
  },
};
module.exports = new Proxy({}, handler);

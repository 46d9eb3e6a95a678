/**
 * The few parts of the `vscode` API that host-side modules touch outside a
 * command: configuration and workspace folders. Tests set `configuration`
 * directly. Installed in place of `vscode` by `use-fake-vscode.ts`.
 */
export const configuration = new Map<string, unknown>();

export const workspace = {
  workspaceFolders: undefined as undefined | Array<{ uri: { fsPath: string } }>,
  getConfiguration(section: string) {
    return {
      get<T>(key: string, defaultValue?: T): T | undefined {
        const full = `${section}.${key}`;
        return configuration.has(full) ? (configuration.get(full) as T) : defaultValue;
      },
    };
  },
};

/** An in-memory SecretStorage. */
export class FakeSecretStorage {
  private readonly values = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}

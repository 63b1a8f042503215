/** A minimal event source (vscode-free, so the services that use it can be unit-tested in Node). */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  /** Adds a listener; the returned function removes it. */
  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  /** Calls every listener; one that throws does not stop the others (`onError` gets it). */
  fire(value: T, onError: (error: unknown) => void = () => {}): void {
    for (const listener of [...this.set]) {
      try {
        listener(value);
      } catch (error) {
        onError(error);
      }
    }
  }

  clear(): void {
    this.set.clear();
  }
}

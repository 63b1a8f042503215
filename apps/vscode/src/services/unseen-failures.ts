import { Listeners } from './listeners.js';

/**
 * Jobs that failed since the user last looked (clicked the status bar item or submitted again):
 * the status bar turns red while this is not empty.
 */
export class UnseenFailures {
  private readonly refs = new Set<string>();
  private readonly changes = new Listeners<void>();

  onDidChange(listener: () => void): () => void {
    return this.changes.add(listener);
  }

  add(ref: string): void {
    this.refs.add(ref);
    this.changes.fire();
  }

  delete(ref: string): void {
    if (this.refs.delete(ref)) this.changes.fire();
  }

  /** The user has seen them. */
  clear(): void {
    if (this.refs.size === 0) return;
    this.refs.clear();
    this.changes.fire();
  }

  list(): string[] {
    return [...this.refs];
  }
}

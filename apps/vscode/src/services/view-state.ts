import { GROUP_BY, type GroupBy, STATE_FILTERS, type StateFilter } from '../view-model/job-groups.js';
import { Listeners } from './listeners.js';

/** The part of a VS Code Memento this needs (`context.workspaceState`). */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** Memento keys of the Jobs view's grouping and filter. */
export const VIEW_STATE_KEYS = {
  groupBy: 'ltxJobs.view.groupBy',
  filter: 'ltxJobs.view.stateFilter',
} as const;

/**
 * How the Jobs view is grouped and filtered, per workspace (kept in `workspaceState`, so it survives
 * reloads). Fires when either changes.
 */
export class ViewState {
  private readonly changes = new Listeners<void>();
  private groupByValue: GroupBy;
  private filterValue: StateFilter[];

  constructor(private readonly memento: MementoLike) {
    const group = memento.get<string>(VIEW_STATE_KEYS.groupBy);
    this.groupByValue = GROUP_BY.includes(group as GroupBy) ? (group as GroupBy) : 'none';
    const filter = memento.get<unknown>(VIEW_STATE_KEYS.filter);
    this.filterValue = Array.isArray(filter)
      ? filter.filter((f): f is StateFilter => STATE_FILTERS.includes(f as StateFilter))
      : [];
  }

  onDidChange(listener: () => void): () => void {
    return this.changes.add(listener);
  }

  get groupBy(): GroupBy {
    return this.groupByValue;
  }

  /** The states shown; empty means all. */
  get filter(): readonly StateFilter[] {
    return this.filterValue;
  }

  async setGroupBy(groupBy: GroupBy): Promise<void> {
    this.groupByValue = groupBy;
    await this.memento.update(VIEW_STATE_KEYS.groupBy, groupBy);
    this.changes.fire(undefined);
  }

  /** Shows only jobs in `filter` (empty: all). */
  async setFilter(filter: readonly StateFilter[]): Promise<void> {
    this.filterValue = STATE_FILTERS.filter((s) => filter.includes(s));
    await this.memento.update(VIEW_STATE_KEYS.filter, this.filterValue);
    this.changes.fire(undefined);
  }
}

import { formatConditionTime } from './condition.ts';
import type { Condition, ConditionStatus } from './condition.ts';

/**
 * A working set of conditions keyed by type, seeded from the previous status. Setting a condition keeps its
 * `lastTransitionTime` unless its `status` changes.
 */
export class ConditionSet {
  readonly #entries = new Map<string, Condition>();
  readonly #now: string;

  /**
   * @param previous the conditions currently on the ClusterOperator (they win over the defaults)
   * @param defaults condition types primed as `Unknown` when absent from `previous`
   * @param now the instant used for new transitions
   */
  constructor(previous: readonly Condition[], defaults: readonly string[], now: Date) {
    this.#now = formatConditionTime(now);
    for (const type of defaults) {
      this.#entries.set(type, { type, status: 'Unknown', reason: '', message: '', lastTransitionTime: this.#now });
    }
    for (const condition of previous) this.#entries.set(condition.type, { ...condition });
  }

  /** Sets a condition; the transition time moves only when the status differs from the current one. */
  set(type: string, status: ConditionStatus, reason: string, message: string): void {
    const current = this.#entries.get(type);
    const lastTransitionTime = current !== undefined && current.status === status ? current.lastTransitionTime : this.#now;
    this.#entries.set(type, { type, status, reason, message, lastTransitionTime });
  }

  /** Drops a condition type from the status. */
  remove(type: string): void {
    this.#entries.delete(type);
  }

  /** Whether a condition type is present. */
  has(type: string): boolean {
    return this.#entries.has(type);
  }

  /** The conditions sorted by type, so two equal statuses compare equal. */
  entries(): Condition[] {
    return [...this.#entries.values()].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  }
}

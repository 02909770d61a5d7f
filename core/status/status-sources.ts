/** What a component reports about its last operation. */
export interface StatusReport {
  readonly healthy: boolean;
  /** Machine-readable reason, e.g. `UploadFailed`; copied into the conditions. */
  readonly reason: string;
  /** Human-readable text; an unhealthy report with an empty message is ignored by the computation. */
  readonly message: string;
  /** HTTP status of the failed request, when there was one (SCA and cluster transfer degrade only on >= 500). */
  readonly httpStatusCode?: number;
  /**
   * Explicit count of consecutive same-health reports; when > 0 it replaces the running count
   * (the original lets job-mode processes carry the count across pods this way).
   */
  readonly count?: number;
}

/** The latest state of one source as the status computation reads it. */
export interface SourceSummary {
  /** The source name, e.g. `Uploading`; it selects how a failure is interpreted. */
  readonly name: string;
  readonly healthy: boolean;
  readonly reason: string;
  readonly message: string;
  /** Consecutive reports with the same health, the latest included (0 before the first report). */
  readonly count: number;
  readonly httpStatusCode?: number;
  /** False until the source has reported once; unready sources keep the operator initialising. */
  readonly ready: boolean;
}

/**
 * Registry of status sources: keeps the latest summary per source and counts consecutive reports with the
 * same health, so `count` of an unhealthy source is its number of consecutive failures.
 */
export class StatusSources {
  readonly #summaries = new Map<string, SourceSummary>();

  /** Registers a source that has not reported yet (it is not ready). Registering again keeps its state. */
  register(name: string): void {
    if (!this.#summaries.has(name)) {
      this.#summaries.set(name, { name, healthy: false, reason: '', message: '', count: 0, ready: false });
    }
  }

  /** Records a report; a source reporting without registration is registered on the fly. */
  report(name: string, report: StatusReport): SourceSummary {
    const previous = this.#summaries.get(name);
    const sameHealth = previous !== undefined && previous.ready && previous.healthy === report.healthy;
    const count = report.count !== undefined && report.count > 0 ? report.count : sameHealth ? previous.count + 1 : 1;
    const summary: SourceSummary = {
      name,
      healthy: report.healthy,
      reason: report.reason,
      message: report.message,
      count,
      ready: true,
      ...(report.httpStatusCode === undefined ? {} : { httpStatusCode: report.httpStatusCode }),
    };
    this.#summaries.set(name, summary);
    return summary;
  }

  /** The latest summary of a source, or `undefined` if it is unknown. */
  get(name: string): SourceSummary | undefined {
    return this.#summaries.get(name);
  }

  /** Consecutive failed reports of a source; 0 when it is healthy, unknown or has not reported. */
  consecutiveFailures(name: string): number {
    const summary = this.#summaries.get(name);
    return summary !== undefined && summary.ready && !summary.healthy ? summary.count : 0;
  }

  /** Every source's summary, in registration order; the input of `computeConditions`. */
  snapshot(): SourceSummary[] {
    return [...this.#summaries.values()];
  }
}

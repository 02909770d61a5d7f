import { parseDuration } from '../config/duration.ts';
import type { LoadedPlugin } from '../loader/loaded-plugin.ts';

/**
 * When each plugin with a `period` last ran, so that it runs at most once per period (the original's
 * `CustomPeriodGatherer`: `workloads` every 12h). In memory only, as the original: a restarted operator
 * runs every plugin on its first gather, since a plugin never run is due (the original's
 * `lastProcessingTime` starts at the epoch).
 */
export class PluginPeriods {
  readonly #lastRun = new Map<string, Date>();

  /**
   * The plugins that must not run at `now`, each with a reason for `gathers.json`: those with a period
   * whose last run is less than the period ago. Due again exactly one period after the last run.
   * A period that does not parse as a positive duration (`0h`) throttles nothing.
   * @param plugins - the loaded plugins
   * @param now - the time of the gather about to start
   */
  notDue(plugins: readonly LoadedPlugin[], now: Date): Map<string, string> {
    const result = new Map<string, string>();
    for (const { plugin } of plugins) {
      const last = this.#lastRun.get(plugin.name);
      if (plugin.period === undefined || last === undefined) continue;
      const periodMs = periodOf(plugin.name, plugin.period);
      if (periodMs === undefined) continue;
      const due = new Date(last.getTime() + periodMs);
      if (now.getTime() >= due.getTime()) continue;
      result.set(plugin.name, `${plugin.name} runs at most every ${plugin.period}; last run ${isoSeconds(last)}, next due ${isoSeconds(due)}`);
    }
    return result;
  }

  /**
   * Records that a plugin ran (any of its functions, whatever the result), best with the time its
   * gather began, as the original updates `lastProcessingTime` before gathering.
   * @param plugin - the plugin's name
   * @param at - when it ran
   */
  markRan(plugin: string, at: Date): void {
    this.#lastRun.set(plugin, new Date(at.getTime()));
  }
}

function periodOf(plugin: string, period: string): number | undefined {
  try {
    return parseDuration(period, `plugin "${plugin}" period`);
  } catch {
    return undefined;
  }
}

/** Second precision reads better in a reason and is all a period of hours needs. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

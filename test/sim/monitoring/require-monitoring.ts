/**
 * For vitest files that need the real Prometheus and Alertmanager:
 *
 *   const monitoring = requireMonitoring();
 *   // Skipped only where INSIGHTS_ALLOW_MISSING_PROMETHEUS=1 says that a machine without them is expected.
 *   describe.skipIf(monitoring.skip)('…', () => { const prom = usePrometheus({ … }); … });
 *
 * When a binary is missing, the file gets one failing test saying what to install, and `skip` is true so
 * that the real tests do not fail a second time with a confusing spawn error. With
 * `INSIGHTS_ALLOW_MISSING_PROMETHEUS=1` the failing test is left out and the suites are skipped.
 */
import { it } from 'vitest';
import { ALLOW_MISSING_ENV, findMonitoringBinaries, MONITORING_MISSING_MESSAGE } from './binaries.ts';

export interface MonitoringRequirement {
  /** True when the binaries are missing: pass it to `describe.skipIf`. */
  readonly skip: boolean;
  /** Why the suites are skipped, or undefined when they run. */
  readonly reason: string | undefined;
}

export function requireMonitoring(env: NodeJS.ProcessEnv = process.env): MonitoringRequirement {
  const { missing } = findMonitoringBinaries(env);
  if (missing.length === 0) return { skip: false, reason: undefined };
  const reason = `${MONITORING_MISSING_MESSAGE} (missing: ${missing.join(', ')})`;
  if (env[ALLOW_MISSING_ENV] !== '1') {
    it('has Prometheus and Alertmanager installed', () => {
      throw new Error(reason);
    });
  }
  return { skip: true, reason };
}

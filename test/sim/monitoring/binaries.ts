/**
 * Where Debian's Prometheus and Alertmanager live, and what is missing. Tests never download them: the
 * machine provides them (`.ci/run` installs the packages).
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What a test says when a binary is missing. */
export const MONITORING_MISSING_MESSAGE =
  'prometheus is not installed: apt-get install prometheus prometheus-alertmanager (.ci/run installs them)';

/** The environment variable that turns a missing Prometheus into skipped tests instead of a failure. */
export const ALLOW_MISSING_ENV = 'INSIGHTS_ALLOW_MISSING_PROMETHEUS';

/** The binaries found, and the names of those that were not. */
export interface MonitoringBinaries {
  /** `/usr/bin/prometheus` on Debian; undefined when missing. */
  readonly prometheus: string | undefined;
  /** `/usr/bin/prometheus-alertmanager` on Debian (upstream names it `alertmanager`); undefined when missing. */
  readonly alertmanager: string | undefined;
  /** Human names of what is missing, empty when everything is there. */
  readonly missing: readonly string[];
}

/** Debian's names first; upstream tarballs install `alertmanager`. */
const CANDIDATES = {
  prometheus: ['prometheus'],
  alertmanager: ['prometheus-alertmanager', 'alertmanager'],
} as const;

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable of `names` on PATH. */
function find(names: readonly string[], path: string): string | undefined {
  const dirs = path.split(delimiter).filter((d) => d !== '');
  for (const name of names) {
    for (const dir of dirs) {
      const file = join(dir, name);
      if (executable(file)) return file;
    }
  }
  return undefined;
}

/** Looks the binaries up on `env.PATH` (cheap: a few `access` calls). */
export function findMonitoringBinaries(env: NodeJS.ProcessEnv = process.env): MonitoringBinaries {
  const path = env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin';
  const prometheus = find(CANDIDATES.prometheus, path);
  const alertmanager = find(CANDIDATES.alertmanager, path);
  const missing = [
    ...(prometheus === undefined ? ['prometheus'] : []),
    ...(alertmanager === undefined ? ['prometheus-alertmanager'] : []),
  ];
  return { prometheus, alertmanager, missing };
}

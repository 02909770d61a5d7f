import type { OperatorDefaults } from '../config/operator-defaults.ts';
import type { ServeOptions } from './metrics-server-service.ts';

/** Durations that tests and the local demo shorten; every one defaults to the original's. */
export interface OperatorTimings {
  /** The config observer's safety-net re-read (default 5 min). */
  configResyncMs?: number | undefined;
  /** At most one status write per this (default 30 s). */
  statusMinWriteMs?: number | undefined;
  /** At least one status write per this (default 2 min). */
  statusResyncMs?: number | undefined;
  /** Delay of the first upload after the initial delay (default 90 s, the original's). */
  uploadFirstDelayMs?: number | undefined;
  /** First retry of a failed upload within a cycle (default 5 s; later ones double up to 60 s). */
  uploadRetryMs?: number | undefined;
  /** First wait before re-asking the gathering rules endpoint (default 30 s, doubling, 3 attempts). */
  rulesRetryMs?: number | undefined;
  /** Deadline of one request to the gathering rules endpoint (default 30 s). */
  rulesTimeoutMs?: number | undefined;
}

/** What only the `start` command knows. */
export interface OperatorOptions {
  /** `config/pod.yaml` resolved: the bottom layer of the configuration. */
  defaults: OperatorDefaults;
  serve: ServeOptions;
  /** Delay before the first gather (computed by `start` from the pod's restart state). */
  initialDelayMs: number;
  /** `$RELEASE_VERSION`, written as the operator's version in the ClusterOperator. */
  releaseVersion?: string | undefined;
  /** Highest used ratio of the storage filesystem at which new archives are still written (default 0.8). */
  maxDiskRatio?: number | undefined;
  /** Cap on all archives' bytes, enforced by the pruner. */
  maxStorageBytes?: number | undefined;
  /** The cluster's trusted CA bundle, added to the system roots for Red Hat's services (default: the original's mount path). */
  trustedCaBundle?: string | undefined;
  timings?: OperatorTimings;
}

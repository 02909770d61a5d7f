import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import type { ConfigObserver, ObservedConfig } from '../config/config-observer.ts';
import { describeError } from '../errors/codes.ts';
import { SourceName } from '../status/condition.ts';
import type { StatusSources } from '../status/status-sources.ts';

/** Who reacts to a configuration change. */
export interface ConfigReactionTargets {
  /** The gather schedule re-arms on an interval change. */
  intervalChanged(): void;
  /** The pruner follows the interval and the storage path. */
  pruneTargetChanged(): Promise<void>;
  /** The SCA or cluster-transfer settings changed: their next cycle follows the new interval. */
  ocmChanged(): void;
  sources: StatusSources;
  statusChanged(): void;
  logger: Logger;
}

/** Reports the observer's rejected inputs as the `Configuration` status source. */
export function reportConfigProblems(sources: StatusSources, observed: ObservedConfig): void {
  if (observed.problems.length === 0) {
    sources.report(SourceName.configuration, { healthy: true, reason: 'AsExpected', message: '' });
    return;
  }
  const message = observed.problems.map((p) => p.message).join('\n');
  sources.report(SourceName.configuration, { healthy: false, reason: 'InvalidConfiguration', message });
}

/**
 * Subscribes the operator's services to configuration changes (nobody polls a global): the schedule
 * and the pruner follow the interval and storage path, rejected inputs show in the status, and any change
 * asks for a status write (the disabled state may have changed). Returns the unsubscribe.
 */
export function reactToConfig(observer: ConfigObserver, targets: ConfigReactionTargets): () => void {
  reportConfigProblems(targets.sources, observer.current());
  return observer.configChanged((next, previous) => {
    if (next.config.intervalMs !== previous.config.intervalMs) targets.intervalChanged();
    if (next.config.intervalMs !== previous.config.intervalMs || next.config.storagePath !== previous.config.storagePath) {
      targets.pruneTargetChanged().catch((error: unknown) => {
        targets.logger.error({ err: describeError(error) }, 'the pruner could not follow the configuration change');
      });
    }
    if (!isDeepStrictEqual(next.config.sca, previous.config.sca) || !isDeepStrictEqual(next.config.clusterTransfer, previous.config.clusterTransfer)) {
      targets.ocmChanged();
    }
    reportConfigProblems(targets.sources, next);
    targets.statusChanged();
  });
}

import { SourceName, StatusText, UPLOAD_FAILURES_DEGRADED_THRESHOLD } from './condition.ts';
import type { SourceSummary } from './status-sources.ts';

/** A reason and message pair derived from the sources. */
export interface StatusMessage {
  readonly reason: string;
  readonly message: string;
}

/** What the sources say, folded into the few facts the conditions are computed from. */
export interface MergedSources {
  /** Every source has reported at least once. */
  readonly allReady: boolean;
  /** The degrading failure(s), when any. */
  readonly error?: StatusMessage;
  /** The failed upload, whether degrading yet or not. */
  readonly upload?: StatusMessage;
  /** The failed report download (never degrading). */
  readonly download?: StatusMessage;
  /** The failed remote-configuration fetch or validation. */
  readonly remoteConfig?: StatusMessage;
  /** A rejected configuration input (never degrading: the last good configuration is in force). */
  readonly configuration?: StatusMessage;
  /** New archives refused by the disk guard (never degrading). */
  readonly storage?: StatusMessage;
}

/**
 * Folds the sources' summaries as the original's `currentControllerStatus` does: unready sources only clear
 * `allReady`; healthy ones and unhealthy ones without a message are ignored; uploads degrade from the 5th
 * consecutive failure, SCA and cluster-transfer pulls only on HTTP >= 500, report downloads never.
 */
export function mergeSources(sources: Iterable<SourceSummary>): MergedSources {
  let allReady = true;
  let upload: StatusMessage | undefined;
  let download: StatusMessage | undefined;
  let remoteConfig: StatusMessage | undefined;
  let configuration: StatusMessage | undefined;
  let storage: StatusMessage | undefined;
  const degrading: StatusMessage[] = [];

  for (const source of sources) {
    if (!source.ready) {
      allReady = false;
      continue;
    }
    if (source.healthy || source.message.length === 0) continue;
    const own = { reason: source.reason, message: source.message };
    switch (source.name) {
      case SourceName.uploading:
        upload = own;
        if (source.count >= UPLOAD_FAILURES_DEGRADED_THRESHOLD) degrading.push(own);
        break;
      case SourceName.downloadingReport:
        download = own;
        break;
      case SourceName.pullingSCACerts:
      case SourceName.pullingClusterTransfer:
        if ((source.httpStatusCode ?? 0) >= 500) degrading.push(own);
        break;
      case SourceName.remoteConfigurationStatus:
        remoteConfig = own;
        break;
      case SourceName.configuration:
        configuration = own;
        break;
      case SourceName.storage:
        storage = own;
        break;
      default:
        break;
    }
  }

  const error = describeErrors(degrading);
  return {
    allReady,
    ...(error === undefined ? {} : { error }),
    ...(upload === undefined ? {} : { upload }),
    ...(download === undefined ? {} : { download }),
    ...(remoteConfig === undefined ? {} : { remoteConfig }),
    ...(configuration === undefined ? {} : { configuration }),
    ...(storage === undefined ? {} : { storage }),
  };
}

/**
 * One failure keeps its reason (`UnknownError` when empty); several become `MultipleFailures` with their
 * messages sorted into a bullet list, so the text does not depend on the order sources are visited.
 */
export function describeErrors(errors: readonly StatusMessage[]): StatusMessage | undefined {
  if (errors.length > 1) {
    const messages = errors.map((e) => e.message).sort();
    return { reason: StatusText.multipleFailures, message: StatusText.multipleFailuresPrefix + messages.join('\n* ') };
  }
  const only = errors[0];
  if (only === undefined) return undefined;
  return { reason: only.reason.length > 0 ? only.reason : StatusText.unknownError, message: only.message };
}

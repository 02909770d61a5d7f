import type { V1Secret } from '@kubernetes/client-node';
import type { OperatorConfig } from '../../config/merge-config.ts';
import { describeError } from '../../errors/codes.ts';
import { describeApiError } from '../../status/cluster-operator-api.ts';
import { SourceName, StatusText } from '../../status/condition.ts';
import type { StatusReport, StatusSources } from '../../status/status-sources.ts';
import { untilAborted } from '../../time/abortable-delay.ts';
import { ocmRequest } from '../ocm-request.ts';
import type { OcmOutcome } from '../ocm-request.ts';
import { OcmController } from '../ocm-controller.ts';
import type { OcmControllerOptions } from '../ocm-controller.ts';
import { parseClusterTransferList } from './cluster-transfer-list.ts';
import { mergePullSecrets, parsePullSecret, PULL_SECRET } from './pull-secret.ts';

/** Reasons of the `PullingClusterTransfer` source besides the HTTP status texts (the original's words). */
export const TransferReason = {
  updated: StatusText.clusterTransferAvailableReason,
  noNewData: 'NoNewData',
  noClusterTransfer: 'NoClusterTransfer',
  moreAccepted: 'MoreAcceptedClusterTransfers',
  disconnected: 'Disconnected',
  dataCorrupted: 'DataCorrupted',
  unexpectedData: 'UnexpectedData',
  updateFailed: 'UpdateFailed',
} as const;

/** Options of {@link ClusterTransferController}. */
export type ClusterTransferControllerOptions = OcmControllerOptions;

/** The OCM search for this cluster's accepted transfers, encoded as a query parameter. */
export function clusterTransferUrl(endpoint: string, clusterId: string): string {
  const url = new URL(endpoint);
  url.searchParams.set('search', `cluster_uuid is '${clusterId}' and status is 'accepted'`);
  return url.toString();
}

/**
 * Applies accepted cluster transfers (`pkg/ocm/clustertransfer`): at start and then every
 * `clusterTransfer.interval`, it asks OCM for this cluster's accepted transfers; with exactly one whose
 * pull secret adds or changes an auth, it JSON-merge-patches `openshift-config/pull-secret` with it.
 * Only HTTP >= 500 is retried within a cycle (first wait interval/24, doubling, 5 attempts). The source
 * `PullingClusterTransfer` drives `ClusterTransferAvailable`. Pull secrets are never logged.
 */
export class ClusterTransferController extends OcmController {
  constructor(options: ClusterTransferControllerOptions) {
    super(options, 'cluster-transfer', SourceName.pullingClusterTransfer, (c) => c.clusterTransfer.intervalMs);
  }

  /** One cycle (exposed for tests and on-demand runs); it reports to the status source unless aborted. */
  override async runOnce(signal: AbortSignal = new AbortController().signal): Promise<void> {
    const { config, logger } = this.o;
    const cfg = config();
    logger.info({ nextCheckMs: cfg.clusterTransfer.intervalMs }, 'checking the availability of cluster transfer');
    const outcome = await this.#fetch(cfg, signal).catch((error: unknown) => {
      if (signal.aborted) return undefined;
      throw error;
    });
    if (outcome === undefined) return;
    if (outcome.kind === 'transport') {
      // Probably a disconnected cluster: not a failure of the operator.
      const message = `failed to pull cluster transfer: ${outcome.message}`;
      logger.warn(message);
      this.#report({ healthy: true, reason: TransferReason.disconnected, message });
      return;
    }
    if (outcome.kind === 'http') {
      const message = `failed to pull cluster transfer: ${outcome.message}`;
      logger.error({ statusCode: outcome.statusCode }, message);
      this.#report({ healthy: false, reason: outcome.reason, message, httpStatusCode: outcome.statusCode });
      return;
    }
    const { response } = outcome;
    if (response.statusCode === 204 || response.body.toString('utf8').trim() === '') {
      this.#healthy(TransferReason.noClusterTransfer, 'no available cluster transfer');
      return;
    }
    const parsed = parseClusterTransferList(response.body);
    if (!parsed.ok) {
      this.#unhealthy(TransferReason.unexpectedData, `unable to deserialize the cluster transfer API response: ${parsed.problem}`);
      return;
    }
    const { total, items } = parsed.list;
    if (total > 1) {
      this.#healthy(TransferReason.moreAccepted, 'there are more accepted cluster transfers. The pull-secret will not be updated!');
      return;
    }
    // The real API answers an empty list rather than 204 when nothing was accepted.
    if (total === 0 && items.length === 0) {
      this.#healthy(TransferReason.noClusterTransfer, 'no available cluster transfer');
      return;
    }
    const [transfer] = items;
    if (transfer === undefined || items.length !== 1) {
      this.#healthy(TransferReason.unexpectedData, 'unexpected number of cluster transfers received from the API');
      return;
    }
    await this.#apply(transfer.secret, transfer.id, signal);
  }

  async #fetch(cfg: Readonly<OperatorConfig>, signal: AbortSignal): Promise<OcmOutcome> {
    let url: string;
    try {
      url = clusterTransferUrl(cfg.clusterTransfer.endpoint, await this.o.http.clusterId());
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      return { kind: 'transport', message: describeError(error) };
    }
    const interval = cfg.clusterTransfer.intervalMs;
    return ocmRequest(this.o.http, { method: 'GET', url }, {
      backoff: { firstDelayMs: interval / 24, capMs: interval },
      signal,
      scheduler: this.o.scheduler,
      logger: this.o.logger,
      secrets: [cfg.token],
    });
  }

  /** Compares the transfer's pull secret with the cluster's and merges it in when it brings anything new. */
  async #apply(transferSecret: string, transferId: string | undefined, signal: AbortSignal): Promise<void> {
    const checkFailed = (problem: string): void => this.#unhealthy(TransferReason.dataCorrupted, `new pull-secret check failed: ${problem}`);
    let secret: V1Secret;
    try {
      secret = await untilAborted(this.core.readNamespacedSecret({ name: PULL_SECRET.name, namespace: PULL_SECRET.namespace }), signal);
    } catch (error) {
      if (signal.aborted) return;
      checkFailed(`reading ${PULL_SECRET.namespace}/${PULL_SECRET.name}: ${describeApiError(error)}`);
      return;
    }
    const incoming = parsePullSecret(transferSecret, "the transfer's pull secret");
    if (!incoming.ok) {
      checkFailed(incoming.problem);
      return;
    }
    const encoded = secret.data?.[PULL_SECRET.key];
    const current = parsePullSecret(Buffer.from(encoded ?? '', 'base64'), `${PULL_SECRET.namespace}/${PULL_SECRET.name} key ${PULL_SECRET.key}`);
    if (!current.ok) {
      checkFailed(current.problem);
      return;
    }
    const { merged, changedRegistries } = mergePullSecrets(current.document, incoming.document);
    if (changedRegistries.length === 0) {
      this.#healthy(TransferReason.noNewData, 'no new data received');
      return;
    }
    this.o.logger.info({ transfer: transferId, registries: changedRegistries }, 'updating the pull-secret content from the accepted cluster transfer');
    const data = { ...secret.data, [PULL_SECRET.key]: Buffer.from(JSON.stringify(merged), 'utf8').toString('base64') };
    try {
      await untilAborted(
        this.core.replaceNamespacedSecret({ name: PULL_SECRET.name, namespace: PULL_SECRET.namespace, body: { ...secret, data } }),
        signal,
      );
    } catch (error) {
      if (signal.aborted) return;
      this.#unhealthy(TransferReason.updateFailed, `failed to update pull-secret: ${describeApiError(error)}`);
      return;
    }
    this.#healthy(TransferReason.updated, 'pull-secret successfully updated');
  }

  #healthy(reason: string, message: string): void {
    this.o.logger.info({ reason }, message);
    this.#report({ healthy: true, reason, message });
  }

  #unhealthy(reason: string, message: string): void {
    this.o.logger.error({ reason }, message);
    this.#report({ healthy: false, reason, message });
  }

  #report(report: StatusReport): void {
    this.o.sources.report(SourceName.pullingClusterTransfer, report);
  }
}

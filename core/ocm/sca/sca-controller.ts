import { redactUrl } from '../../insights/redact-url.ts';
import { describeApiError } from '../../status/cluster-operator-api.ts';
import { SourceName, StatusText } from '../../status/condition.ts';
import type { StatusReport, StatusSources } from '../../status/status-sources.ts';
import { ocmRequest } from '../ocm-request.ts';
import { OcmController } from '../ocm-controller.ts';
import type { OcmControllerOptions } from '../ocm-controller.ts';
import { gatherArchitectures } from './architectures.ts';
import type { ClusterArchitectures } from './architectures.ts';
import { ENTITLEMENT_NAMESPACE, planEntitlementSecrets, writeEntitlementSecret } from './entitlement-secrets.ts';
import { parseScaResponse } from './sca-response.ts';

/** Reasons of the `PullingSCACerts` source besides the HTTP status texts (the original's words). */
export const ScaReason = {
  updated: StatusText.scaAvailableReason,
  disabled: 'Disabled',
  nonHttpError: 'NonHTTPError',
  processingFailed: 'FailedToProcessSCACerts',
} as const;

/** Options of {@link ScaController}. */
export type ScaControllerOptions = OcmControllerOptions;

/**
 * Pulls Simple Content Access certificates from OCM (`pkg/ocm/sca`): at start and then every
 * `sca.interval`, it POSTs the cluster's node architectures to `sca.endpoint` and writes the answer to
 * `openshift-config-managed/etc-pki-entitlement` (plus one secret per architecture on mixed clusters).
 * Only HTTP >= 500 is retried within a cycle (first wait interval/32, doubling, 5 attempts). The source
 * `PullingSCACerts` drives `SCAAvailable`. The certificate and key are never logged.
 */
export class ScaController extends OcmController {
  constructor(options: ScaControllerOptions) {
    super(options, 'sca', SourceName.pullingSCACerts, (c) => c.sca.intervalMs);
  }

  /** One cycle (exposed for tests and on-demand runs); it reports to the status source unless aborted. */
  override async runOnce(signal: AbortSignal = new AbortController().signal): Promise<void> {
    const { config, logger } = this.o;
    const cfg = config();
    if (cfg.sca.disabled) {
      const message = 'Pulling of the SCA certs from the OCM API is disabled';
      logger.warn(message);
      this.#report({ healthy: true, reason: ScaReason.disabled, message });
      return;
    }
    const endpoint = cfg.sca.endpoint;
    const shownEndpoint = redactUrl(endpoint);
    let architectures: ClusterArchitectures;
    try {
      architectures = await gatherArchitectures(this.core, signal);
    } catch (error) {
      if (signal.aborted) return;
      // As the original: without the node list there is nothing to ask for; the status is left as it is.
      logger.error({ err: describeApiError(error) }, 'gathering the nodes\' architectures failed; SCA certificates not pulled');
      return;
    }
    logger.info(
      { endpoint: shownEndpoint, architectures: architectures.nodeArchitectures, nextCheckMs: cfg.sca.intervalMs },
      'pulling SCA certificates',
    );
    const outcome = await ocmRequest(
      this.o.http,
      { method: 'POST', url: endpoint, body: JSON.stringify({ arch: architectures.nodeArchitectures }) },
      {
        backoff: { firstDelayMs: cfg.sca.intervalMs / 32, capMs: cfg.sca.intervalMs },
        signal,
        scheduler: this.o.scheduler,
        logger,
        secrets: [cfg.token],
      },
    ).catch((error: unknown) => {
      if (signal.aborted) return undefined;
      throw error;
    });
    if (outcome === undefined) return;
    if (outcome.kind === 'transport') {
      const message = `Failed to pull SCA certs from ${shownEndpoint}: ${outcome.message}`;
      logger.warn(message);
      this.#report({ healthy: true, reason: ScaReason.nonHttpError, message });
      return;
    }
    if (outcome.kind === 'http') {
      const message = `Failed to pull SCA certs from ${shownEndpoint}: ${outcome.message}`;
      logger.error({ statusCode: outcome.statusCode }, message);
      this.#report({ healthy: false, reason: outcome.reason, message, httpStatusCode: outcome.statusCode });
      return;
    }
    const parsed = parseScaResponse(outcome.response.body);
    const plan = parsed.ok ? planEntitlementSecrets(parsed.response, architectures.controlPlaneArch) : parsed;
    if (!plan.ok) {
      this.#processingFailed(plan.problem);
      return;
    }
    if (plan.skippedArchitectures.length > 0) {
      logger.warn({ architectures: plan.skippedArchitectures }, 'SCA certificates for architectures with no Kubernetes name were not stored');
    }
    for (const secret of plan.secrets) {
      try {
        const done = await writeEntitlementSecret(this.core, secret, signal);
        logger.info({ secret: `${ENTITLEMENT_NAMESPACE}/${secret.name}`, arch: secret.certificate.arch, result: done }, 'SCA entitlement secret written');
      } catch (error) {
        if (signal.aborted) return;
        this.#processingFailed(`writing secret ${secret.name}: ${describeApiError(error)}`);
        return;
      }
    }
    this.#report({ healthy: true, reason: ScaReason.updated, message: 'SCA certs successfully updated' });
  }

  #processingFailed(problem: string): void {
    const message = `Failed to process SCA certs: ${problem}`;
    this.o.logger.error(message);
    this.#report({ healthy: false, reason: ScaReason.processingFailed, message });
  }

  #report(report: StatusReport): void {
    this.o.sources.report(SourceName.pullingSCACerts, report);
  }
}

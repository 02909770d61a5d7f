import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDuration } from '../../config/duration.ts';
import { parseGoDuration } from '../../config/go-duration.ts';
import { readOperatorConfig } from '../../config/operator-config.ts';
import { defaultsFromPodConfig } from '../../config/operator-defaults.ts';
import { composeContainer } from '../../container/composition-root.ts';
import { Tokens } from '../../container/tokens.ts';
import { connectKube } from '../../kube/connect.ts';
import { loadPlugins } from '../../loader/plugin-loader.ts';
import { createLogger } from '../../logging/create-logger.ts';
import { registerOperatorServices } from '../../operator/register-operator-services.ts';
import { initialGatherDelay, podWasRestarted } from '../../scheduler/initial-delay.ts';
import { ExitCode, UsageError } from '../command.ts';
import type { Command } from '../command.ts';
import { parseLogLevel } from '../parse-log-level.ts';
import { extraPluginDirs } from '../plugin-dirs.ts';
import { OPERATOR_VERSION } from '../version.ts';
import { TRUSTED_CA_BUNDLE_FILE } from '../../insights/ca-bundle.ts';

/** The image's configuration file, used when `--config` is not given. */
export const DEFAULT_CONFIG_FILE = fileURLToPath(new URL('../../../config/pod.yaml', import.meta.url));
/** Where the Deployment mounts the metrics serving certificate (the service CA's secret). */
const SERVING_CERT_DIR = '/var/run/secrets/serving-cert';
/** Longest a shutdown may take before the process exits anyway (Kubernetes' default grace period is 30 s). */
export const SHUTDOWN_DEADLINE_MS = 25_000;

const usage = `Usage: insights-operator start [options]

Runs the operator: watches its configuration in the cluster, gathers periodically into archives,
prunes old archives, writes the insights ClusterOperator status, and serves metrics and health.
Stops cleanly on SIGTERM or SIGINT.

Options:
  --config FILE         operator configuration (default: the bundled config/pod.yaml)
  --kubeconfig FILE     kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, in-cluster)
  --plugins-dir DIR     load plugins from DIR too (repeatable; also $INSIGHTS_PLUGINS_DIRS)
  --listen HOST         address of the metrics and health servers (default: 0.0.0.0)
  --metrics-port N      port of /metrics (default: 8443; 0 picks a free port)
  --health-port N       port of /healthz and /readyz (default: 8081; 0 picks a free port)
  --tls-cert FILE       serve /metrics over HTTPS with this certificate (default: ${SERVING_CERT_DIR}/tls.crt if present)
  --tls-key FILE        ... and this key (default: ${SERVING_CERT_DIR}/tls.key if present)
  --trusted-ca-bundle FILE
                        CA certificates trusted for Red Hat's services besides the system roots
                        (default: ${TRUSTED_CA_BUNDLE_FILE} if present; re-read when it changes)
  --log-level LEVEL     trace|debug|info|warn|error|silent (default: info)
  --log-format FORMAT   json|pretty (default: pretty on a terminal, else json)
  -h, --help            show this help

Environment: POD_NAME and POD_NAMESPACE (the first gather waits a while after a crash-restart),
RELEASE_VERSION (the version written into the ClusterOperator status).`;

function port(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag}: "${value}" is not a port number`);
  return n;
}

function tlsFiles(cert: string | undefined, key: string | undefined): { certFile: string; keyFile: string } | undefined {
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  if (cert !== undefined && key !== undefined) return { certFile: cert, keyFile: key };
  const certFile = `${SERVING_CERT_DIR}/tls.crt`;
  const keyFile = `${SERVING_CERT_DIR}/tls.key`;
  return existsSync(certFile) && existsSync(keyFile) ? { certFile, keyFile } : undefined;
}

/** `insights-operator start`: the long-running operator. */
export const startCommand: Command = {
  name: 'start',
  summary: 'run the operator: periodic gathering, pruning, status, metrics',
  usage,
  async run(args) {
    const { values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string' },
        kubeconfig: { type: 'string' },
        'plugins-dir': { type: 'string', multiple: true },
        listen: { type: 'string' },
        'metrics-port': { type: 'string' },
        'health-port': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'trusted-ca-bundle': { type: 'string' },
        'log-level': { type: 'string' },
        'log-format': { type: 'string' },
      },
    });
    const format = values['log-format'] ?? (process.stderr.isTTY ? 'pretty' : 'json');
    if (format !== 'json' && format !== 'pretty') throw new UsageError(`--log-format: "${format}" is not json or pretty`);
    const logger = createLogger({ level: parseLogLevel(values['log-level'] ?? 'info'), pretty: format === 'pretty' });
    const serve = {
      host: values.listen ?? '0.0.0.0',
      metricsPort: port(values['metrics-port'], '--metrics-port', 8443),
      healthPort: port(values['health-port'], '--health-port', 8081),
      tls: tlsFiles(values['tls-cert'], values['tls-key']),
    };

    const configFile = values.config ?? DEFAULT_CONFIG_FILE;
    const file = await readOperatorConfig(configFile);
    const defaults = defaultsFromPodConfig(file, configFile);
    const timings = file.operatorTimings ?? {};
    const ms = (value: string | undefined, key: string) => (value === undefined ? undefined : parseDuration(value, `${configFile} operatorTimings.${key}`));
    // Zero is a valid initial delay (gather at once), unlike every other duration here.
    const initialDelay = timings.initialDelay === undefined || parseGoDuration(timings.initialDelay) !== 0 ? ms(timings.initialDelay, 'initialDelay') : 0;
    const plugins = await loadPlugins({ extraDirs: extraPluginDirs(file, values['plugins-dir']) });
    for (const failure of plugins.failures) logger.error({ code: failure.code, directory: failure.directory }, `plugin skipped: ${failure.reason}`);

    const kube = connectKube({
      kubeconfig: values.kubeconfig,
      impersonate: defaults.impersonate === '' ? undefined : defaults.impersonate,
      qps: file.gather?.kubeQPS,
      burst: file.gather?.kubeBurst,
    });
    const podName = process.env.POD_NAME;
    const podNamespace = process.env.POD_NAMESPACE;
    const initialDelayMs = initialDelay ?? (podName !== undefined && podNamespace !== undefined
      ? initialGatherDelay({ intervalMs: defaults.intervalMs, restarted: await podWasRestarted(kube.operatorConfig, podNamespace, podName) })
      : 0);

    const container = composeContainer({ logger, config: file, plugins, kube: () => kube });
    registerOperatorServices(container, {
      defaults,
      serve,
      initialDelayMs,
      releaseVersion: process.env.RELEASE_VERSION,
      maxDiskRatio: file.storage?.maxDiskRatio,
      maxStorageBytes: file.storage?.maxBytes,
      trustedCaBundle: values['trusted-ca-bundle'],
      timings: {
        uploadFirstDelayMs: timings.uploadFirstDelay === undefined || parseGoDuration(timings.uploadFirstDelay) !== 0 ? ms(timings.uploadFirstDelay, 'uploadFirstDelay') : 0,
        uploadRetryMs: ms(timings.uploadRetry, 'uploadRetry'),
        rulesRetryMs: ms(timings.rulesRetry, 'rulesRetry'),
        rulesTimeoutMs: ms(timings.rulesTimeout, 'rulesTimeout'),
        configResyncMs: ms(timings.configResync, 'configResync'),
        statusMinWriteMs: ms(timings.statusMinWrite, 'statusMinWrite'),
        statusResyncMs: ms(timings.statusResync, 'statusResync'),
      },
    });
    const lifecycle = container.resolve(Tokens.Lifecycle);

    const stopped = new Promise<number>((resolve) => {
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        signals++;
        if (signals > 1) {
          logger.warn({ signal }, 'second signal: exiting at once');
          resolve(130);
          return;
        }
        logger.info({ signal }, 'stopping');
        // The hard stop: whatever hangs, the process is gone before the kubelet's SIGKILL.
        setTimeout(() => {
          logger.error(`shutdown took longer than ${SHUTDOWN_DEADLINE_MS + 3000} ms; exiting`);
          resolve(ExitCode.Failed);
        }, SHUTDOWN_DEADLINE_MS + 3000).unref();
        lifecycle.stop(SHUTDOWN_DEADLINE_MS).then((report) => {
          logger.info({ stopped: report.stopped, failed: report.failed }, 'stopped');
          resolve(report.failed.length === 0 ? ExitCode.Ok : ExitCode.Failed);
        }, () => resolve(ExitCode.Failed));
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    });

    await lifecycle.start();
    const servers = container.resolve(Tokens.MetricsServer).servers;
    logger.info({
      version: OPERATOR_VERSION,
      cluster: kube.server,
      plugins: plugins.plugins.map((p) => p.plugin.name),
      metrics: servers === undefined ? undefined : `${servers.metricsProtocol}://${serve.host}:${servers.metricsPort}/metrics`,
      health: servers === undefined ? undefined : `http://${serve.host}:${servers.healthPort}/healthz`,
      storagePath: container.resolve(Tokens.ConfigObserver).current().config.storagePath,
    }, 'operator started');
    return stopped;
  },
};

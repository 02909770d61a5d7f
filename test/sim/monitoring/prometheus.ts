/**
 * A real Prometheus (Debian's `/usr/bin/prometheus`) on loopback, TLS only, with the alerts and series a
 * test asks for. See README.md.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServerProcess } from './server-process.ts';
import type { CaTrustingClient } from './https-client.ts';
import { prepareServerWorkspace } from './server-workspace.ts';

/** One alerting rule. With the default `for: 0s`, a constant expression such as `vector(1)` fires at the first evaluation. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** Default `0s`. */
  readonly for?: string;
  /** Become labels of the alert (and of its `ALERTS` series). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One recording rule: puts a series into the TSDB (for `/federate` and queries), e.g. `{ record: 'cluster_installer', expr: 'vector(1)', labels: { type: 'openshift-install' } }`. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A scrape job beyond Prometheus' own. */
export interface ScrapeJob {
  readonly job: string;
  /** `host:port` entries. */
  readonly targets: readonly string[];
  /** Default `http`. */
  readonly scheme?: 'http' | 'https';
  /** Default `/metrics`. */
  readonly metricsPath?: string;
  /** CA of an https target. */
  readonly caFile?: string;
}

export interface PrometheusOptions {
  readonly alerts?: readonly AlertRule[];
  readonly recordingRules?: readonly RecordingRule[];
  readonly scrapeJobs?: readonly ScrapeJob[];
  /**
   * Scrape Prometheus itself over its TLS port as job `prometheus`, so that `up` and real metrics exist
   * (default false: Prometheus applies scrape targets only after 5 s, which the start then waits for).
   */
  readonly scrapeSelf?: boolean;
  /** Where firing alerts go: a running Alertmanager's URL and CA file. */
  readonly alertmanager?: { readonly url: string; readonly caFile: string };
  /** Wait until every alert fires (default true); false when a test wants pending alerts. */
  readonly waitForAlerts?: boolean;
}

/** One sample of an instant vector, as Prometheus' API returns it. */
export interface VectorSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

export interface PrometheusServer {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The per-run CA that signed the serving certificate. */
  readonly caPem: string;
  /** The CA in a file (a client's service CA file); removed on close. */
  readonly caFile: string;
  /** A client that trusts the CA, for tests that talk to Prometheus directly. */
  readonly http: CaTrustingClient;
  /** Instant query through the harness's own client (not the core's). */
  query(expr: string): Promise<VectorSample[]>;
  /** Prometheus' log so far. */
  logs(): string;
  /** Stops Prometheus and removes its directory; safe to call twice. */
  close(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

/** Starts Prometheus and resolves once it is ready, its alerts fire, its recording rules have recorded and (with `scrapeSelf`) it has scraped itself. */
export async function startPrometheus(options: PrometheusOptions = {}): Promise<PrometheusServer> {
  const { binary, files, http, stopWith, close } = await prepareServerWorkspace('prometheus');
  try {
    const ruleFile = await files.writeYaml('rules.yml', { groups: ruleGroups(options) });
    const scrapeSelf = options.scrapeSelf ?? false;
    // The config names the port (self-scrape), so it is written per attempt, before the process starts.
    const configFile = join(files.dir, 'prometheus.yml');
    const server = await startServerProcess({
      name: 'prometheus',
      binary,
      http,
      args: (port) => [
        `--config.file=${configFile}`,
        `--web.config.file=${files.webConfigFile}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--storage.tsdb.path=${join(files.dir, 'data')}`,
        // Alertmanager hears about a firing alert within a second, and again every second.
        '--rules.alert.resend-delay=1s',
        '--log.level=info',
      ],
      beforeStart: async (port) => {
        await files.writeYaml('prometheus.yml', prometheusConfig(options, { port, ruleFile, caFile: files.caFile, scrapeSelf }));
      },
    });
    stopWith(server.stop);
    const url = `https://127.0.0.1:${server.port}`;
    const query = async (expr: string): Promise<VectorSample[]> => {
      const text = await http.ok('GET', `${url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
      const body = JSON.parse(text) as { data?: { resultType?: string; result?: VectorSample[] } };
      if (body.data?.resultType !== 'vector') throw new Error(`query ${expr}: not a vector: ${text.slice(0, 300)}`);
      return body.data.result ?? [];
    };
    await waitForData(options, query, scrapeSelf, server.logs);
    return { url, port: server.port, caPem: files.caPem, caFile: files.caFile, http, query, logs: server.logs, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function ruleGroups(options: PrometheusOptions): unknown[] {
  const groups: unknown[] = [];
  if ((options.alerts ?? []).length > 0) {
    groups.push({
      name: 'harness-alerts',
      rules: (options.alerts ?? []).map((a) => ({
        alert: a.alert,
        expr: a.expr,
        for: a.for ?? '0s',
        ...(a.labels === undefined ? {} : { labels: a.labels }),
        ...(a.annotations === undefined ? {} : { annotations: a.annotations }),
      })),
    });
  }
  if ((options.recordingRules ?? []).length > 0) {
    groups.push({
      name: 'harness-recordings',
      rules: (options.recordingRules ?? []).map((r) => ({ record: r.record, expr: r.expr, ...(r.labels === undefined ? {} : { labels: r.labels }) })),
    });
  }
  return groups;
}

function prometheusConfig(options: PrometheusOptions, at: { port: number; ruleFile: string; caFile: string; scrapeSelf: boolean }): unknown {
  const scrapeConfigs: unknown[] = [];
  if (at.scrapeSelf) {
    scrapeConfigs.push({ job_name: 'prometheus', scheme: 'https', tls_config: { ca_file: at.caFile }, static_configs: [{ targets: [`127.0.0.1:${at.port}`] }] });
  }
  for (const job of options.scrapeJobs ?? []) {
    scrapeConfigs.push({
      job_name: job.job,
      scheme: job.scheme ?? 'http',
      metrics_path: job.metricsPath ?? '/metrics',
      ...(job.caFile === undefined ? {} : { tls_config: { ca_file: job.caFile } }),
      static_configs: [{ targets: [...job.targets] }],
    });
  }
  const alerting = options.alertmanager === undefined ? undefined : (() => {
    const am = new URL(options.alertmanager.url);
    return {
      alertmanagers: [{
        scheme: am.protocol.replace(':', ''),
        api_version: 'v2',
        tls_config: { ca_file: options.alertmanager.caFile },
        static_configs: [{ targets: [am.host] }],
      }],
    };
  })();
  return {
    // One-second evaluation and scraping: rules fire and series appear within a second or two of the start.
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: [at.ruleFile],
    scrape_configs: scrapeConfigs,
    ...(alerting === undefined ? {} : { alerting }),
  };
}

async function waitForData(
  options: PrometheusOptions,
  query: (expr: string) => Promise<VectorSample[]>,
  scrapeSelf: boolean,
  logs: () => string,
): Promise<void> {
  const alerts = options.waitForAlerts === false ? [] : [...new Set((options.alerts ?? []).map((a) => a.alert))];
  const records = [...new Set((options.recordingRules ?? []).map((r) => r.record))];
  const deadline = performance.now() + READY_TIMEOUT_MS;
  let missing: string[] = [];
  while (performance.now() < deadline) {
    missing = [];
    if (alerts.length > 0) {
      const firing = new Set((await query('ALERTS{alertstate="firing"}')).map((s) => s.metric['alertname']));
      missing.push(...alerts.filter((a) => !firing.has(a)).map((a) => `alert ${a} firing`));
    }
    for (const record of records) {
      if ((await query(record)).length === 0) missing.push(`series ${record}`);
    }
    if (scrapeSelf && (await query('up{job="prometheus"} == 1')).length === 0) missing.push('a successful scrape of itself');
    if (missing.length === 0) return;
    await sleep(200);
  }
  throw new Error(`prometheus: still waiting for ${missing.join(', ')} after ${READY_TIMEOUT_MS} ms; its log:\n${logs().split('\n').slice(-30).join('\n')}`);
}

/**
 * A real Alertmanager (Debian's `/usr/bin/prometheus-alertmanager`) on loopback, TLS only, clustering
 * off, routing every alert to a receiver that sends nothing. See README.md.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServerProcess } from './server-process.ts';
import type { CaTrustingClient } from './https-client.ts';
import { prepareServerWorkspace } from './server-workspace.ts';

export interface AlertmanagerOptions {
  /**
   * The whole Alertmanager configuration, in place of the default (one `null` receiver that every
   * alert is routed to, grouped by `alertname`, sent after 1 s).
   */
  readonly config?: Readonly<Record<string, unknown>>;
}

/** An alert as `POST /api/v2/alerts` takes it (API v2 `postableAlert`). */
export interface PostableAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** ISO time; default: now (Alertmanager's). */
  readonly startsAt?: string;
  /** ISO time; default: Alertmanager's resolve timeout after the last post. */
  readonly endsAt?: string;
  readonly generatorURL?: string;
}

/** A silence as `POST /api/v2/silences` takes it. */
export interface SilenceInput {
  /** Label matchers; `isRegex` and `isEqual` default to false and true. */
  readonly matchers: readonly { name: string; value: string; isRegex?: boolean; isEqual?: boolean }[];
  /** Default: one minute ago. */
  readonly startsAt?: string;
  /** Default: one hour from now. */
  readonly endsAt?: string;
  /** Default `insights-operator tests`. */
  readonly createdBy?: string;
  /** Default `test silence`. */
  readonly comment?: string;
}

/** An alert as `GET /api/v2/alerts` returns it (the fields tests read). */
export interface GettableAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly status: { readonly state: 'unprocessed' | 'active' | 'suppressed'; readonly silencedBy: string[]; readonly inhibitedBy: string[] };
  readonly fingerprint: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly receivers: { name: string }[];
}

export interface AlertmanagerServer {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly caPem: string;
  /** The CA in a file (a client's service CA file, or Prometheus' `alerting` tls_config); removed on close. */
  readonly caFile: string;
  /** A client that trusts the CA. */
  readonly http: CaTrustingClient;
  /** Posts alerts (`POST /api/v2/alerts`). */
  postAlerts(alerts: readonly PostableAlert[]): Promise<void>;
  /** Creates a silence (`POST /api/v2/silences`) and resolves with its id. */
  createSilence(silence: SilenceInput): Promise<string>;
  /** The alerts Alertmanager holds (`GET /api/v2/alerts`), silenced ones included. */
  alerts(): Promise<GettableAlert[]>;
  /** Polls {@link alerts} until `until` holds for them (30 s at most), and resolves with them. */
  waitForAlerts(until: (alerts: GettableAlert[]) => boolean): Promise<GettableAlert[]>;
  /** Alertmanager's log so far. */
  logs(): string;
  /** Stops Alertmanager and removes its directory; safe to call twice. */
  close(): Promise<void>;
}

const DEFAULT_CONFIG = {
  route: { receiver: 'null', group_by: ['alertname'], group_wait: '1s', group_interval: '1s', repeat_interval: '1h' },
  receivers: [{ name: 'null' }],
};

const WAIT_TIMEOUT_MS = 30_000;

export async function startAlertmanager(options: AlertmanagerOptions = {}): Promise<AlertmanagerServer> {
  const { binary, files, http, stopWith, close } = await prepareServerWorkspace('alertmanager');
  try {
    const configFile = await files.writeYaml('alertmanager.yml', options.config ?? DEFAULT_CONFIG);
    const server = await startServerProcess({
      name: 'alertmanager',
      binary,
      http,
      args: (port) => [
        `--config.file=${configFile}`,
        `--web.config.file=${files.webConfigFile}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--storage.path=${join(files.dir, 'data')}`,
        // Empty: no gossip listener, so parallel test files never collide on 9094 and no peer is awaited.
        '--cluster.listen-address=',
        '--log.level=info',
      ],
    });
    stopWith(server.stop);
    const url = `https://127.0.0.1:${server.port}`;
    const alerts = async (): Promise<GettableAlert[]> => JSON.parse(await http.ok('GET', `${url}/api/v2/alerts`)) as GettableAlert[];
    return {
      url,
      port: server.port,
      caPem: files.caPem,
      caFile: files.caFile,
      http,
      async postAlerts(list) {
        await http.ok('POST', `${url}/api/v2/alerts`, list);
      },
      async createSilence(silence) {
        const now = Date.now();
        const body = {
          matchers: silence.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex ?? false, isEqual: m.isEqual ?? true })),
          startsAt: silence.startsAt ?? new Date(now - 60_000).toISOString(),
          endsAt: silence.endsAt ?? new Date(now + 3_600_000).toISOString(),
          createdBy: silence.createdBy ?? 'insights-operator tests',
          comment: silence.comment ?? 'test silence',
        };
        const answer = JSON.parse(await http.ok('POST', `${url}/api/v2/silences`, body)) as { silenceID?: string };
        if (typeof answer.silenceID !== 'string') throw new Error(`alertmanager: POST /api/v2/silences gave no silenceID: ${JSON.stringify(answer)}`);
        return answer.silenceID;
      },
      alerts,
      async waitForAlerts(until) {
        const deadline = performance.now() + WAIT_TIMEOUT_MS;
        let last: GettableAlert[] = [];
        while (performance.now() < deadline) {
          last = await alerts();
          if (until(last)) return last;
          await sleep(100);
        }
        throw new Error(`alertmanager: the alerts did not reach the expected state within ${WAIT_TIMEOUT_MS} ms; they are ${JSON.stringify(last).slice(0, 2000)}`);
      },
      logs: server.logs,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

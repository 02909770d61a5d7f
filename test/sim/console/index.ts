/**
 * Console simulator: one loopback HTTPS server with its own CA standing in for Red Hat's side —
 * the ingress (enforcing the real upload contract), the report, gathering-rules, OCM entitlement and
 * cluster-transfer endpoints — with every response scriptable and every request logged.
 * Test infrastructure: nothing in core/ imports it.
 */
import type { AddressInfo } from 'node:net';
import type { SecureVersion } from 'node:tls';
import { INGRESS_DEFAULT_MAX_BYTES } from '../../../core/ingress/ingress-contract.ts';
import { generateCerts } from '../kube/certs.ts';
import { ScriptQueues } from './script.ts';
import { createConsoleServer } from './server.ts';
import { ConsoleState } from './state.ts';
import type { ConsoleRequest, ConsoleRoute, ConsoleUpload, Entitlement, ScriptedResponse } from './types.ts';

export type { ConsoleRequest, ConsoleRoute, ConsoleUpload, Entitlement, ScriptedResponse, UploadRecord } from './types.ts';
export { DEFAULT_RULES } from './state.ts';
export { generatedEntitlement } from './routes/sca.ts';

export interface ConsoleSimOptions {
  /** The pull-secret token: `Bearer <token>` (ingress, report, rules) and `AccessToken <cluster>:<token>` (OCM). */
  token: string;
  /** When set, OCM requests must carry this cluster ID in their AccessToken; any cluster ID otherwise. */
  clusterId?: string;
  /** `org_id` in 202 bodies and `organization_id` of entitlements (default "11789772"). */
  orgId?: string;
  /** Listen address (default 127.0.0.1). */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /**
   * Extra names in the serving certificate (default: [host]); 127.0.0.1, ::1 and localhost are always
   * in it. For a hostname mismatch, listen elsewhere without naming it: `{ host: '127.0.0.2', hosts: [] }`.
   */
  hosts?: readonly string[];
  /** TLS versions the server accepts (Node's defaults: 1.2 to 1.3). `maxTlsVersion: 'TLSv1.1'` makes a legacy-only server. */
  minTlsVersion?: SecureVersion;
  maxTlsVersion?: SecureVersion;
  /** Largest archive part the ingress accepts (default 100 MiB, the service's default). */
  maxBytes?: number;
  /** Refuse (400) an upload whose archive `inspectArchive` finds invalid (default true). */
  validateArchives?: boolean;
}

export interface ConsoleSim {
  /** Base URL, e.g. `https://127.0.0.1:41234` (endpoints are paths under it). */
  readonly url: string;
  /** The simulator's CA: trust it to reach `url`. */
  readonly caPem: string;
  /** The token now accepted. */
  readonly token: string;
  /** Every request, oldest first (the last 10,000); an entry is added on arrival and completed when answered. */
  readonly requests: readonly ConsoleRequest[];
  /** Accepted (202) archives, oldest first. Scripted 202s accept nothing. */
  readonly uploads: readonly ConsoleUpload[];
  /** Appends scripted responses to a route's queue; each request to the route consumes one, then defaults apply. */
  script(route: ConsoleRoute, responses: readonly ScriptedResponse[]): void;
  /** Scripted responses a route has not consumed yet. */
  pendingScripts(route: ConsoleRoute): number;
  /**
   * The report served for a cluster ID ('*': any cluster without its own); a string is served as is
   * (malformed JSON); undefined removes it (404 again).
   */
  setReport(clusterId: string, report: unknown): void;
  /** The gathering rules served for every version; a string is served as is. */
  setRules(rules: unknown): void;
  /** Entitlements per OCM architecture; requested architectures without one are left out of the answer. */
  setEntitlements(entitlements: Readonly<Record<string, Entitlement>>): void;
  /** Cluster transfers; the ones matching the search's cluster_uuid and status are served (missing fields match). */
  setTransfers(items: readonly unknown[]): void;
  /** Accepts another token from now on (as after a pull-secret change). */
  setToken(token: string): void;
  close(): Promise<void>;
}

/** Observers for the CLI; tests read `requests`. */
export interface ConsoleSimHooks {
  onRequest?: (record: ConsoleRequest) => void;
}

const MAX_REQUESTS = 10_000;

export async function startConsoleSim(options: ConsoleSimOptions, hooks: ConsoleSimHooks = {}): Promise<ConsoleSim> {
  if (options.token === '') throw new Error('console-sim: the token must not be empty');
  const host = options.host ?? '127.0.0.1';
  const certs = await generateCerts(options.hosts ?? [host]);
  const state = new ConsoleState(options.token, {
    clusterId: options.clusterId,
    orgId: options.orgId ?? '11789772',
    maxBytes: options.maxBytes ?? INGRESS_DEFAULT_MAX_BYTES,
    validateArchives: options.validateArchives ?? true,
  });
  const scripts = new ScriptQueues();
  const requests: ConsoleRequest[] = [];
  const { server, cancelDelays } = createConsoleServer({
    state, scripts, certs,
    ...(options.minTlsVersion === undefined ? {} : { minTlsVersion: options.minTlsVersion }),
    ...(options.maxTlsVersion === undefined ? {} : { maxTlsVersion: options.maxTlsVersion }),
    onArrival: (record) => {
      requests.push(record);
      if (requests.length > MAX_REQUESTS) requests.splice(0, requests.length - MAX_REQUESTS);
    },
    onAnswered: (record) => hooks.onRequest?.(record),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    caPem: certs.caPem,
    get token() {
      return state.token;
    },
    requests,
    uploads: state.uploads,
    script: (route, responses) => scripts.add(route, responses),
    pendingScripts: (route) => scripts.pending(route),
    setReport: (clusterId, report) => {
      if (report === undefined) state.reports.delete(clusterId);
      else state.reports.set(clusterId, report);
    },
    setRules: (rules) => {
      state.rules = rules;
    },
    setEntitlements: (entitlements) => {
      state.entitlements = { ...entitlements };
    },
    setTransfers: (items) => {
      state.transfers = [...items];
    },
    setToken: (token) => {
      state.token = token;
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        cancelDelays();
      });
      return closing;
    },
  };
}

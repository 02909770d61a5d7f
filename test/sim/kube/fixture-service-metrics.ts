/**
 * `config/dvo_metrics` (dvo_metrics: the `deployment_validation_operator_*` lines of the Deployment
 * Validation Operator's `/metrics`, under a `# http://{service}.{namespace}.svc:{port}` heading per
 * Service port) turned back into what the gatherer reads: the DVO's metrics Service, labelled as the
 * operator labels it, and a backend behind it, reached through the service proxy (service-proxy.ts),
 * that serves those lines among the metrics the gatherer leaves out.
 */
import type { KubeObject } from './store.ts';

export const DVO_METRICS = /^config\/dvo_metrics$/;

/** The label the gatherer selects the DVO's Services by. */
const DVO_SERVICE_LABELS = { name: 'deployment-validation-operator' } as const;

const HEADING = /^# http:\/\/([a-z0-9-]+)\.([a-z0-9-]+)\.svc:(\d+)$/;

/** What a Service's backend serves, for `sim.services.set`. */
export interface FixtureBackend {
  readonly path: string;
  readonly namespace: string;
  readonly service: string;
  readonly port: number;
  /** The HTTP path on the backend. */
  readonly httpPath: string;
  readonly body: string;
}

/** Metrics every Go operator serves next to its own: the gatherer must leave them out. */
const OTHER_METRICS = [
  '# HELP go_goroutines Number of goroutines that currently exist.',
  '# TYPE go_goroutines gauge',
  'go_goroutines 42',
];

/** The Services and backends of one `config/dvo_metrics` file; `note` goes to the seed's `adjusted`. */
export function serviceMetricsFromArchive(path: string, text: string): { objects: KubeObject[]; backends: FixtureBackend[]; note: string } {
  const objects: KubeObject[] = [];
  const backends: FixtureBackend[] = [];
  let current: { namespace: string; service: string; port: number; lines: string[] } | undefined;
  const flush = (): void => {
    if (current === undefined) return;
    const { namespace, service, port, lines } = current;
    if (!objects.some((o) => o.metadata.name === service && o.metadata.namespace === namespace)) {
      objects.push({
        apiVersion: 'v1', kind: 'Service',
        metadata: { name: service, namespace, labels: { ...DVO_SERVICE_LABELS } },
        spec: { type: 'ClusterIP', selector: { ...DVO_SERVICE_LABELS }, ports: [{ name: 'http-metrics', port, protocol: 'TCP', targetPort: port }] },
      });
    } else {
      const spec = objects.find((o) => o.metadata.name === service && o.metadata.namespace === namespace)!['spec'] as { ports: unknown[] };
      spec.ports.push({ name: `http-metrics-${port}`, port, protocol: 'TCP', targetPort: port });
    }
    const body = [...OTHER_METRICS, ...lines].map((l) => `${l}\n`).join('');
    backends.push({ path, namespace, service, port, httpPath: '/metrics', body });
  };
  for (const line of text.split('\n')) {
    const heading = HEADING.exec(line);
    if (heading !== null) {
      flush();
      current = { service: heading[1]!, namespace: heading[2]!, port: Number(heading[3]), lines: [] };
    } else if (current !== undefined && line !== '') current.lines.push(line);
  }
  flush();
  return { objects, backends, note: 'rebuilt: the metrics Service of each heading, labelled name=deployment-validation-operator, with a backend serving its lines' };
}

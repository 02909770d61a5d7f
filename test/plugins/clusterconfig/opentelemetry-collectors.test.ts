import { expect, it } from 'vitest';
import { OPENTELEMETRY_COLLECTOR_LIMIT, opentelemetryCollectors } from '../../../plugins/clusterconfig/opentelemetry-collectors.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { describeListedKind } from './listed-kind-suite.ts';
import { withObjects } from './store-helpers.ts';

const V1BETA1 = 'opentelemetry.io/v1beta1';
const ENDPOINT = 'canary-collector.internal.example:4317';
const TOKEN = 'canary-bearer-token-5b1e';

const collector = (namespace: string, name: string, config: unknown): KubeObject => ({
  apiVersion: V1BETA1, kind: 'OpenTelemetryCollector', metadata: { name, namespace }, spec: { mode: 'deployment', config },
});

const SERVICE = { pipelines: { traces: { receivers: ['otlp'], exporters: ['otlp'] } }, extensions: ['bearertokenauth'] };

describeListedKind({
  key: 'opentelemetry_collectors',
  fn: opentelemetryCollectors,
  apiVersion: V1BETA1,
  kind: 'OpenTelemetryCollector',
  listPath: '/apis/opentelemetry.io/v1beta1/opentelemetrycollectors',
  sampleDir: 'config/opentelemetry',
  // The collector is read at v1beta1, as the original reads it, so it is served at that version; the
  // stitched sample file holds another namespace than its path, and the simulator serves it at the path's.
  expected: (sample, path) => ({
    ...sample,
    apiVersion: V1BETA1,
    metadata: { ...(sample.metadata as Record<string, unknown>), namespace: path.split('/')[2] },
  }),
  more: (env) => {
    it('keeps only the service section of spec.config: receivers, exporters and extensions never reach the record', async () => {
      const config = {
        receivers: { otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' } } } },
        exporters: { otlp: { endpoint: ENDPOINT, headers: { Authorization: `Bearer ${TOKEN}` } } },
        extensions: { bearertokenauth: { token: TOKEN } },
        processors: { batch: {} },
        service: SERVICE,
      };
      const out = await withObjects(env.sim, [collector('tracing', 'canary', config)], () => gatherFunction(opentelemetryCollectors, { kube: env.kube }));
      const text = out.byPath.get('config/opentelemetry/tracing/canary.json')!.text;
      expect(JSON.parse(text).spec).toEqual({ mode: 'deployment', config: { service: SERVICE } });
      expect(text).not.toContain(ENDPOINT);
      expect(text).not.toContain(TOKEN);
      expect(out.errors).toEqual([]);
    });

    it('writes an empty spec.config when it has no service section, and leaves a collector without one alone', async () => {
      const noService = collector('tracing', 'no-service', { exporters: { otlp: { endpoint: ENDPOINT } } });
      const noConfig: KubeObject = { apiVersion: V1BETA1, kind: 'OpenTelemetryCollector', metadata: { name: 'no-config', namespace: 'tracing' }, spec: { mode: 'sidecar' } };
      const out = await withObjects(env.sim, [noService, noConfig], () => gatherFunction(opentelemetryCollectors, { kube: env.kube }));
      expect(JSON.parse(out.byPath.get('config/opentelemetry/tracing/no-service.json')!.text).spec).toEqual({ mode: 'deployment', config: {} });
      expect(JSON.parse(out.byPath.get('config/opentelemetry/tracing/no-config.json')!.text).spec).toEqual({ mode: 'sidecar' });
    });

    it('reports and skips a collector whose spec.config is not an object, keeping the others', async () => {
      // v1alpha1 keeps spec.config as a YAML string; such an object cannot be cut down safely.
      const yamlConfig = collector('tracing', 'yaml-config', `exporters:\n  otlp:\n    endpoint: ${ENDPOINT}\n`);
      const out = await withObjects(env.sim, [yamlConfig], () => gatherFunction(opentelemetryCollectors, { kube: env.kube }));
      expect(out.records.map((r) => r.path)).toEqual(['config/opentelemetry/example-namespace/otel.json']);
      expect(out.errors).toEqual(['opentelemetrycollector tracing/yaml-config: spec.config is not an object']);
      for (const r of out.records) expect(r.text).not.toContain(ENDPOINT);
    });

    it(`records at most ${OPENTELEMETRY_COLLECTOR_LIMIT}, the first in list order, without an error`, async () => {
      expect(OPENTELEMETRY_COLLECTOR_LIMIT).toBe(5);
      const objects = Array.from({ length: 8 }, (_, i) => collector('a-tracing', `c${i}`, { service: SERVICE }));
      const out = await withObjects(env.sim, objects, () => gatherFunction(opentelemetryCollectors, { kube: env.kube }));
      expect(out.records.map((r) => r.path)).toEqual([0, 1, 2, 3, 4].map((i) => `config/opentelemetry/a-tracing/c${i}.json`));
      expect(out.errors).toEqual([]);
    });

    describeOptionalKind(env, opentelemetryCollectors, 'opentelemetry.io', 'OpenTelemetryCollector');
  },
});

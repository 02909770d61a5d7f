import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { nodeFeatures } from '../../../plugins/clusterconfig/node-features.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { describeListedKind } from './listed-kind-suite.ts';
import { SAMPLE_FIXTURE } from './setup.ts';
import { withObjects } from './store-helpers.ts';

const SAMPLE_PATH = 'namespaces/openshift-nfd/customresources/ip-10-0-58-24.ec2.internal.json';
const CANARY = 'canary-nfd-4c1d';

const feature = (namespace: string, name: string, spec: unknown): KubeObject => ({
  apiVersion: 'nfd.k8s-sigs.io/v1alpha1', kind: 'NodeFeature',
  metadata: { name, namespace, labels: { 'nfd.node.kubernetes.io/node-name': name }, annotations: { note: CANARY } },
  spec,
});

describeListedKind({
  key: 'node_features',
  fn: nodeFeatures,
  apiVersion: 'nfd.k8s-sigs.io/v1alpha1',
  kind: 'NodeFeature',
  listPath: '/apis/nfd.k8s-sigs.io/v1alpha1/namespaces/openshift-nfd/nodefeatures',
  // The sample files hold the filtered spec alone, which is what is compared.
  sampleDir: 'namespaces/openshift-nfd/customresources',
  more: (env) => {
    it("writes the sample's bytes once compacted: the Go struct's field order and sorted map keys", async () => {
      const out = await gatherFunction(nodeFeatures, { kube: env.kube });
      const sampleText = await readFile(join(SAMPLE_FIXTURE, SAMPLE_PATH), 'utf8');
      expect(out.byPath.get(SAMPLE_PATH)!.text).toBe(JSON.stringify(JSON.parse(sampleText)));
    });

    it('keeps only the cpu.topology and system.dmiid attributes: other features, labels and metadata never reach the record', async () => {
      const spec = {
        features: {
          flags: { 'cpu.cpuid': { elements: { [CANARY]: {} } } },
          attributes: {
            'system.dmiid': { elements: { sys_vendor: 'Amazon EC2', product_name: 'm6a.xlarge' } },
            'cpu.topology': { elements: { socket_count: '2', hardware_multithreading: 'true' } },
            'kernel.version': { elements: { full: `5.14.0-${CANARY}` } },
            'system.name': { elements: { nodename: CANARY } },
          },
          instances: { 'pci.device': { elements: [{ attributes: { vendor: CANARY } }] } },
        },
        labels: { [`feature.node.kubernetes.io/${CANARY}`]: 'true' },
      };
      const out = await withObjects(env.sim, [feature('openshift-nfd', 'canary-node', spec)], () => gatherFunction(nodeFeatures, { kube: env.kube }));
      const text = out.byPath.get('namespaces/openshift-nfd/customresources/canary-node.json')!.text;
      expect(text).not.toContain(CANARY);
      expect(text).toBe(
        '{"features":{"flags":null,"attributes":{"cpu.topology":{"elements":{"hardware_multithreading":"true","socket_count":"2"}},' +
        '"system.dmiid":{"elements":{"product_name":"m6a.xlarge","sys_vendor":"Amazon EC2"}}},"instances":null},"labels":null}',
      );
    });

    it('writes empty attributes for a feature without the allowed ones, and null elements for a set without any', async () => {
      const objects = [
        feature('openshift-nfd', 'bare-node', {}),
        feature('openshift-nfd', 'empty-set-node', { features: { attributes: { 'cpu.topology': {} } } }),
      ];
      const out = await withObjects(env.sim, objects, () => gatherFunction(nodeFeatures, { kube: env.kube }));
      expect(out.byPath.get('namespaces/openshift-nfd/customresources/bare-node.json')!.text)
        .toBe('{"features":{"flags":null,"attributes":{},"instances":null},"labels":null}');
      expect(out.byPath.get('namespaces/openshift-nfd/customresources/empty-set-node.json')!.text)
        .toBe('{"features":{"flags":null,"attributes":{"cpu.topology":{"elements":null}},"instances":null},"labels":null}');
    });

    it('reads openshift-nfd only', async () => {
      const elsewhere = feature('nfd-upstream', 'other-node', { features: { attributes: { 'cpu.topology': { elements: { socket_count: '1' } } } } });
      const out = await withObjects(env.sim, [elsewhere], () => gatherFunction(nodeFeatures, { kube: env.kube }));
      expect(out.records.map((r) => r.path)).toEqual([SAMPLE_PATH]);
    });

    it('skips with a warning a feature whose allowed attributes do not have the NFD shape, keeping the others', async () => {
      const odd = feature('openshift-nfd', 'odd-node', { features: { attributes: { 'system.dmiid': { elements: { product_name: { nested: CANARY } } } } } });
      const out = await withObjects(env.sim, [odd], () => gatherFunction(nodeFeatures, { kube: env.kube }));
      expect(out.records.map((r) => r.path)).toEqual([SAMPLE_PATH]);
      expect(out.warnings).toEqual(['nodefeature openshift-nfd/odd-node skipped: spec.features.attributes["system.dmiid"].elements is not a map of strings']);
      expect(out.errors).toEqual([]);
    });

    describeOptionalKind(env, nodeFeatures, 'nfd.k8s-sigs.io', 'NodeFeature');
  },
});

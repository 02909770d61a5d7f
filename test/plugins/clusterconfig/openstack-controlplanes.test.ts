import { expect, it } from 'vitest';
import { openstackControlplanes } from '../../../plugins/clusterconfig/openstack-controlplanes.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { describeListedKind } from './listed-kind-suite.ts';
import { withObjects } from './store-helpers.ts';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const PATH = (name: string) => `namespaces/openstack/core.openstack.org/openstackcontrolplanes/${name}.json`;

/** A control plane whose DNS options are `options`, with a last-applied annotation repeating them. */
const controlPlane = (name: string, options: unknown) => ({
  apiVersion: 'core.openstack.org/v1beta1', kind: 'OpenStackControlPlane',
  metadata: { name, namespace: 'openstack', annotations: { [LAST_APPLIED]: JSON.stringify({ spec: { dns: { template: { options } } } }) } },
  spec: { dns: { enabled: true, template: { replicas: 1, options } }, secret: 'osp-secret' },
});

describeListedKind({
  key: 'openstack_controlplanes',
  fn: openstackControlplanes,
  apiVersion: 'core.openstack.org/v1beta1',
  kind: 'OpenStackControlPlane',
  listPath: '/apis/core.openstack.org/v1beta1/openstackcontrolplanes',
  sampleDir: 'namespaces/openstack/core.openstack.org/openstackcontrolplanes',
  more: (env) => {
    describeOptionalKind(env, openstackControlplanes, 'core.openstack.org', 'OpenStackControlPlane');

    it('masks the DNS forwarders: a list becomes "xxx", a string x of its length, and the last-applied copy is dropped', async () => {
      const forwarders = [{ key: 'server', values: ['10.99.77.1', 'zqcanary-dns.corp.example'] }];
      const text = 'server=10.99.77.2 zqcanary';
      const out = await withObjects(env.sim, [controlPlane('canary-list', forwarders), controlPlane('canary-string', text)], () =>
        gatherFunction(openstackControlplanes, { kube: env.kube }));
      const list = JSON.parse(out.byPath.get(PATH('canary-list'))!.text);
      const string = JSON.parse(out.byPath.get(PATH('canary-string'))!.text);
      expect(list.spec.dns.template).toEqual({ replicas: 1, options: 'xxx' });
      expect(string.spec.dns.template).toEqual({ replicas: 1, options: 'x'.repeat(text.length) });
      for (const plane of [list, string]) {
        expect(plane.metadata.annotations).toEqual({});
        expect(plane.spec.secret).toBe('osp-secret');
      }
      for (const r of out.records) for (const canary of ['zqcanary', '10.99.77.']) expect(r.text).not.toContain(canary);
    });

    it('leaves a control plane without DNS options as it is', async () => {
      const plane = { apiVersion: 'core.openstack.org/v1beta1', kind: 'OpenStackControlPlane', metadata: { name: 'no-dns', namespace: 'openstack' }, spec: { dns: { enabled: false } } };
      const out = await withObjects(env.sim, [plane], () => gatherFunction(openstackControlplanes, { kube: env.kube }));
      expect(JSON.parse(out.byPath.get(PATH('no-dns'))!.text).spec).toEqual({ dns: { enabled: false } });
    });
  },
});

import { expect, it } from 'vitest';
import { nodenetworkstates } from '../../../plugins/clusterconfig/nodenetworkstates.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { describeListedKind } from './listed-kind-suite.ts';
import { withObjects } from './store-helpers.ts';

const MAC = 'CA:NA:RY:00:11:22';
const PERMANENT_MAC = 'CA:NA:RY:33:44:55';
const masked = (value: string) => 'x'.repeat(value.length);

const state = (name: string, interfaces: unknown): KubeObject => ({
  apiVersion: 'nmstate.io/v1beta1', kind: 'NodeNetworkState', metadata: { name },
  status: { currentState: { interfaces, routes: { config: [] } }, handlerNmstateVersion: '2.2.37' },
});

type Json = Record<string, any>;

describeListedKind({
  key: 'nodenetworkstates',
  fn: nodenetworkstates,
  apiVersion: 'nmstate.io/v1beta1',
  kind: 'NodeNetworkState',
  listPath: '/apis/nmstate.io/v1beta1/nodenetworkstates',
  sampleDir: 'cluster-scoped-resources/nmstate.io/nodenetworkstates',
  // The sample's MACs are masked already; its permanent MACs are not, which this function masks too.
  expected: (sample) => {
    const copy = structuredClone(sample) as Json;
    for (const iface of copy.status.currentState.interfaces) {
      if (typeof iface['permanent-mac-address'] === 'string') iface['permanent-mac-address'] = masked(iface['permanent-mac-address']);
    }
    return copy;
  },
  more: (env) => {
    it('masks the MAC and permanent MAC of every interface with x of the same length, and keeps the rest', async () => {
      const interfaces = [
        { name: 'ens5', type: 'ethernet', state: 'up', 'mac-address': MAC, 'permanent-mac-address': PERMANENT_MAC, mtu: 9001 },
        { name: 'br-ex', type: 'ovs-interface', 'mac-address': MAC.toLowerCase() },
        { name: 'lo', type: 'loopback', state: 'up' },
      ];
      const out = await withObjects(env.sim, [state('canary-node', interfaces)], () => gatherFunction(nodenetworkstates, { kube: env.kube }));
      const text = out.byPath.get('cluster-scoped-resources/nmstate.io/nodenetworkstates/canary-node.json')!.text;
      expect(text).not.toMatch(/CA:NA:RY/i);
      const recorded = JSON.parse(text) as Json;
      expect(recorded.status.currentState.interfaces).toEqual([
        { name: 'ens5', type: 'ethernet', state: 'up', 'mac-address': masked(MAC), 'permanent-mac-address': masked(PERMANENT_MAC), mtu: 9001 },
        { name: 'br-ex', type: 'ovs-interface', 'mac-address': masked(MAC) },
        { name: 'lo', type: 'loopback', state: 'up' },
      ]);
      expect(recorded.status.currentState.routes).toEqual({ config: [] });
      expect(recorded.status.handlerNmstateVersion).toBe('2.2.37');
    });

    it('drops interface entries that are not objects, as the original', async () => {
      const out = await withObjects(env.sim, [state('odd-node', [`eth0 ${MAC}`, { name: 'eth1', 'mac-address': MAC }])], () =>
        gatherFunction(nodenetworkstates, { kube: env.kube }));
      const text = out.byPath.get('cluster-scoped-resources/nmstate.io/nodenetworkstates/odd-node.json')!.text;
      expect(JSON.parse(text).status.currentState.interfaces).toEqual([{ name: 'eth1', 'mac-address': masked(MAC) }]);
      expect(text).not.toContain(MAC);
    });

    it('records a state without a reported status as served', async () => {
      const pending: KubeObject = { apiVersion: 'nmstate.io/v1beta1', kind: 'NodeNetworkState', metadata: { name: 'pending-node' } };
      const out = await withObjects(env.sim, [pending], () => gatherFunction(nodenetworkstates, { kube: env.kube }));
      expect(JSON.parse(out.byPath.get('cluster-scoped-resources/nmstate.io/nodenetworkstates/pending-node.json')!.text).metadata.name).toBe('pending-node');
      expect(out.errors).toEqual([]);
    });

    describeOptionalKind(env, nodenetworkstates, 'nmstate.io', 'NodeNetworkState');
  },
});

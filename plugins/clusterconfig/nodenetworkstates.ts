import { defineGatheringFunction, maskString, record, resource } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';

/**
 * Interface fields holding a hardware address. The original masks `mac-address` only; the permanent
 * address is masked too, since for a physical NIC it is the same value and would undo the masking.
 */
const MAC_FIELDS = ['mac-address', 'permanent-mac-address'] as const;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `clusterconfig/nodenetworkstates`: every NodeNetworkState of the Kubernetes NMState operator
 * (`nmstate.io/v1beta1`), with the MAC addresses of the reported interfaces replaced by `x`s of the
 * same length. Records nothing when the operator is not installed.
 */
export const nodenetworkstates = defineGatheringFunction({
  description: 'Every NodeNetworkState (nmstate.io), with interface MAC addresses masked, when the Kubernetes NMState operator is installed.',
  paths: ['cluster-scoped-resources/nmstate.io/nodenetworkstates/{name}.json'],
  permissions: [{ group: 'nmstate.io', resource: 'nodenetworkstates', verbs: ['list'] }],
  async *gather(ctx) {
    for await (const state of ctx.kube.list({ apiVersion: 'nmstate.io/v1beta1', kind: 'NodeNetworkState' })) {
      yield record({
        name: `cluster-scoped-resources/nmstate.io/nodenetworkstates/${state.metadata?.name ?? ''}`,
        item: resource(withMaskedMacAddresses(state)),
      });
    }
  },
});

/**
 * The state with the MAC fields of each `status.currentState.interfaces[*]` masked. Entries that are
 * not objects are dropped, as the original drops them: whatever they hold was never checked.
 */
function withMaskedMacAddresses(state: KubeObject): KubeObject {
  const status = state.status;
  const current = isObject(status) ? status.currentState : undefined;
  const interfaces = isObject(current) ? current.interfaces : undefined;
  if (!isObject(status) || !isObject(current) || !Array.isArray(interfaces)) return state;
  const masked = interfaces.filter(isObject).map((iface) => {
    const copy = { ...iface };
    for (const field of MAC_FIELDS) if (typeof copy[field] === 'string') copy[field] = maskString(copy[field]);
    return copy;
  });
  return { ...state, status: { ...status, currentState: { ...current, interfaces: masked } } };
}

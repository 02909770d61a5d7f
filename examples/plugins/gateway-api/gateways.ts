import { defineGatheringFunction, json, record } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { GATEWAY_API_GROUP, RECORD_ROOT } from './gateway-api-group.ts';

/** A reference to another object (a Secret or ConfigMap for TLS), as the Gateway API spells one. */
interface ObjectReference {
  group?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

interface Listener {
  name?: string;
  hostname?: string;
  port?: number;
  protocol?: string;
  tls?: { mode?: string; certificateRefs?: ObjectReference[]; [key: string]: unknown };
  allowedRoutes?: unknown;
  [key: string]: unknown;
}

interface Gateway extends KubeObject {
  spec?: { gatewayClassName?: string; listeners?: Listener[]; addresses?: unknown; [key: string]: unknown };
  status?: unknown;
}

/**
 * `gateway_api/gateways`: every Gateway, reduced to what describes its shape: class, listeners
 * (hostname, port, protocol, allowed routes), addresses and status. Labels, annotations (which may hold
 * a whole last-applied configuration), infrastructure settings and TLS `options` are left out; TLS
 * certificates appear only as the references the Gateway holds, and no Secret is ever read.
 */
export const gateways = defineGatheringFunction({
  description: 'Gateway API Gateways: class, listeners (hostname, port, protocol, TLS mode and certificate references only), addresses and status.',
  paths: [`${RECORD_ROOT}/gateways/{namespace}/{name}.json`],
  permissions: [{ group: GATEWAY_API_GROUP, resource: 'gateways', verbs: ['list'] }],
  async *gather(ctx) {
    const type = await ctx.kube.discover(GATEWAY_API_GROUP, 'gateways');
    if (type === undefined) return;
    for await (const gateway of ctx.kube.list<Gateway>(type)) {
      const { name, namespace } = gateway.metadata ?? {};
      if (name === undefined || namespace === undefined) continue;
      yield record({ name: `${RECORD_ROOT}/gateways/${namespace}/${name}`, item: json(gatewaySummary(gateway)) });
    }
  },
});

/**
 * The parts of a Gateway this plugin reports.
 * @param gateway - the object as the server returned it
 */
export function gatewaySummary(gateway: Gateway): Record<string, unknown> {
  const metadata = gateway.metadata ?? {};
  return {
    apiVersion: gateway.apiVersion,
    kind: gateway.kind,
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      uid: metadata.uid,
      generation: metadata['generation'],
      creationTimestamp: metadata.creationTimestamp,
    },
    spec: {
      gatewayClassName: gateway.spec?.gatewayClassName,
      listeners: (gateway.spec?.listeners ?? []).map(listenerSummary),
      addresses: gateway.spec?.addresses,
    },
    status: gateway.status,
  };
}

function listenerSummary(listener: Listener): Record<string, unknown> {
  return {
    name: listener.name,
    hostname: listener.hostname,
    port: listener.port,
    protocol: listener.protocol,
    tls: listener.tls === undefined ? undefined : {
      mode: listener.tls.mode,
      // Only the coordinates of each reference: whatever else a controller puts there stays behind.
      certificateRefs: (listener.tls.certificateRefs ?? []).map((ref) => ({
        group: ref.group, kind: ref.kind, name: ref.name, namespace: ref.namespace,
      })),
    },
    allowedRoutes: listener.allowedRoutes,
  };
}

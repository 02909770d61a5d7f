import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';
import { GATEWAY_API_GROUP, RECORD_ROOT } from './gateway-api-group.ts';

/**
 * `gateway_api/gateway_classes`: every GatewayClass as the server returned it (without managedFields).
 * A GatewayClass names the controller implementing the Gateways of that class and carries no secrets;
 * its status says whether that controller accepted it and which features it supports.
 */
export const gatewayClasses = defineGatheringFunction({
  description: 'Gateway API GatewayClasses (controller, parameters reference, acceptance and supported features).',
  paths: [`${RECORD_ROOT}/gatewayclasses/{name}.json`],
  permissions: [{ group: GATEWAY_API_GROUP, resource: 'gatewayclasses', verbs: ['list'] }],
  async *gather(ctx) {
    // A cluster without the Gateway API CRDs has nothing to report; that is not an error.
    const type = await ctx.kube.discover(GATEWAY_API_GROUP, 'gatewayclasses');
    if (type === undefined) return;
    for await (const gatewayClass of ctx.kube.list(type)) {
      const name = gatewayClass.metadata?.name;
      if (name === undefined) continue;
      yield record({ name: `${RECORD_ROOT}/gatewayclasses/${name}`, item: resource(gatewayClass) });
    }
  },
});

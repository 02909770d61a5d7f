import { coreServices, defineGatheringFunction } from 'insights-operator/plugin-api';
import { eventsWindowMs, namespaceEventsRecord } from './events.ts';

const MACHINE_API_NAMESPACE = 'openshift-machine-api';

/**
 * `clusterconfig/openshift_machine_api_events`: the recent warning events of the machine API
 * namespace, which explain machines that fail to be created, updated or deleted.
 */
export const openshiftMachineApiEvents = defineGatheringFunction({
  description: 'Recent events of the openshift-machine-api namespace whose type is not Normal, compacted and oldest first.',
  paths: [`events/${MACHINE_API_NAMESPACE}.json`],
  permissions: [{ resource: 'events', verbs: ['list'], namespace: MACHINE_API_NAMESPACE }],
  services: { clock: coreServices.clock },
  async *gather(ctx) {
    const since = new Date(ctx.services.clock.now().getTime() - eventsWindowMs(ctx));
    const events = await namespaceEventsRecord(ctx, MACHINE_API_NAMESPACE, since, { abnormalOnly: true });
    if (events !== undefined) yield events;
  },
});

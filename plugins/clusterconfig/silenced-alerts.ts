import { coreServices, defineGatheringFunction, raw, record } from 'insights-operator/plugin-api';

/**
 * `clusterconfig/silenced_alerts`: the alerts Alertmanager holds silenced (API v2, `silenced=true`,
 * neither active nor inhibited), as Alertmanager answers (JSON list, every field kept). No silenced
 * alert is an empty list.
 */
export const silencedAlerts = defineGatheringFunction({
  description: 'The silenced alerts Alertmanager holds (API v2), as it answers.',
  paths: ['config/silenced_alerts.json'],
  permissions: [],
  services: { alertmanager: coreServices.alertmanager },
  async *gather(ctx) {
    const body = await ctx.services.alertmanager.get('/api/v2/alerts', {
      query: { silenced: 'true', active: 'false', inhibited: 'false' },
      signal: ctx.signal,
      accept: 'application/json',
    });
    yield record({ name: 'config/silenced_alerts', item: raw(body, 'json') });
  },
});

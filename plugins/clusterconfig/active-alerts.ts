import { coreServices, defineGatheringFunction, MonitoringApiError, record } from 'insights-operator/plugin-api';
import { goJson } from './go-json.ts';

/** The most alerts recorded: a cluster in trouble can hold thousands, and each is about 1 KiB. */
export const ACTIVE_ALERTS_LIMIT = 1000;

const PATH = '/api/v2/alerts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `clusterconfig/active_alerts`: the alerts Alertmanager holds (API v2, `active=true`, which also
 * returns silenced and inhibited ones), at most {@link ACTIVE_ALERTS_LIMIT}, each cut down to its labels,
 * annotations, times and status as the original does (no fingerprint, receivers or generator URL).
 * Over the limit, the first ones are recorded and the function reports the error the original
 * reports. No alert at all is an empty list.
 */
export const activeAlerts = defineGatheringFunction({
  description: 'The alerts Alertmanager holds (API v2), at most 1,000: labels, annotations, start, end and update times, status.',
  paths: ['config/alerts.json'],
  permissions: [],
  services: { alertmanager: coreServices.alertmanager },
  async *gather(ctx) {
    const api = ctx.services.alertmanager;
    const body = await api.get(PATH, { query: { active: 'true' }, signal: ctx.signal, accept: 'application/json' });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed)) {
      throw new MonitoringApiError(`alertmanager GET ${api.endpoint}${PATH} answered something that is not a JSON list of alerts`, { status: 200, endpoint: api.endpoint, path: PATH, body: body.slice(0, 200) });
    }
    if (parsed.length > ACTIVE_ALERTS_LIMIT) {
      ctx.reportError(`alert limit ${ACTIVE_ALERTS_LIMIT} was exceeded: Alertmanager holds ${parsed.length} alerts; the first ${ACTIVE_ALERTS_LIMIT} are recorded`);
    }
    yield record({ name: 'config/alerts', item: goJson(parsed.slice(0, ACTIVE_ALERTS_LIMIT).map(trimAlert)) });
  },
});

/**
 * The fields the original keeps, in its struct's order, with Go's zero values for missing ones; labels,
 * annotations and status are Go maps, written with sorted keys.
 */
function trimAlert(alert: unknown): Json {
  const a = isObject(alert) ? alert : {};
  const map = (v: unknown): Map<string, unknown> | null => (isObject(v) ? new Map(Object.entries(v)) : null);
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  return {
    labels: map(a['labels']),
    annotations: map(a['annotations']),
    endsAt: text(a['endsAt']),
    startsAt: text(a['startsAt']),
    updatedAt: text(a['updatedAt']),
    status: map(a['status']),
  };
}

import { defineGatheringFunction, raw, record, stripWorkloadNameLabels } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';

/** The label the Deployment Validation Operator puts on its metrics Service. */
export const DVO_SERVICE_SELECTOR = 'name=deployment-validation-operator';
/** Where the managed (Red Hat run) DVO lives: its workload names are never recorded. */
export const MANAGED_DVO_NAMESPACE = 'openshift-deployment-validation-operator';
/** Only the DVO's own metrics (one per failed check and workload) are kept. */
export const DVO_METRIC_PREFIX = 'deployment_validation_operator_';

interface Service extends KubeObject {
  spec?: { ports?: Array<{ port?: number; name?: string }> };
}

/**
 * `clusterconfig/dvo_metrics`: the `deployment_validation_operator_*` lines of the `/metrics` of every
 * port of every Service labelled `name=deployment-validation-operator`, each port's lines under a
 * `# http://{service}.{namespace}.svc:{port}` heading, as raw text. They are read through the API
 * server's service proxy (`services/proxy`), so the gather needs no network path to the DVO pods.
 *
 * The workload names (`name`, `namespace` labels) are left out, the UIDs kept, when the data policy
 * asks for `workload_names` or when the DVO is the managed one. A port that cannot be read is reported
 * and the others are still recorded; no such Service is a warning and records nothing, as the original.
 */
export const dvoMetrics = defineGatheringFunction({
  description: "The Deployment Validation Operator's check results (deployment_validation_operator_* metrics), workload names left out under the workload_names policy.",
  paths: ['config/dvo_metrics'],
  permissions: [
    { resource: 'services', verbs: ['list'] },
    { resource: 'services/proxy', verbs: ['get'] },
  ],
  async *gather(ctx) {
    let found = false;
    let text = '';
    for await (const service of ctx.kube.list<Service>({ apiVersion: 'v1', kind: 'Service' }, { labelSelector: DVO_SERVICE_SELECTOR })) {
      found = true;
      const name = service.metadata?.name ?? '';
      const namespace = service.metadata?.namespace ?? '';
      const withoutNames = namespace === MANAGED_DVO_NAMESPACE || ctx.obfuscation.workloadNames;
      for (const { port } of service.spec?.ports ?? []) {
        if (port === undefined) continue;
        const url = `http://${name}.${namespace}.svc:${port}`;
        let body: string;
        try {
          body = await ctx.kube.serviceProxy(namespace, name, { port, path: '/metrics' });
        } catch (error) {
          // Perhaps not the DVO's metrics port: another port or Service may have them.
          ctx.reportError(`unable to read metrics from ${url}: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        const lines = body.split('\n').filter((line) => line.startsWith(DVO_METRIC_PREFIX));
        const kept = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
        text += `# ${url}\n${withoutNames ? stripWorkloadNameLabels(kept) : kept}`;
      }
    }
    if (!found) {
      ctx.warn(`no service found with label selector ${DVO_SERVICE_SELECTOR}`);
      return;
    }
    yield record({ name: 'config/dvo_metrics', item: raw(text) });
  },
});

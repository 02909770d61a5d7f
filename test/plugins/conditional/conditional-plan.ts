/** Shared setup of the conditional plugin's tests: a planner state built by hand, and pods. */
import type { ContainerLogRequest, LoadedGatheringRules } from '../../../plugin-api/gathering-rules.ts';
import type { AlertLabels, ConditionalState } from '../../../plugins/conditional/conditional-state.ts';
import type { KubeObject } from '../../sim/kube/index.ts';

/**
 * The `ctx.plan` the rules planner would hand the functions: the given firing alerts (by name, each
 * instance's labels, `alertname` added) and `container_logs` requests. `firing: undefined` stands for
 * a Prometheus that could not be asked.
 */
export function conditionalPlan(options: { firing?: Record<string, AlertLabels[]> | undefined; containerLogs?: ContainerLogRequest[] } = {}): ConditionalState {
  const rules: LoadedGatheringRules = {
    configuration: { version: 'test', conditional_gathering_rules: [], container_logs: options.containerLogs ?? [] },
    source: 'remote', endpoint: 'https://rules.test/gathering_rules', available: true, availableReason: 'Succeeded',
    valid: true, validReason: 'Succeeded', message: '',
  };
  const firingAlerts = !('firing' in options) ? new Map<string, AlertLabels[]>()
    : options.firing === undefined ? undefined
    : new Map(Object.entries(options.firing).map(([name, instances]) => [name, instances.map((labels) => ({ alertname: name, alertstate: 'firing', ...labels }))]));
  return { rules, outcomes: [], firingAlerts, clusterVersion: '4.17.0' };
}

/** A scheduled, running pod with these containers (and init containers), ready to have logs. */
export function runningPod(options: {
  namespace: string; name: string; containers: string[]; initContainers?: string[];
  env?: Array<{ name: string; value?: string }>;
}): KubeObject {
  const status = (name: string) => ({ name, ready: true, restartCount: 0, state: { running: { startedAt: '2025-01-01T00:00:00Z' } } });
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: options.name, namespace: options.namespace, uid: `uid-${options.namespace}-${options.name}` },
    spec: {
      nodeName: 'worker-0',
      containers: options.containers.map((name) => ({ name, image: `quay.io/test/${name}:1`, ...(options.env === undefined ? {} : { env: options.env }) })),
      ...(options.initContainers === undefined ? {} : { initContainers: options.initContainers.map((name) => ({ name, image: `quay.io/test/${name}:1`, ...(options.env === undefined ? {} : { env: options.env }) })) }),
    },
    status: {
      phase: 'Running',
      containerStatuses: options.containers.map(status),
      ...(options.initContainers === undefined ? {} : { initContainerStatuses: options.initContainers.map((name) => ({ name, ready: true, restartCount: 0, state: { terminated: { exitCode: 0, containerID: `cri-o://${name}` } } })) }),
    },
  };
}

import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { initialGatherDelay, podWasRestarted } from '../../../core/scheduler/initial-delay.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';

const HOUR = 60 * 60 * 1000;
const NS = 'openshift-insights';

const kube = await useKubeSim({});

function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  return kc;
}

function addPod(name: string, containerStatuses: object[] | undefined): void {
  kube.sim.store.add({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS },
    spec: { containers: [{ name: 'insights-operator', image: 'quay.io/openshift/insights-operator' }] },
    status: { phase: 'Running', ...(containerStatuses === undefined ? {} : { containerStatuses }) },
  });
}

const running = { name: 'insights-operator', ready: true, restartCount: 0, image: 'io', imageID: 'io', state: { running: { startedAt: '2026-11-24T10:00:00Z' } }, lastState: {} };

describe('initialGatherDelay', () => {
  it('is zero on a clean start', () => {
    expect(initialGatherDelay({ intervalMs: 2 * HOUR, restarted: false, random: () => 0.9 })).toBe(0);
  });

  it('is Jitter(interval/12, 0.5) after a restart: 10 to 15 minutes for 2h', () => {
    expect(initialGatherDelay({ intervalMs: 2 * HOUR, restarted: true, random: () => 0 })).toBe(10 * 60 * 1000);
    expect(initialGatherDelay({ intervalMs: 2 * HOUR, restarted: true, random: () => 0.5 })).toBe(12.5 * 60 * 1000);
    expect(initialGatherDelay({ intervalMs: 2 * HOUR, restarted: true, random: () => 1 })).toBe(15 * 60 * 1000);
    for (let i = 0; i < 20; i++) {
      const delay = initialGatherDelay({ intervalMs: 2 * HOUR, restarted: true });
      expect(delay).toBeGreaterThanOrEqual(10 * 60 * 1000);
      expect(delay).toBeLessThanOrEqual(15 * 60 * 1000);
    }
  });
});

describe('podWasRestarted', () => {
  it('is false for a pod whose containers all run for the first time', async () => {
    addPod('fresh', [running, { ...running, name: 'sidecar' }]);
    expect(await podWasRestarted(kubeConfig(), NS, 'fresh')).toBe(false);
  });

  it('is false for a pod with no container status yet', async () => {
    addPod('new', undefined);
    expect(await podWasRestarted(kubeConfig(), NS, 'new')).toBe(false);
  });

  it('is true when a container restarted, terminated before, or is waiting', async () => {
    addPod('restarted', [running, { ...running, name: 'sidecar', restartCount: 2 }]);
    addPod('terminated', [{ ...running, lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: '2026-11-24T09:00:00Z', finishedAt: '2026-11-24T09:59:00Z' } } }]);
    addPod('waiting', [{ ...running, ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } }]);
    const kc = kubeConfig();
    expect(await podWasRestarted(kc, NS, 'restarted')).toBe(true);
    expect(await podWasRestarted(kc, NS, 'terminated')).toBe(true);
    expect(await podWasRestarted(kc, NS, 'waiting')).toBe(true);
  });

  it('is true when the pod cannot be read: missing, or the API fails', async () => {
    expect(await podWasRestarted(kubeConfig(), NS, 'absent')).toBe(true);
    addPod('flaky', [running]);
    kube.sim.faults.add({ path: `/api/v1/namespaces/${NS}/pods/flaky`, status: 503, nth: 1 });
    const warnings: object[] = [];
    const logger = { warn: (fields: object) => void warnings.push(fields) } as unknown as Parameters<typeof podWasRestarted>[3];
    expect(await podWasRestarted(kubeConfig(), NS, 'flaky', logger)).toBe(true);
    expect(warnings).toEqual([expect.objectContaining({ namespace: NS, pod: 'flaky' })]);
    // The fault was one-shot: the same pod now reads as a clean start.
    expect(await podWasRestarted(kubeConfig(), NS, 'flaky')).toBe(false);
  });
});

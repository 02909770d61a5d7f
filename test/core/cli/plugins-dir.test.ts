import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayApiCrds, gatewayApiObjects } from '../../../examples/plugins/gateway-api/test/gateway-api-objects.ts';
import { startKubeSim } from '../../sim/kube/index.ts';
import type { KubeObject, KubeSim } from '../../sim/kube/index.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const EXAMPLES = fileURLToPath(new URL('../../../examples/plugins', import.meta.url));
const ROOT = 'config/gateway.networking.k8s.io';

let sim: KubeSim;
let simDir: string;
let kubeconfig: string;
beforeAll(async () => {
  sim = await startKubeSim({ fixture: 'sample' });
  // CRDs first: their kinds are served only once the CRD is stored.
  for (const object of [...gatewayApiCrds, ...gatewayApiObjects]) sim.store.add(object as KubeObject);
  simDir = await mkdtemp(join(tmpdir(), 'io-plugins-dir-'));
  kubeconfig = join(simDir, 'kubeconfig');
  await sim.writeKubeconfig(kubeconfig);
});
afterAll(async () => {
  await sim?.close();
  if (simDir !== undefined) await rm(simDir, { recursive: true, force: true });
});

describe('insights-operator gather --plugins-dir examples/plugins', () => {
  it('loads the example gateway_api plugin beside the built-ins and archives its records and status entries', async () => {
    const output = await tempDir();
    const result = await runCli(['gather', '--kubeconfig', kubeconfig, '--output', output, '--plugins-dir', EXAMPLES]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/gateway_api\/gateways\s+ok\s+\S+\s+2\n/);
    const files = await readArchive(result.stdout.trimEnd().split('\n').at(-1)!);
    const names = files.map((f) => f.name);
    expect(names.filter((n) => n.startsWith(`${ROOT}/`)).sort()).toEqual([
      `${ROOT}/gatewayclasses/istio.json`,
      `${ROOT}/gatewayclasses/openshift-default.json`,
      `${ROOT}/gateways/edge/public.json`,
      `${ROOT}/gateways/shop/internal.json`,
      `${ROOT}/httproutes.json`,
    ]);
    // The built-ins still ran in the same archive.
    expect(names).toContain('config/version.json');
    const httpRoutes = JSON.parse(files.find((f) => f.name === `${ROOT}/httproutes.json`)!.data.toString('utf8')) as { total: number };
    expect(httpRoutes.total).toBe(3);

    const meta = gathersJson(files);
    expect(meta.plugin_failures).toEqual([]);
    const entries = new Map(meta.status_reports.map((r) => [r.name, r]));
    expect(entries.get('gateway_api')).toMatchObject({ status: 'ok', records_count: 5, version: '0.1.0' });
    expect(entries.get('gateway_api/gateway_classes')).toMatchObject({ status: 'ok', records_count: 2 });
    expect(entries.get('gateway_api/gateways')).toMatchObject({ status: 'ok', records_count: 2 });
    expect(entries.get('gateway_api/httproutes')).toMatchObject({ status: 'ok', records_count: 1 });
  });
});

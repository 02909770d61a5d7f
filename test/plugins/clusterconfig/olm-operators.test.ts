import { describe, expect, it } from 'vitest';
import { olmOperators } from '../../../plugins/clusterconfig/olm-operators.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { failingFor, readSample, useSampleCluster } from './setup.ts';

const PATH = 'config/olm_operators.json';

interface OlmOperator {
  name: string;
  displayName: string;
  version: string;
  csv_conditions: unknown[] | null;
}

const csvRef = (name: string, namespace: string): Record<string, unknown> => ({ apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion', name, namespace });

function operator(name: string, refs: unknown): KubeObject {
  return { apiVersion: 'operators.coreos.com/v1', kind: 'Operator', metadata: { name }, spec: {}, status: refs === undefined ? {} : { components: { labelSelector: {}, refs } } };
}

function csv(name: string, namespace: string, displayName: string | undefined, conditions: unknown[] | undefined): KubeObject {
  return {
    apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion', metadata: { name, namespace },
    spec: { ...(displayName === undefined ? {} : { displayName }), version: '0.0.0', install: { strategy: 'deployment', spec: { deployments: [{ name: 'secret-marker' }] } } },
    status: { phase: 'Succeeded', ...(conditions === undefined ? {} : { conditions }) },
  };
}

describe('clusterconfig/olm_operators', () => {
  const env = useSampleCluster();

  it('reproduces the sample from Operators and their ClusterServiceVersions', async () => {
    const sample = await readSample<OlmOperator[]>(PATH);
    for (const entry of sample) {
      // Operator names are `<package>.<namespace>`; CSV names `<package>.<version>`.
      const [pkg, namespace] = [entry.name.slice(0, entry.name.indexOf('.')), entry.name.slice(entry.name.indexOf('.') + 1)];
      const csvName = `${pkg}.${entry.version}`;
      env.add(
        operator(entry.name, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: pkg, namespace }, csvRef(csvName, namespace)]),
        csv(csvName, namespace, entry.displayName, entry.csv_conditions ?? []),
      );
    }
    const out = await gatherFunction(olmOperators, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    expect(JSON.parse(out.byPath.get(PATH)!.text)).toEqual(sample);
    expect(out.byPath.get(PATH)!.text).not.toContain('secret-marker');
    expect(out.errors).toEqual([]);
  });

  it('writes nothing without installed operators', async () => {
    const out = await gatherFunction(olmOperators, { kube: env.kube });
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
  });

  it('records one entry per operator and version', async () => {
    env.add(
      operator('a.ns', [csvRef('a.v1', 'ns'), csvRef('a.v1', 'ns'), csvRef('a.v2', 'ns')]),
      csv('a.v1', 'ns', 'A', []), csv('a.v2', 'ns', 'A', [{ phase: 'Succeeded' }]),
    );
    const olms = JSON.parse((await gatherFunction(olmOperators, { kube: env.kube })).byPath.get(PATH)!.text) as OlmOperator[];
    expect(olms).toEqual([
      { name: 'a.ns', displayName: 'A', version: 'v1', csv_conditions: [] },
      { name: 'a.ns', displayName: 'A', version: 'v2', csv_conditions: [{ phase: 'Succeeded' }] },
    ]);
  });

  it('reports what it cannot read and records what it knows', async () => {
    env.add(
      operator('no-refs.ns', undefined),
      operator('missing-csv.ns', [csvRef('missing.v1.0', 'ns')]),
      operator('no-version.ns', [csvRef('noversion', 'ns')]),
      operator('bad-csv.ns', [csvRef('bad.v3', 'ns')]),
      csv('bad.v3', 'ns', undefined, []),
    );
    const out = await gatherFunction(olmOperators, { kube: env.kube });
    expect(JSON.parse(out.byPath.get(PATH)!.text)).toEqual([
      { name: 'bad-csv.ns', displayName: '', version: 'v3', csv_conditions: null },
      { name: 'missing-csv.ns', displayName: '', version: 'v1.0', csv_conditions: null },
      { name: 'no-refs.ns', displayName: '', version: '', csv_conditions: null },
      { name: 'no-version.ns', displayName: '', version: '', csv_conditions: null },
    ]);
    expect(out.errors).toEqual([
      "cannot read bad.v3 ClusterServiceVersion attributes: can't find spec.displayName",
      'failed to get missing.v1.0 ClusterServiceVersion: clusterserviceversions.operators.coreos.com "missing.v1.0" not found',
      'cannot find "status.components.refs" in no-refs.ns definition',
      'clusterserviceversion "noversion" probably doesn\'t include version',
    ]);
  });

  it('reports a ClusterServiceVersion it may not read', async () => {
    env.add(operator('a.ns', [csvRef('a.v1', 'ns')]), csv('a.v1', 'ns', 'A', []));
    const out = await gatherFunction(olmOperators, { kube: failingFor(env.kube, 'ClusterServiceVersion', 403) });
    expect(JSON.parse(out.byPath.get(PATH)!.text)).toEqual([{ name: 'a.ns', displayName: '', version: 'v1', csv_conditions: null }]);
    expect(out.errors).toEqual([expect.stringContaining('failed to get a.v1 ClusterServiceVersion')]);
  });

  it('fails when the Operators cannot be listed', async () => {
    await expect(gatherFunction(olmOperators, { kube: failingFor(env.kube, 'Operator', 403) })).rejects.toMatchObject({ statusCode: 403 });
  });
  it('works with exactly the declared permissions', async () => {
    env.add(operator('a.ns', [csvRef('a.v1', 'ns')]), csv('a.v1', 'ns', 'A', []));
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, olmOperators.permissions, 'test-olm-operators');
    const out = await gatherFunction(olmOperators, { kube });
    expect(out.errors).toEqual([]);
    expect(JSON.parse(out.byPath.get(PATH)!.text)).toEqual([{ name: 'a.ns', displayName: 'A', version: 'v1', csv_conditions: [] }]);
  });
});

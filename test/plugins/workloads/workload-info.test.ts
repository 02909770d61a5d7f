import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { workloadInfo } from '../../../plugins/workloads/workload-info.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { readSample, useSampleCluster } from '../clusterconfig/setup.ts';
import { digest, image, pod } from './pods.ts';

/** workloadHashString computed here, independently of the plugin. */
function hash12(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('base64url').slice(0, 12);
}

type Json = Record<string, any>;

/** A namespace entry without what the sample's pods cannot reproduce: image digests and runtime info. */
function withoutImagesAndRuntime(ns: Json): Json {
  const strip = (cs: Json[] | undefined) => cs?.map(({ imageID: _i, runtimeInfo: _r, ...rest }) => rest);
  return { ...ns, shapes: ns.shapes.map((s: Json) => ({ ...s, initContainers: strip(s.initContainers), containers: strip(s.containers) })) };
}

async function gatherJson(kube: Parameters<typeof gatherFunction>[1]['kube']): Promise<{ json: Json; text: string; errors: string[] }> {
  const out = await gatherFunction(workloadInfo, { kube });
  expect(out.records.map((r) => r.path)).toEqual(['config/workload_info.json']);
  const text = out.records[0]!.text;
  return { json: JSON.parse(text) as Json, text, errors: out.errors };
}

describe('workloads/workload_info on the sample', () => {
  const env = useSampleCluster({ fixture: 'sample' });

  it('has the sample structure, hashes every namespace as the original, and matches the sample where its pods allow', async () => {
    const { json, errors } = await gatherJson(env.kube);
    expect(errors).toEqual([]);
    const sample = await readSample<Json>('config/workload_info.json');
    expect(Object.keys(json)).toEqual(Object.keys(sample).filter((k) => k !== 'images'));
    const pods = env.sim.store.list('v1', 'Pod');
    expect(json.pods).toBe(pods.length);
    const namespaces = [...new Set(pods.map((p) => p.metadata.namespace!))];
    expect(Object.keys(json.namespaces).sort()).toEqual(namespaces.map(hash12).sort());
    for (const [key, ns] of Object.entries<Json>(json.namespaces)) {
      expect(Object.keys(ns).every((k) => ['count', 'terminalCount', 'ignoredCount', 'invalidCount', 'shapes'].includes(k))).toBe(true);
      for (const shape of ns.shapes) for (const c of shape.containers) expect(c.imageID).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(key).toMatch(/^[A-Za-z0-9_-]{12}$/);
    }
    // These three namespaces' pods are the same in the simulator's pods and in the sample's
    // workload_info.json (the other files of the archive were captured at other times): same hashed
    // commands and arguments, counts and shapes; only the image digests (images were updated between
    // the captures) and the runtime info (out of scope) differ.
    for (const key of ['CMkFy_B6OMUO', 'F-y2qosZEzxd', 'XStfgPOmHYzB']) {
      expect(withoutImagesAndRuntime(json.namespaces[key])).toEqual(withoutImagesAndRuntime(sample.namespaces[key]));
    }
    // The simulator serves no image.openshift.io Images from the sample: every ID looked up, none found.
    expect(json.images).toBeUndefined();
    expect(json.imageCount).toBeGreaterThan(0);
  });
});

describe('workloads/workload_info on a constructed cluster', () => {
  const env = useSampleCluster({ rbac: true });

  it('records nothing but zero counts on an empty cluster, without error', async () => {
    const { text, errors } = await gatherJson(env.kube);
    expect(text).toBe('{"pods":0,"imageCount":0,"namespaces":null}');
    expect(errors).toEqual([]);
  });

  it('counts, deduplicates and hashes pods, and describes the images the image API knows', async () => {
    const [a, b, c, d] = [digest('a'), digest('b'), digest('c'), digest('d')];
    env.add(
      pod({ namespace: 'team-a', name: 'a1', containers: [{ name: 'app', image: 'quay.io/acme/app:1', imageID: `quay.io/acme/app@${a}`, command: ['/usr/bin/bash', '-c'], args: ['--token=s3cret'] }] }),
      pod({ namespace: 'team-a', name: 'a2', containers: [{ name: 'app', image: 'quay.io/acme/app:1', imageID: `docker-pullable://quay.io/acme/app@${a}`, command: ['bash'], args: ['--token=other'] }] }),
      pod({ namespace: 'team-a', name: 'a3', phase: 'Succeeded', containers: [{ name: 'app', image: 'x', imageID: `x@${a}` }] }),
      pod({ namespace: 'team-a', name: 'a4', phase: 'Unknown', containers: [{ name: 'app', image: 'x', imageID: `x@${a}` }] }),
      pod({ namespace: 'team-a', name: 'a5', containers: [{ name: 'app', image: 'quay.io/acme/app:latest' }] }),
      pod({
        namespace: 'team-a', name: 'a6', restartPolicy: 'Never',
        initContainers: [{ name: 'init', image: `registry.redhat.io/ubi9@${b}`, args: ['setup now'] }],
        containers: [{ name: 'app', image: 'quay.io/acme/app:1', imageID: `quay.io/acme/app@${c}` }],
      }),
      pod({ namespace: 'team-b', name: 'b1', containers: [{ name: 'web', image: `docker.io/library/nginx@${d}`, command: ['nginx'] }] }),
      image(a, ['sha256:l1', 'sha256:l2'], `quay.io/acme/app@${a}`, { Entrypoint: ['/bin/sh', '-c'], Cmd: ['run.sh'] }),
      image(b, ['sha256:l1'], `registry.redhat.io/ubi9@${b}`),
      image(c, [], `quay.io/acme/app@${c}`),
    );
    const { json, text, errors } = await gatherJson(env.kube);
    expect(errors).toEqual([]);
    expect(json).toEqual({
      pods: 7,
      imageCount: 4,
      images: {
        [a]: { layerIDs: ['sha256:l1', 'sha256:l2'], firstCommand: hash12('sh'), firstArg: hash12('run.sh'), repository: hash12(`quay.io/acme/app@${a}`) },
        [b]: { layerIDs: ['sha256:l1'] },
      },
      namespaces: {
        [hash12('team-a')]: {
          count: 6, terminalCount: 1, ignoredCount: 1, invalidCount: 1,
          shapes: [
            { duplicates: 1, restartAlways: true, containers: [{ imageID: a, firstCommand: hash12('bash'), firstArg: hash12('--token') }] },
            { restartAlways: false, initContainers: [{ imageID: b, firstArg: hash12('setup') }], containers: [{ imageID: c }] },
          ],
        },
        [hash12('team-b')]: { count: 1, shapes: [{ restartAlways: true, containers: [{ imageID: d, firstCommand: hash12('nginx') }] }] },
      },
    });
    // Field order is the original's struct order; map keys sorted.
    expect(text.startsWith(`{"pods":7,"imageCount":4,"images":{"${a}":{"layerIDs":`)).toBe(true);
    expect(text).toContain('{"duplicates":1,"restartAlways":true,"containers":');
    for (const secret of ['s3cret', 'team-a', 'acme', 'run.sh', 'setup']) expect(text).not.toContain(secret);
  });

  it('describes no image when the image API refuses, and still records the pods', async () => {
    env.add(
      pod({ namespace: 'team-c', name: 'c1', containers: [{ name: 'app', image: `quay.io/acme/app@${digest('e')}` }] }),
      image(digest('e'), ['sha256:l9'], `quay.io/acme/app@${digest('e')}`),
    );
    const token = env.sim.serviceAccountToken('openshift-insights', 'pods-only');
    env.add(
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'pods-only' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }] },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'pods-only' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'pods-only' },
        subjects: [{ kind: 'ServiceAccount', name: 'pods-only', namespace: 'openshift-insights' }],
      },
    );
    const { json, errors } = await gatherJson(await env.connect(token));
    expect(errors).toEqual([]);
    expect(json.pods).toBe(1);
    expect(json.imageCount).toBe(1);
    expect(json.images).toBeUndefined();
    // The admin reads it.
    expect((await gatherJson(env.kube)).json.images).toEqual({ [digest('e')]: { layerIDs: ['sha256:l9'], repository: hash12(`quay.io/acme/app@${digest('e')}`) } });
  });
});

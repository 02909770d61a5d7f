import { describe, expect, it } from 'vitest';
import { imageStreamsOfNamespace } from '../../../plugins/conditional/image-streams-of-namespace.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { connectWithDeclaredPermissions } from '../clusterconfig/declared-permissions.ts';
import { expectSameObject, readSample, useSampleCluster } from '../clusterconfig/setup.ts';

const SAMPLE_PATH = 'conditional/namespaces/openshift-cluster-samples-operator/imagestreams/example.json';

describe('conditional/image_streams_of_namespace', () => {
  const env = useSampleCluster();

  it("records the sample's ImageStream at the sample's path, as the sample has it", async () => {
    const out = await gatherFunction(imageStreamsOfNamespace, { kube: env.kube, params: { namespace: 'openshift-cluster-samples-operator' } });
    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.path)).toEqual([SAMPLE_PATH]);
    expectSameObject(out.records[0]!.text, await readSample(SAMPLE_PATH));
  });

  it('x-es the repositories and image references, keeping their lengths, and nothing else', async () => {
    env.add(
      {
        apiVersion: 'image.openshift.io/v1', kind: 'ImageStream',
        metadata: { name: 'app', namespace: 'openshift-test-is', managedFields: [{ manager: 'x' }], annotations: { note: 'kept' } },
        spec: {
          dockerImageRepository: 'registry.corp.example/team/app',
          lookupPolicy: { local: false },
          tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'quay.io/corp/app:1.2' }, importPolicy: {} }, { name: 'bare' }],
        },
        status: {
          dockerImageRepository: 'image-registry.openshift-image-registry.svc:5000/openshift-test-is/app',
          publicDockerImageRepository: 'default-route.apps.corp.example/openshift-test-is/app',
          tags: [{ tag: 'latest', items: [{ dockerImageReference: 'quay.io/corp/app@sha256:abc', image: 'sha256:abc', generation: 2 }] }],
        },
      },
      { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'elsewhere', namespace: 'openshift-other' }, spec: {} },
    );
    const out = await gatherFunction(imageStreamsOfNamespace, { kube: env.kube, params: { namespace: 'openshift-test-is' } });
    expect(out.records.map((r) => r.path)).toEqual(['conditional/namespaces/openshift-test-is/imagestreams/app.json']);
    const stream = JSON.parse(out.records[0]!.text);
    const x = (s: string) => 'x'.repeat(s.length);
    expect(stream.metadata.managedFields).toBeUndefined();
    expect(stream.metadata.annotations).toEqual({ note: 'kept' });
    expect(stream.spec).toEqual({
      dockerImageRepository: x('registry.corp.example/team/app'),
      lookupPolicy: { local: false },
      tags: [{ name: 'latest', from: { kind: 'DockerImage', name: x('quay.io/corp/app:1.2') }, importPolicy: {} }, { name: 'bare' }],
    });
    expect(stream.status).toEqual({
      dockerImageRepository: x('image-registry.openshift-image-registry.svc:5000/openshift-test-is/app'),
      publicDockerImageRepository: x('default-route.apps.corp.example/openshift-test-is/app'),
      tags: [{ tag: 'latest', items: [{ dockerImageReference: x('quay.io/corp/app@sha256:abc'), image: 'sha256:abc', generation: 2 }] }],
    });
  });

  it('records nothing for a namespace without ImageStreams', async () => {
    const out = await gatherFunction(imageStreamsOfNamespace, { kube: env.kube, params: { namespace: 'openshift-empty' } });
    expect(out).toMatchObject({ records: [], errors: [], warnings: [] });
  });

  it('works with exactly its declared permissions, and fails without them', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, imageStreamsOfNamespace.permissions, 'test-image-streams');
    const out = await gatherFunction(imageStreamsOfNamespace, { kube, params: { namespace: 'openshift-cluster-samples-operator' } });
    expect(out.records.map((r) => r.path)).toEqual([SAMPLE_PATH]);
    const none = await connectWithDeclaredPermissions(env.sim, env.connect, [], 'test-image-streams-none');
    await expect(gatherFunction(imageStreamsOfNamespace, { kube: none, params: { namespace: 'openshift-cluster-samples-operator' } })).rejects.toThrow(/forbidden/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseClusterTransferList } from '../../../../core/ocm/transfer/cluster-transfer-list.ts';
import { mergePullSecrets, parsePullSecret } from '../../../../core/ocm/transfer/pull-secret.ts';
import type { PullSecretDocument } from '../../../../core/ocm/transfer/pull-secret.ts';

const doc = (json: string): PullSecretDocument => JSON.parse(json) as PullSecretDocument;

describe('mergePullSecrets', () => {
  // The original's Test_ClusterTransfer_PullSecretUpdate cases.
  it('updates an auth and an email, keeping the rest of the entry', () => {
    const { merged, changedRegistries } = mergePullSecrets(
      doc('{"auths":{"cloud.openshift.com":{"auth":"eyJ","email":"test@test.com"},"quay.io":{"auth":"l3Y","email":"test-quay@test.com"}}}'),
      doc('{"auths":{"cloud.openshift.com":{"auth":"eyJ==","email":"updated@updated.com"},"quay.io":{"email":"test-quay@updated.com"}}}'),
    );
    expect(changedRegistries).toEqual(['cloud.openshift.com', 'quay.io']);
    expect(merged).toEqual(doc('{"auths":{"cloud.openshift.com":{"auth":"eyJ==","email":"updated@updated.com"},"quay.io":{"auth":"l3Y","email":"test-quay@updated.com"}}}'));
  });

  it('adds a new registry', () => {
    const { merged, changedRegistries } = mergePullSecrets(
      doc('{"auths":{"cloud.openshift.com":{"auth":"xyz","email":"test@test.com"}}}'),
      doc('{"auths":{"cloud.openshift.com":{"auth":"abcde.123456"},"quay.io":{"auth":"l3Y","email":"q@u.com"}}}'),
    );
    expect(changedRegistries).toEqual(['cloud.openshift.com', 'quay.io']);
    expect(merged).toEqual(doc('{"auths":{"cloud.openshift.com":{"auth":"abcde.123456","email":"test@test.com"},"quay.io":{"auth":"l3Y","email":"q@u.com"}}}'));
  });

  it('needs no update when the incoming auths are already there', () => {
    const current = doc('{"auths":{"cloud.openshift.com":{"auth":"xyz","email":"test@test.com"},"registry.redhat.io":{"auth":"Njk"}},"HttpHeaders":{"header1":"value1"}}');
    expect(mergePullSecrets(current, doc('{"auths":{"cloud.openshift.com":{"email":"test@test.com","auth":"xyz"}}}')).changedRegistries).toEqual([]);
    // An entry repeating only some of the fields changes nothing either.
    expect(mergePullSecrets(current, doc('{"auths":{"cloud.openshift.com":{"auth":"xyz"}}}')).changedRegistries).toEqual([]);
  });
});

describe('parsePullSecret', () => {
  it('accepts a pull secret', () => {
    expect(parsePullSecret('{"auths":{"a":{"auth":"x","email":"e"}}}', 's')).toMatchObject({ ok: true });
  });
  it('refuses what the original\'s decoding refuses, without quoting the text', () => {
    for (const text of ['', 'not json', '[1]', '{"auths":[]}', '{"auths":{"a":"TOPSECRET"}}', '{"auths":{"a":{"auth":7}}}', '{"HttpHeaders":{"h":1}}']) {
      const result = parsePullSecret(text, 'the secret');
      expect(result.ok, text).toBe(false);
      expect(JSON.stringify(result)).not.toContain('TOPSECRET');
    }
  });
});

describe('parseClusterTransferList', () => {
  it('reads the list', () => {
    const body = Buffer.from(JSON.stringify({ kind: 'ClusterTransferList', page: 1, size: 1, total: 1, items: [{ id: 't', status: 'accepted', secret: '{}' }] }));
    expect(parseClusterTransferList(body)).toEqual({ ok: true, list: { total: 1, items: [{ id: 't', status: 'accepted', secret: '{}' }] } });
  });
  it('refuses unexpected shapes', () => {
    for (const text of ['nope', '[]', '{"items":{}}', '{"total":"1"}', '{"items":[3]}', '{"items":[{"secret":{}}]}']) {
      expect(parseClusterTransferList(Buffer.from(text)).ok, text).toBe(false);
    }
  });
});

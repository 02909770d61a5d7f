import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { idForImageReference } from '../../../plugins/workloads/image-digest.ts';
import { workloadArgumentString, workloadHashString } from '../../../plugins/workloads/workload-hash.ts';

describe('workloads hashing helpers', () => {
  it('hashes as SHA-256, base64url, first 12 characters (values computed with Python hashlib)', () => {
    expect(workloadHashString('bash')).toBe('N9KxLV2avCo2');
    expect(workloadHashString('openshift-etcd')).toBe('47HAKWqp7-jn');
    expect(workloadHashString('nginx')).toBe('W-Hsx5NfHdhW');
    expect(workloadHashString('')).toBe('47DEQpj8HBSa');
    const independent = (s: string) => Buffer.from(createHash('sha256').update(s).digest()).toString('base64').replaceAll('+', '-').replaceAll('/', '_').slice(0, 12);
    for (const s of ['a', 'é', 'x'.repeat(1000), 'ns-with-🙂']) expect(workloadHashString(s)).toBe(independent(s));
  });

  it('keeps the first word of an argument, strips flag values and paths, as workloadArgumentString', () => {
    expect(workloadArgumentString('/usr/bin/bash -c "echo secret"')).toBe('bash');
    expect(workloadArgumentString('  python3 ')).toBe('python3');
    expect(workloadArgumentString('--config=/etc/secret.yaml')).toBe('--config');
    expect(workloadArgumentString('--verbose')).toBe('');
    expect(workloadArgumentString('-v')).toBe('');
    expect(workloadArgumentString('c:\\foo\\bar')).toBe('bar');
    expect(workloadArgumentString('/bin/')).toBe('bin');
    expect(workloadArgumentString('')).toBe('');
  });

  it('takes the digest of a reference, or nothing without a valid one', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(idForImageReference(`quay.io/org/app@${digest}`)).toBe(digest);
    expect(idForImageReference(`quay.io/org/app:1.0@${digest}`)).toBe(digest);
    expect(idForImageReference('quay.io/org/app:1.0')).toBe('');
    expect(idForImageReference(`quay.io/org/app@sha256:${'a'.repeat(63)}`)).toBe('');
    expect(idForImageReference(`Quay.io/Org/App@${digest}`)).toBe('');
    expect(idForImageReference('')).toBe('');
  });
});

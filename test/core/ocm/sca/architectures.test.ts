import type { V1Node } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { architecturesOf, ocmArch } from '../../../../core/ocm/sca/architectures.ts';

function node(arch: string | undefined, labels: Record<string, string> = {}): V1Node {
  return { metadata: { name: `n-${arch}`, labels }, status: { nodeInfo: { architecture: arch } as never } };
}

describe('ocmArch', () => {
  it('maps Kubernetes names to the SCA API\'s', () => {
    expect(['amd64', 'arm64', '386', 'ppc64le', 's390x'].map((a) => ocmArch(a))).toEqual(['x86_64', 'aarch64', 'x86', 'ppc64le', 's390x']);
  });
  it('takes the operator\'s own architecture for an unknown one', () => {
    expect(ocmArch('mips', 'arm64')).toBe('aarch64');
    expect(ocmArch(undefined, 'x64')).toBe('x86_64');
  });
});

describe('architecturesOf', () => {
  it('collects the architectures and the first control-plane node\'s', () => {
    const result = architecturesOf([
      node('arm64', { 'node-role.kubernetes.io/worker': '' }),
      node('amd64', { 'node-role.kubernetes.io/control-plane': '' }),
      node('arm64', { 'node-role.kubernetes.io/master': '' }),
      node('amd64'),
    ]);
    expect(result).toEqual({ nodeArchitectures: ['aarch64', 'x86_64'], controlPlaneArch: 'x86_64' });
  });
  it('accepts the older master label', () => {
    expect(architecturesOf([node('s390x', { 'node-role.kubernetes.io/master': '' })]).controlPlaneArch).toBe('s390x');
  });
  it('has no control-plane architecture without the labels', () => {
    expect(architecturesOf([node('amd64')]).controlPlaneArch).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import {
  ANONYMIZED_PEM_BLOCK, anonymizePemBlocks, maskSensitiveEnv, maskString, maskUrl, maskUrlList, withMaskedFields,
} from '../../plugin-api/index.ts';

describe('anonymization helpers (the original pkg/utils/anonymize rules)', () => {
  it('maskString keeps the UTF-8 byte length only', () => {
    expect(maskString('secret')).toBe('xxxxxx');
    expect(maskString('é')).toBe('xx');
    expect(maskString('')).toBe('');
  });

  it('maskUrl keeps . - / : only', () => {
    expect(maskUrl('http://user:pa55@proxy.example.com:3128/p-q')).toBe('xxxx://xxxx:xxxxxxxxxx.xxxxxxx.xxx:xxxx/x-x');
    expect(maskUrlList('.cluster.local,10.0.0.0/16')).toBe('.xxxxxxx.xxxxx,xx.x.x.x/xx');
  });

  it('maskSensitiveEnv masks proxy variables and copies, never mutates', () => {
    const containers = [{ name: 'a', env: [{ name: 'HTTPS_PROXY', value: 'http://u:p@h:1' }, { name: 'LOG', value: 'debug' }, { name: 'MY_HTTP_PROXY_URL', value: 'abc' }] }, { name: 'b' }];
    const masked = maskSensitiveEnv(containers);
    expect(masked[0]!.env).toEqual([{ name: 'HTTPS_PROXY', value: 'xxxxxxxxxxxxxx' }, { name: 'LOG', value: 'debug' }, { name: 'MY_HTTP_PROXY_URL', value: 'xxx' }]);
    expect(masked[1]).toBe(containers[1]);
    expect(containers[0]!.env![0]!.value).toBe('http://u:p@h:1');
    expect(maskSensitiveEnv(undefined)).toEqual([]);
  });

  it('anonymizePemBlocks replaces every certificate or key body, wherever it stands', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\nabc==\n-----END CERTIFICATE-----\n';
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n';
    expect(anonymizePemBlocks(cert + cert)).toBe(ANONYMIZED_PEM_BLOCK + ANONYMIZED_PEM_BLOCK);
    const mixed = anonymizePemBlocks(`# bundle\n${key}trailing text\n`);
    expect(mixed).toBe(`# bundle\n${ANONYMIZED_PEM_BLOCK}trailing text\n`);
    expect(mixed).not.toContain('MIIEpAIBAAKCAQEA');
    expect(anonymizePemBlocks('plain value')).toBe('plain value');
  });

  it('withMaskedFields masks strings at paths in a deep copy', () => {
    const obj = { spec: { idp: [{ name: 'corp', clientID: 'id-123' }], n: 5 } };
    const out = withMaskedFields(obj, [['spec', 'idp', '0', 'clientID'], ['spec', 'n'], ['spec', 'missing', 'x']]);
    expect(out).toEqual({ spec: { idp: [{ name: 'corp', clientID: 'xxxxxx' }], n: 5 } });
    expect(obj.spec.idp[0]!.clientID).toBe('id-123');
    expect(withMaskedFields(obj, [['spec', 'idp', '0', 'name']], maskUrl).spec.idp[0]!.name).toBe('xxxx');
  });
});

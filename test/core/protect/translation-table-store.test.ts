import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCidr } from '../../../core/protect/ip-address.ts';
import { TRANSLATION_TABLE_KEY, TRANSLATION_TABLE_SECRET, TranslationTableStore } from '../../../core/protect/translation-table-store.ts';
import { TranslationTable } from '../../../core/protect/translation-table.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';

const kube = await useKubeSim({});
let kc: KubeConfig;
let core: CoreV1Api;

beforeAll(async () => {
  kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: TRANSLATION_TABLE_SECRET.namespace } } });
});

describe('TranslationTableStore', () => {
  it('loads an empty table when the secret is absent, saves it (create, then update) and loads it back', async () => {
    const log = captureLogger();
    const store = new TranslationTableStore(kc, log.logger);
    const empty = await store.load();
    expect(empty.size).toBe(0);
    expect(log.text()).toContain('no obfuscation translation table stored yet');

    const table = new TranslationTable();
    table.assign('10.129.7.23', parseCidr('10.128.0.0/14')!);
    expect(await store.save(table)).toBe(true);
    const stored = await core.readNamespacedSecret({ ...TRANSLATION_TABLE_SECRET });
    expect(Object.keys(stored.data ?? {})).toEqual([TRANSLATION_TABLE_KEY]);

    table.assign('fd01::2a', parseCidr('fd01::/48')!);
    expect(await store.save(table)).toBe(true);
    const loaded = await new TranslationTableStore(kc, log.logger).load();
    expect(loaded.lookup('10.129.7.23')).toBe('10.128.0.1');
    expect(loaded.lookup('fd01::2a')).toBe('fd01::1');
    expect(loaded.assign('10.129.7.24', parseCidr('10.128.0.0/14')!)).toBe('10.128.0.2');
  });

  it('loads an empty table, with a warning, when the stored one is not valid', async () => {
    await core.replaceNamespacedSecret({
      ...TRANSLATION_TABLE_SECRET,
      body: { metadata: { ...TRANSLATION_TABLE_SECRET }, data: { [TRANSLATION_TABLE_KEY]: Buffer.from('{not json').toString('base64') } },
    });
    const log = captureLogger();
    const table = await new TranslationTableStore(kc, log.logger).load();
    expect(table.size).toBe(0);
    expect(log.text()).toContain('is not valid');
  });

  it('logs and reports a failed save instead of throwing', async () => {
    const denied = new KubeConfig();
    denied.loadFromFile(kube.kubeconfigPath);
    (denied.getCurrentUser() as { token?: string }).token = 'not-a-valid-token';
    const log = captureLogger();
    const store = new TranslationTableStore(denied, log.logger);
    expect(await store.save(new TranslationTable())).toBe(false);
    expect(log.text()).toContain('cannot be stored');
    expect((await store.load()).size).toBe(0);
    expect(log.text()).toContain('cannot be read');
  });
});

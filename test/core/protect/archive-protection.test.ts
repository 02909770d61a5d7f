import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createArchiveProtection, REDACTIONS_RECORD_NAME } from '../../../core/protect/archive-protection.ts';
import type { RedactionReport } from '../../../core/protect/archive-protection.ts';
import type { SecretScrubber } from '../../../core/protect/protection.ts';
import type { ArchiveEntry } from '../../../core/recorder/recorder.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';

const silent = pino({ level: 'silent' });
const entry = (name: string, text: string): ArchiveEntry => ({ name, data: Buffer.from(text) });
const text = (e: ArchiveEntry) => e.data.toString('utf8');

/** A stand-in scrubber: masks `s3cr3t` words, one redaction per hit under rule `word`. */
const wordScrubber: SecretScrubber = {
  scrub(e) {
    const hits = text(e).split('s3cr3t').length - 1;
    if (hits === 0) return { entry: e, redactions: [] };
    return { entry: { name: e.name, data: Buffer.from(text(e).replaceAll('s3cr3t', '***')) }, redactions: [{ file: e.name, rule: 'word', count: hits }] };
  },
};

async function report(protection: Awaited<ReturnType<typeof createArchiveProtection>>): Promise<RedactionReport> {
  const entries = await protection.finish();
  expect(entries.map((e) => e.name)).toEqual([REDACTIONS_RECORD_NAME]);
  return JSON.parse(text(entries[0]!)) as RedactionReport;
}

/** A kubeconfig whose server refuses connections: nothing about the cluster can be read. */
function unreachable(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: false }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

describe('createArchiveProtection', () => {
  it('scrubs with the built-in scrubber by default and reports file, rule and count, never the value', async () => {
    const protection = await createArchiveProtection({ networking: false, logger: silent });
    expect(protection.obfuscationEnabled).toBe(false);
    const out = protection.transform(entry('config/pod/ns/p.json', '{"env":[{"name":"DB_PASSWORD","value":"hunter2-x9"}]}'));
    expect(text(out)).not.toContain('hunter2-x9');
    const r = await report(protection);
    expect(r.total).toBe(1);
    expect(r.redactions).toEqual([{ file: 'config/pod/ns/p.json', rule: expect.any(String), count: 1 }]);
    expect(JSON.stringify(r)).not.toContain('hunter2');
  });

  it('always writes the report: empty when nothing was masked', async () => {
    const protection = await createArchiveProtection({ networking: false, logger: silent, scrubber: wordScrubber });
    protection.transform(entry('a', 'nothing here'));
    expect(await report(protection)).toEqual({ redactions: [], total: 0 });
  });

  it('sums counts per file and rule and sorts by file, then rule', async () => {
    const protection = await createArchiveProtection({ networking: false, logger: silent, scrubber: wordScrubber });
    protection.transform(entry('z/late', 's3cr3t'));
    protection.transform(entry('a/early', 's3cr3t and s3cr3t'));
    protection.transform(entry('z/late', 's3cr3t s3cr3t s3cr3t'));
    expect(await report(protection)).toEqual({
      redactions: [{ file: 'a/early', rule: 'word', count: 2 }, { file: 'z/late', rule: 'word', count: 4 }],
      total: 6,
    });
  });

  it('obfuscates before scrubbing, so redactions name the file as it stands in the archive', async () => {
    // No cluster access: loopback is the only known network, and every other address becomes 0.0.0.0.
    const protection = await createArchiveProtection({ networking: true, logger: silent, scrubber: wordScrubber });
    expect(protection.obfuscationEnabled).toBe(true);
    const out = protection.transform(entry('config/host/10.0.0.5/127.0.0.9', 'peer 10.0.0.5 local 127.0.0.9 key s3cr3t'));
    expect(out.name).toBe('config/host/0.0.0.0/127.0.0.1');
    expect(text(out)).toBe('peer 0.0.0.0 local 127.0.0.1 key ***');
    expect((await report(protection)).redactions).toEqual([{ file: 'config/host/0.0.0.0/127.0.0.1', rule: 'word', count: 1 }]);
  });

  it('still obfuscates everything when the cluster cannot be read, and says why', async () => {
    const log = captureLogger();
    const protection = await createArchiveProtection({ networking: true, kubeConfig: unreachable(), logger: log.logger, scrubber: wordScrubber });
    const out = protection.transform(entry('n/10.128.0.5', 'pod 10.128.0.5 svc 172.30.0.10 v6 fd01::5 lo 127.0.0.3'));
    expect(out.name).toBe('n/0.0.0.0');
    expect(text(out)).toBe('pod 0.0.0.0 svc 0.0.0.0 v6 :: lo 127.0.0.1');
    expect(log.text()).toMatch(/networking obfuscation: .*cannot be read/);
    // Storing the table fails too: logged, and the archive is not affected.
    await expect(report(protection)).resolves.toEqual({ redactions: [], total: 0 });
    expect(log.text()).toMatch(/translation table cannot be stored/);
  });

  it('passes its own report through unchanged, and still protects records after finish (gathers.json)', async () => {
    const log = captureLogger();
    const protection = await createArchiveProtection({ networking: true, logger: log.logger, scrubber: wordScrubber });
    protection.transform(entry('hosts/127.0.0.7', 's3cr3t'));
    const [own] = await protection.finish();
    // Obfuscating the report again would remap 127.0.0.1 (the name it lists) to another address.
    expect(protection.transform(own!)).toBe(own);
    expect(text(own!)).toContain('hosts/127.0.0.1');
    const meta = protection.transform(entry('insights-operator/gathers.json', '{"errors":["10.1.2.3 said s3cr3t"]}'));
    expect(text(meta)).toBe('{"errors":["0.0.0.0 said ***"]}');
    expect(log.text()).toContain('values masked after the redaction report was written');
  });
});

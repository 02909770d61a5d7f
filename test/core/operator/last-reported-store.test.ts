import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LAST_REPORTED_FILE, LastReportedStore } from '../../../core/operator/last-reported-store.ts';
import type { ClusterOperatorObject } from '../../../core/status/cluster-operator-api.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const silent = pino({ level: 'silent' });
const co = (lastReportTime?: string) => async (): Promise<ClusterOperatorObject | undefined> => ({
  apiVersion: 'config.openshift.io/v1', kind: 'ClusterOperator', metadata: { name: 'insights' },
  status: lastReportTime === undefined ? {} : { extension: { lastReportTime } },
});

describe('LastReportedStore', () => {
  it('starts from the later of the storage file and the ClusterOperator extension', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, LAST_REPORTED_FILE), '2026-11-24T10:05:00.000Z\n');
    const newerInStatus = new LastReportedStore(() => dir, { get: co('2026-11-24T11:00:00Z') }, silent, () => {});
    await newerInStatus.load();
    expect(newerInStatus.get()?.toISOString()).toBe('2026-11-24T11:00:00.000Z');
    const olderInStatus = new LastReportedStore(() => dir, { get: co('2026-11-24T09:00:00Z') }, silent, () => {});
    await olderInStatus.load();
    expect(olderInStatus.get()?.toISOString()).toBe('2026-11-24T10:05:00.000Z');
  });

  it('is unknown when neither copy exists or can be read, without throwing', async () => {
    const dir = await tempDir();
    const store = new LastReportedStore(() => dir, { get: async () => { throw new Error('API down'); } }, silent, () => {});
    await store.load();
    expect(store.get()).toBeUndefined();
  });

  it('set() writes the file at once and asks for a status write', async () => {
    const dir = await tempDir();
    let statusWrites = 0;
    const store = new LastReportedStore(() => dir, { get: co() }, silent, () => { statusWrites++; });
    await store.set(new Date('2026-11-24T12:00:00Z'));
    expect(store.get()?.toISOString()).toBe('2026-11-24T12:00:00.000Z');
    expect((await readFile(join(dir, LAST_REPORTED_FILE), 'utf8')).trim()).toBe('2026-11-24T12:00:00.000Z');
    expect(statusWrites).toBe(1);
    const reloaded = new LastReportedStore(() => dir, { get: co() }, silent, () => {});
    await reloaded.load();
    expect(reloaded.get()?.toISOString()).toBe('2026-11-24T12:00:00.000Z');
  });
});

import { describe, expect, it } from 'vitest';
import { StatusSources } from '../../../core/status/status-sources.ts';

const fail = { healthy: false, reason: 'UploadFailed', message: 'upload failed' };
const ok = { healthy: true, reason: 'Succeeded', message: 'uploaded' };

describe('StatusSources', () => {
  it('a registered source is not ready until it reports', () => {
    const s = new StatusSources();
    s.register('Uploading');
    expect(s.get('Uploading')).toMatchObject({ ready: false, count: 0 });
    s.report('Uploading', ok);
    expect(s.get('Uploading')).toMatchObject({ ready: true, healthy: true, count: 1 });
  });

  it('counts consecutive failures and resets when health flips', () => {
    const s = new StatusSources();
    s.register('Uploading');
    for (let i = 0; i < 3; i++) s.report('Uploading', fail);
    expect(s.consecutiveFailures('Uploading')).toBe(3);
    expect(s.get('Uploading')?.count).toBe(3);
    s.report('Uploading', ok);
    expect(s.consecutiveFailures('Uploading')).toBe(0);
    expect(s.get('Uploading')?.count).toBe(1);
    s.report('Uploading', ok);
    expect(s.get('Uploading')?.count).toBe(2);
    s.report('Uploading', fail);
    expect(s.consecutiveFailures('Uploading')).toBe(1);
  });

  it('keeps the latest reason, message and HTTP status', () => {
    const s = new StatusSources();
    s.report('PullingSCACerts', { healthy: false, reason: 'A', message: 'a', httpStatusCode: 404 });
    s.report('PullingSCACerts', { healthy: false, reason: 'B', message: 'b', httpStatusCode: 503 });
    expect(s.get('PullingSCACerts')).toEqual({ name: 'PullingSCACerts', healthy: false, reason: 'B', message: 'b', httpStatusCode: 503, count: 2, ready: true });
  });

  it('an explicit count replaces the running one', () => {
    const s = new StatusSources();
    s.report('Uploading', { ...fail, count: 7 });
    s.report('Uploading', fail);
    expect(s.consecutiveFailures('Uploading')).toBe(8);
  });

  it('registering again keeps the state; unknown sources have no failures; snapshot lists all', () => {
    const s = new StatusSources();
    s.register('Uploading');
    s.report('Uploading', fail);
    s.register('Uploading');
    s.register('DownloadingReport');
    expect(s.consecutiveFailures('Uploading')).toBe(1);
    expect(s.consecutiveFailures('Nope')).toBe(0);
    expect(s.snapshot().map((x) => x.name)).toEqual(['Uploading', 'DownloadingReport']);
  });
});

import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ocmRequest } from '../../../core/ocm/ocm-request.ts';
import { parseJsonQuietly } from '../../../core/ocm/parse-json-quietly.ts';
import { sendWithServerErrorBackoff } from '../../../core/ocm/server-error-backoff.ts';
import { statusReason } from '../../../core/ocm/status-reason.ts';
import type { Scheduler } from '../../../core/time/scheduler.ts';
import { FakeInsightsHttp, fakeResponse } from '../../helpers/fake-insights-http.ts';

/** Fires every timer at once and records the delays asked for. */
function instantScheduler(delays: number[]): Scheduler {
  return {
    setTimeout(callback, ms) {
      delays.push(ms);
      return setImmediate(callback);
    },
    clearTimeout(handle) {
      clearImmediate(handle as NodeJS.Immediate);
    },
  };
}

describe('statusReason', () => {
  it('is the status text without spaces, with Go\'s wording', () => {
    expect(statusReason(404)).toBe('NotFound');
    expect(statusReason(500)).toBe('InternalServerError');
    expect(statusReason(503)).toBe('ServiceUnavailable');
    expect(statusReason(413)).toBe('RequestEntityTooLarge');
    expect(statusReason(599)).toBe('HTTP599');
  });
});

describe('parseJsonQuietly', () => {
  it('parses JSON', () => {
    expect(parseJsonQuietly(Buffer.from('{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
  });
  it('never quotes the input in its problem', () => {
    const result = parseJsonQuietly(Buffer.from('{"auths":{"x":{"auth":"SECRET-VALUE"}'));
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('SECRET');
    expect(parseJsonQuietly('')).toEqual({ ok: false, problem: 'it is empty, not JSON' });
  });
});

describe('sendWithServerErrorBackoff', () => {
  it('retries >= 500 five times in all, waiting first, ×2 each time, capped', async () => {
    const delays: number[] = [];
    let calls = 0;
    const response = await sendWithServerErrorBackoff(
      async () => {
        calls += 1;
        return fakeResponse(503);
      },
      { firstDelayMs: 100, capMs: 500 },
      { scheduler: instantScheduler(delays) },
    );
    expect(calls).toBe(5);
    expect(delays).toEqual([100, 200, 400, 500]);
    expect(response.statusCode).toBe(503);
  });

  it('stops at the first answer below 500', async () => {
    const answers = [503, 500, 404];
    const delays: number[] = [];
    const response = await sendWithServerErrorBackoff(async () => fakeResponse(answers.shift()!), { firstDelayMs: 10, capMs: 1000 }, { scheduler: instantScheduler(delays) });
    expect(response.statusCode).toBe(404);
    expect(delays).toEqual([10, 20]);
  });

  it('does not retry a transport error', async () => {
    let calls = 0;
    await expect(sendWithServerErrorBackoff(async () => {
      calls += 1;
      throw new Error('ECONNREFUSED');
    }, { firstDelayMs: 10, capMs: 1000 })).rejects.toThrow('ECONNREFUSED');
    expect(calls).toBe(1);
  });

  it('ends a wait when the signal aborts', async () => {
    const abort = new AbortController();
    const started = performance.now();
    const pending = sendWithServerErrorBackoff(async () => fakeResponse(500), { firstDelayMs: 60_000, capMs: 60_000 }, { signal: abort.signal });
    setTimeout(() => abort.abort(new Error('stopping')), 20);
    await expect(pending).rejects.toThrow('stopping');
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('ocmRequest', () => {
  const logger = pino({ level: 'silent' });
  const signal = new AbortController().signal;

  it('sends with AccessToken auth and a JSON content type', async () => {
    const http = new FakeInsightsHttp().script(fakeResponse(200, { items: [] }));
    const outcome = await ocmRequest(http, { method: 'POST', url: 'https://ocm.example/x', body: '{}' }, { backoff: { firstDelayMs: 1, capMs: 1 }, signal, logger });
    expect(outcome.kind).toBe('ok');
    expect(http.requests[0]).toMatchObject({ auth: 'ocm', method: 'POST', headers: { 'content-type': 'application/json' } });
  });

  it('describes an HTTP failure with a scrubbed, quoted body and no userinfo', async () => {
    const http = new FakeInsightsHttp().script(fakeResponse(404, 'echo: AccessToken cluster:s3cr3t-token-value'));
    const outcome = await ocmRequest(http, { method: 'GET', url: 'https://user:pw@ocm.example/x' }, {
      backoff: { firstDelayMs: 1, capMs: 1 }, signal, logger, secrets: ['s3cr3t-token-value'],
    });
    expect(outcome).toMatchObject({ kind: 'http', statusCode: 404, reason: 'NotFound' });
    const message = (outcome as { message: string }).message;
    expect(message).toContain('returned HTTP 404');
    expect(message).not.toContain('s3cr3t');
    expect(message).not.toContain('user:pw');
  });

  it('reports a transport failure as such', async () => {
    const http = new FakeInsightsHttp().script(new Error('GET https://ocm.example/x got no HTTP response (refused): connect ECONNREFUSED'));
    const outcome = await ocmRequest(http, { method: 'GET', url: 'https://ocm.example/x' }, { backoff: { firstDelayMs: 1, capMs: 1 }, signal, logger });
    expect(outcome).toEqual({ kind: 'transport', message: expect.stringContaining('ECONNREFUSED') });
  });
});

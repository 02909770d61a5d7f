/**
 * A scripted `InsightsHttp` for unit tests of the services that talk to Red Hat: each request takes
 * the next scripted answer (a response, an error to throw, or a function of the request), then the
 * fallback. Every request is recorded with the time it was made.
 */
import type { InsightsHttp, InsightsRequest, InsightsResponse } from '../../core/insights/insights-http.ts';

/** One scripted answer. */
export type FakeAnswer = InsightsResponse | Error | ((request: InsightsRequest) => InsightsResponse | Promise<InsightsResponse>);

/** A response with the given status and body (objects become JSON). */
export function fakeResponse(statusCode: number, body: unknown = '', headers: Record<string, string> = {}): InsightsResponse {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  return { statusCode, headers, body: bytes, requestId: headers['x-rh-insights-request-id'] };
}

/** An answer that never comes until the request's signal aborts (then it rejects as the client does). */
export function hangUntilAborted(request: InsightsRequest): Promise<InsightsResponse> {
  return new Promise((_, reject) => {
    const fail = (): void => reject(Object.assign(new Error(`${request.method} ${request.url} got no HTTP response (aborted)`), { kind: 'aborted' }));
    if (request.signal?.aborted) fail();
    request.signal?.addEventListener('abort', fail, { once: true });
  });
}

export class FakeInsightsHttp implements InsightsHttp {
  /** Requests made, oldest first, with `performance.now()` when each was made. */
  readonly requests: Array<InsightsRequest & { at: number }> = [];
  /** What `clusterId()` resolves to, or an error it rejects with. */
  cluster: string | Error;
  fallback: FakeAnswer;
  readonly #queue: FakeAnswer[] = [];

  constructor(options: { clusterId?: string | Error; fallback?: FakeAnswer } = {}) {
    this.cluster = options.clusterId ?? 'c0ffee00-0000-4000-8000-000000000001';
    this.fallback = options.fallback ?? fakeResponse(404, 'no script');
  }

  /** Appends scripted answers. */
  script(...answers: FakeAnswer[]): this {
    this.#queue.push(...answers);
    return this;
  }

  async request(request: InsightsRequest): Promise<InsightsResponse> {
    this.requests.push({ ...request, at: performance.now() });
    const answer = this.#queue.shift() ?? this.fallback;
    if (answer instanceof Error) throw answer;
    return typeof answer === 'function' ? answer(request) : answer;
  }

  async clusterId(): Promise<string> {
    if (this.cluster instanceof Error) throw this.cluster;
    return this.cluster;
  }
}

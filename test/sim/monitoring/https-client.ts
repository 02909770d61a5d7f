/**
 * The harness's own HTTPS client for Prometheus and Alertmanager (readiness, posting alerts, silences):
 * undici with the per-run CA and nothing else trusted. Tests of the core use the core's client instead.
 */
import { Agent, request } from 'undici';

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

export class CaTrustingClient {
  readonly #agent: Agent;

  /** @param caPem - the only CA trusted */
  constructor(caPem: string) {
    this.#agent = new Agent({ connect: { ca: caPem, rejectUnauthorized: true }, connectTimeout: 5_000 });
  }

  /** One request; a body that is not a string is sent as JSON. Rejects only when no response came. */
  async send(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown): Promise<HttpAnswer> {
    const json = body !== undefined && typeof body !== 'string';
    const res = await request(url, {
      method,
      dispatcher: this.#agent,
      headers: json ? { 'content-type': 'application/json' } : {},
      body: body === undefined ? undefined : json ? JSON.stringify(body) : (body as string),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    return { status: res.statusCode, text: await res.body.text() };
  }

  /** Like {@link send}, but a status other than 2xx rejects with the status and body in the message. */
  async ok(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown): Promise<string> {
    const answer = await this.send(method, url, body);
    if (answer.status < 200 || answer.status > 299) throw new Error(`${method} ${url} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
    return answer.text;
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

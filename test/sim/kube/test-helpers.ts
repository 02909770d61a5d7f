/** Raw HTTPS access to a simulator, for assertions on exact status codes, headers and bodies. */
import { request } from 'node:https';
import { ApiException } from '@kubernetes/client-node';
import type { KubeSim } from './index.ts';

export interface RawResponse {
  status: number;
  contentType: string;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

export function rawRequest(sim: KubeSim, path: string, options: { method?: string; token?: string | null } = {}): Promise<RawResponse> {
  const token = options.token === undefined ? sim.token : options.token;
  return new Promise((resolve, reject) => {
    const req = request(`${sim.url}${path}`, {
      method: options.method ?? 'GET',
      ca: sim.caPem,
      headers: { accept: 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body, json: <T>() => JSON.parse(body) as T });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The API error a refused client-node call ends with: its HTTP code and parsed Status body. */
export async function rejection(promise: Promise<unknown>): Promise<{ code: number; body: Record<string, any> }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiException) return { code: error.code, body: JSON.parse(error.body as string) };
    throw error;
  }
  throw new Error('expected the request to be refused');
}

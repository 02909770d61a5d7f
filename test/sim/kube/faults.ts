/**
 * Fault injection: rules matched against each request that add latency, answer with an error
 * Status, close the connection part-way through the body, or drip the body slowly. Probabilities and
 * latency ranges draw from a seeded PRNG, so a seed replays the same run for the same requests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Rng } from './prng.ts';
import { failure } from './status.ts';
import type { StatusBody } from './status.ts';

export interface FaultRule {
  /** HTTP method(s), any case; every method when absent. */
  method?: string | readonly string[];
  /**
   * Path: a glob (`*` within one segment, `**` across segments, `?` one character), or a RegExp
   * (from a file: a string `re:<regular expression>`). Every path when absent.
   */
  path?: string | RegExp;
  /** Query parameters: a glob the value must match, a RegExp (`re:...`), true (present) or false (absent). */
  query?: Readonly<Record<string, string | RegExp | boolean>>;
  /** Delay before the request is handled: fixed, or drawn from [min, max]. */
  latencyMs?: number | readonly [number, number];
  /** Answer with this code and a metav1.Status body instead of handling the request. */
  status?: number;
  /** `Retry-After` (and details.retryAfterSeconds); 429 defaults to 1. */
  retryAfterSeconds?: number;
  message?: string;
  /** Close the connection after this many body bytes (always before the body is complete). */
  resetAfterBytes?: number;
  /** Send the body `chunkBytes` at a time, `delayMs` apart. */
  slowBody?: { chunkBytes?: number; delayMs?: number };
  /** Chance that a matching request is hit (default 1). */
  probability?: number;
  /** Only the nth matching request (1-based). */
  nth?: number;
  /** At most this many hits. */
  times?: number;
}

export interface ActiveFault {
  readonly rule: FaultRule;
  /** Requests the rule matched. */
  readonly matched: number;
  /** Requests it hit. */
  readonly fired: number;
  remove(): void;
}

type Outcome = { kind: 'status'; status: number; retryAfter?: number; message?: string } | { kind: 'reset'; afterBytes: number } | { kind: 'slow'; chunkBytes: number; delayMs: number };

export interface FaultDecision { latencyMs: number; outcome?: Outcome }

interface Entry { rule: FaultRule; path: RegExp | undefined; query: Array<[string, (v: string | null) => boolean]>; matched: number; fired: number }

const KEYS = new Set(['method', 'path', 'query', 'latencyMs', 'status', 'retryAfterSeconds', 'message', 'resetAfterBytes', 'slowBody', 'probability', 'nth', 'times']);

export const DEFAULT_FAULT_SEED = 1;

export class FaultInjector {
  readonly #entries: Entry[] = [];
  #seed: number;
  #rng: Rng;

  constructor(seed = DEFAULT_FAULT_SEED) {
    this.#seed = seed;
    this.#rng = new Rng(`kube-sim/faults/${seed}`);
  }

  /** Adds a rule after the existing ones. Throws on a malformed rule. */
  add(rule: FaultRule): ActiveFault {
    validateRule(rule, 'fault rule');
    const entry: Entry = {
      rule,
      path: rule.path === undefined ? undefined : toRegExp(rule.path, 'path'),
      query: Object.entries(rule.query ?? {}).map(([k, v]) => [k, queryMatcher(v)]),
      matched: 0,
      fired: 0,
    };
    this.#entries.push(entry);
    const entries = this.#entries;
    return {
      rule,
      get matched() { return entry.matched; },
      get fired() { return entry.fired; },
      remove: () => {
        const at = entries.indexOf(entry);
        if (at >= 0) entries.splice(at, 1);
      },
    };
  }

  clear(): void {
    this.#entries.length = 0;
  }

  get rules(): FaultRule[] {
    return this.#entries.map((e) => e.rule);
  }

  /** Restarts the PRNG (from `seed`, or the current one): the same requests then meet the same faults. */
  reseed(seed = this.#seed): void {
    this.#seed = seed;
    this.#rng = new Rng(`kube-sim/faults/${seed}`);
  }

  /**
   * What happens to one request. Every rule counts the requests it matches; hits add their latency,
   * and the first hit with an outcome (status, reset, slow body) decides it.
   */
  decide(method: string, url: URL): FaultDecision {
    let latencyMs = 0;
    let outcome: Outcome | undefined;
    for (const e of this.#entries) {
      const r = e.rule;
      if (r.method !== undefined && ![r.method].flat().some((m) => m.toUpperCase() === method.toUpperCase())) continue;
      if (e.path !== undefined && !e.path.test(url.pathname)) continue;
      if (!e.query.every(([k, test]) => test(url.searchParams.get(k)))) continue;
      e.matched++;
      if (r.nth !== undefined && e.matched !== r.nth) continue;
      if (r.times !== undefined && e.fired >= r.times) continue;
      if (r.probability !== undefined && r.probability < 1 && !(this.#rng.next() < r.probability)) continue;
      e.fired++;
      if (r.latencyMs !== undefined) {
        latencyMs += typeof r.latencyMs === 'number' ? r.latencyMs : r.latencyMs[0] + this.#rng.next() * (r.latencyMs[1] - r.latencyMs[0]);
      }
      if (outcome !== undefined) continue;
      if (r.status !== undefined) {
        outcome = { kind: 'status', status: r.status, ...(r.retryAfterSeconds === undefined ? {} : { retryAfter: r.retryAfterSeconds }), ...(r.message === undefined ? {} : { message: r.message }) };
      } else if (r.resetAfterBytes !== undefined) {
        outcome = { kind: 'reset', afterBytes: r.resetAfterBytes };
      } else if (r.slowBody !== undefined) {
        outcome = { kind: 'slow', chunkBytes: r.slowBody.chunkBytes ?? 64, delayMs: r.slowBody.delayMs ?? 20 };
      }
    }
    return outcome === undefined ? { latencyMs } : { latencyMs, outcome };
  }

  /**
   * The request pipeline's hook: waits out the latency, then answers (returning the status it sent)
   * or lets the request through, with `res` wrapped when its body is to be mangled.
   */
  async intercept(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number | undefined> {
    if (this.#entries.length === 0) return undefined;
    const { latencyMs, outcome } = this.decide(req.method ?? 'GET', url);
    if (latencyMs > 0) await sleep(latencyMs);
    if (outcome?.kind === 'status') {
      req.resume();
      const retryAfter = outcome.retryAfter ?? (outcome.status === 429 ? 1 : undefined);
      const body = JSON.stringify(faultStatus(outcome.status, outcome.message, retryAfter));
      res.writeHead(outcome.status, {
        'cache-control': 'no-cache, private',
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }),
      });
      res.end(body);
      return outcome.status;
    }
    if (outcome?.kind === 'reset') cutBody(res, outcome.afterBytes);
    if (outcome?.kind === 'slow') dripBody(res, outcome.chunkBytes, outcome.delayMs);
    return undefined;
  }
}

const REASONS: Readonly<Record<number, [reason: string, message: string]>> = {
  400: ['BadRequest', 'injected fault'],
  401: ['Unauthorized', 'Unauthorized'],
  403: ['Forbidden', 'forbidden: injected fault'],
  404: ['NotFound', 'the server could not find the requested resource'],
  409: ['Conflict', 'injected fault'],
  410: ['Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'],
  429: ['TooManyRequests', 'Too many requests, please try again later.'],
  500: ['InternalError', 'Internal error occurred: injected fault'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'],
};

/** The Status body the apiserver would send for `code`. */
export function faultStatus(code: number, message?: string, retryAfterSeconds?: number): StatusBody {
  const [reason, text] = REASONS[code] ?? ['Unknown', 'injected fault'];
  const body = failure(code, reason, message ?? text, {});
  const details: Record<string, unknown> = {};
  if (retryAfterSeconds !== undefined) details['retryAfterSeconds'] = retryAfterSeconds;
  if (code === 500) details['causes'] = [{ message: message ?? 'injected fault' }];
  return { ...body, details } as StatusBody;
}

type Chunk = string | Uint8Array;
type WriteFn = (chunk: Chunk, encoding?: BufferEncoding | (() => void), cb?: () => void) => boolean;
type EndFn = (chunk?: Chunk | (() => void), encoding?: BufferEncoding | (() => void), cb?: () => void) => ServerResponse;

const toBuffer = (chunk: Chunk, encoding: unknown): Buffer =>
  typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk);

/** Sends at most `afterBytes` of the body, and never all of it, then closes the connection. */
function cutBody(res: ServerResponse, afterBytes: number): void {
  const write = res.write.bind(res) as WriteFn;
  let sent = 0;
  let cut = false;
  const close = (part: Buffer): void => {
    cut = true;
    // Closing once the part is flushed, so the client does receive it before the connection ends.
    write(part, () => res.socket?.destroy());
  };
  (res as unknown as { write: WriteFn }).write = (chunk, encoding) => {
    if (cut) return true;
    const buf = toBuffer(chunk, encoding);
    if (sent + buf.length <= afterBytes) {
      sent += buf.length;
      return write(buf);
    }
    close(buf.subarray(0, afterBytes - sent));
    return true;
  };
  (res as unknown as { end: EndFn }).end = (chunk) => {
    if (cut) return res;
    const buf = chunk === undefined || typeof chunk === 'function' ? Buffer.alloc(0) : toBuffer(chunk, undefined);
    const total = sent + buf.length;
    close(buf.subarray(0, Math.max(0, Math.min(afterBytes, total - 1) - sent)));
    return res;
  };
}

/** Drips the body `chunkBytes` at a time; writes report back-pressure so a streaming sender waits. */
function dripBody(res: ServerResponse, chunkBytes: number, delayMs: number): void {
  const write = res.write.bind(res) as WriteFn;
  const end = res.end.bind(res) as EndFn;
  const queue: Buffer[] = [];
  let queued = 0;
  let ending = false;
  let running = false;
  const HIGH_WATER = 16 * 1024;
  const pump = async (): Promise<void> => {
    if (running) return;
    running = true;
    while (queue.length > 0 && !res.destroyed) {
      let buf = queue.shift()!;
      if (buf.length > chunkBytes) {
        queue.unshift(buf.subarray(chunkBytes));
        buf = buf.subarray(0, chunkBytes);
      }
      queued -= buf.length;
      write(buf);
      if (queued < HIGH_WATER) res.emit('drain');
      await sleep(delayMs);
    }
    running = false;
    if (ending && !res.destroyed) end();
  };
  (res as unknown as { write: WriteFn }).write = (chunk, encoding) => {
    const buf = toBuffer(chunk, encoding);
    queue.push(buf);
    queued += buf.length;
    void pump();
    return queued < HIGH_WATER;
  };
  (res as unknown as { end: EndFn }).end = (chunk) => {
    if (chunk !== undefined && typeof chunk !== 'function') {
      const buf = toBuffer(chunk, undefined);
      queue.push(buf);
      queued += buf.length;
    }
    ending = true;
    void pump();
    return res;
  };
}

function globToRegExp(glob: string, segmentAware: boolean): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += segmentAware ? '[^/]*' : '.*';
    else if (c === '?') re += segmentAware ? '[^/]' : '.';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function toRegExp(pattern: string | RegExp, what: string): RegExp {
  if (pattern instanceof RegExp) return pattern;
  if (!pattern.startsWith('re:')) return globToRegExp(pattern, what === 'path');
  try {
    return new RegExp(pattern.slice(3));
  } catch (error) {
    throw new TypeError(`${what}: invalid regular expression ${pattern}: ${(error as Error).message}`);
  }
}

function queryMatcher(v: string | RegExp | boolean): (value: string | null) => boolean {
  if (v === true) return (value) => value !== null;
  if (v === false) return (value) => value === null;
  const re = toRegExp(v, 'query');
  return (value) => value !== null && re.test(value);
}

const isNonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/** Checks a rule's shape (rules also come from files); the message names the rule and the field. */
export function validateRule(raw: unknown, label: string): asserts raw is FaultRule {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new TypeError(`${label}: expected an object`);
  const r = raw as Record<string, unknown>;
  const bad = (field: string, what: string): never => {
    throw new TypeError(`${label}: ${field} ${what}`);
  };
  for (const k of Object.keys(r)) if (!KEYS.has(k)) bad(k, `is not a rule field (one of ${[...KEYS].join(', ')})`);
  if (r['method'] !== undefined && !(typeof r['method'] === 'string' || (Array.isArray(r['method']) && r['method'].every((m) => typeof m === 'string')))) bad('method', 'must be a string or a list of strings');
  if (r['path'] !== undefined && typeof r['path'] !== 'string' && !(r['path'] instanceof RegExp)) bad('path', 'must be a glob, re:<regex> or a RegExp');
  if (r['path'] !== undefined) toRegExp(r['path'] as string | RegExp, `${label}: path`);
  if (r['query'] !== undefined) {
    const q = r['query'];
    if (q === null || typeof q !== 'object' || Array.isArray(q)) bad('query', 'must map parameter names to a glob, re:<regex>, true or false');
    for (const [k, v] of Object.entries(q as object)) {
      if (typeof v !== 'string' && typeof v !== 'boolean' && !(v instanceof RegExp)) bad(`query.${k}`, 'must be a glob, re:<regex>, true or false');
    }
  }
  const latency = r['latencyMs'];
  if (latency !== undefined && !isNonNegative(latency) && !(Array.isArray(latency) && latency.length === 2 && latency.every(isNonNegative) && latency[0]! <= latency[1]!)) {
    bad('latencyMs', 'must be a number of milliseconds or [min, max]');
  }
  if (r['status'] !== undefined && !(Number.isInteger(r['status']) && (r['status'] as number) >= 400 && (r['status'] as number) <= 599)) bad('status', 'must be an HTTP error code (400-599)');
  if (r['retryAfterSeconds'] !== undefined && !isNonNegative(r['retryAfterSeconds'])) bad('retryAfterSeconds', 'must be a non-negative number');
  if (r['message'] !== undefined && typeof r['message'] !== 'string') bad('message', 'must be a string');
  if (r['resetAfterBytes'] !== undefined && !(isNonNegative(r['resetAfterBytes']) && Number.isInteger(r['resetAfterBytes']))) bad('resetAfterBytes', 'must be a non-negative integer');
  if (r['slowBody'] !== undefined) {
    const s = r['slowBody'] as Record<string, unknown> | null;
    if (s === null || typeof s !== 'object' || Object.keys(s).some((k) => k !== 'chunkBytes' && k !== 'delayMs')) bad('slowBody', 'must be {chunkBytes?, delayMs?}');
    if (s!['chunkBytes'] !== undefined && !isPositiveInt(s!['chunkBytes'])) bad('slowBody.chunkBytes', 'must be a positive integer');
    if (s!['delayMs'] !== undefined && !isNonNegative(s!['delayMs'])) bad('slowBody.delayMs', 'must be a non-negative number');
  }
  if (r['probability'] !== undefined && !(isNonNegative(r['probability']) && (r['probability'] as number) <= 1)) bad('probability', 'must be between 0 and 1');
  if (r['nth'] !== undefined && !isPositiveInt(r['nth'])) bad('nth', 'must be a positive integer');
  if (r['times'] !== undefined && !isPositiveInt(r['times'])) bad('times', 'must be a positive integer');
  const outcomes = ['status', 'resetAfterBytes', 'slowBody'].filter((k) => r[k] !== undefined);
  if (outcomes.length > 1) bad(outcomes.join(' and '), 'cannot be combined in one rule (use two rules)');
  if (outcomes.length === 0 && latency === undefined) bad('rule', 'does nothing: give latencyMs, status, resetAfterBytes or slowBody');
}

/** Rules from a file's text: a JSON or YAML list of rules. */
export async function parseFaultFile(text: string, file: string): Promise<FaultRule[]> {
  const { parse } = await import('yaml');
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new TypeError(`${file}: not JSON or YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!Array.isArray(raw)) throw new TypeError(`${file}: expected a list of fault rules`);
  raw.forEach((rule, i) => validateRule(rule, `${file}: rule ${i + 1}`));
  return raw as FaultRule[];
}

/**
 * Wraps the server's request listener: a request a rule answers never reaches it (and is recorded
 * here); others reach it after any latency, with their response wrapped when the body is mangled.
 * Without rules the listener is called synchronously, as if there were no wrapper.
 */
export function withFaults<Req extends IncomingMessage, Res extends ServerResponse>(
  options: { faults?: FaultInjector; onRequest: (record: { method: string; path: string; query: string; status: number }) => void },
  listener: (req: Req, res: Res) => void,
): (req: Req, res: Res) => void {
  return (req, res) => {
    const faults = options.faults;
    if (faults === undefined || faults.rules.length === 0) {
      listener(req, res);
      return;
    }
    const url = new URL(req.url ?? '/', 'https://kube-sim');
    faults.intercept(req, res, url).then((status) => {
      if (status === undefined) listener(req, res);
      else options.onRequest({ method: req.method ?? '', path: url.pathname, query: url.search.slice(1), status });
    }, (error: unknown) => res.destroy(error instanceof Error ? error : new Error(String(error))));
  };
}

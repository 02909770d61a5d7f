import type { GatherContext } from '../../plugin-api/context.ts';
import type { GatheringFunction } from '../../plugin-api/define-gathering-function.ts';
import type { KubeClient } from '../../plugin-api/kube.ts';
import { NO_OBFUSCATION } from '../../plugin-api/obfuscation.ts';
import type { ObfuscationPolicy } from '../../plugin-api/obfuscation.ts';
import { isRecord } from '../../plugin-api/record.ts';
import type { GatherRecord } from '../../plugin-api/record.ts';

/** One record as it would land in the archive (before anonymization). */
export interface CollectedRecord {
  /** Archive path with extension. */
  path: string;
  text: string;
  record: GatherRecord;
}

/** What a function produced when run directly, outside the runner. */
export interface Collected {
  records: CollectedRecord[];
  /** By archive path. */
  byPath: Map<string, CollectedRecord>;
  warnings: string[];
  errors: string[];
}

/**
 * Runs one gathering function against a client and collects its records, warnings and reported
 * errors. A throw propagates, so tests can assert on it.
 */
export async function gatherFunction(
  fn: GatheringFunction<any>,
  options: {
    kube: KubeClient; config?: Record<string, unknown>; services?: Record<string, unknown>; signal?: AbortSignal;
    /** The data policy the function sees as `ctx.obfuscation`; nothing asked by default. */
    obfuscation?: ObfuscationPolicy;
    /** `ctx.params` of a planned call; `{}` by default. */
    params?: Record<string, unknown>;
    /** `ctx.plan`, the planner's state. */
    plan?: unknown;
  },
): Promise<Collected> {
  const warnings: string[] = [];
  const errors: string[] = [];
  const noop = () => undefined;
  const ctx: GatherContext<Record<string, unknown>> = {
    kube: options.kube,
    signal: options.signal ?? new AbortController().signal,
    log: { debug: noop, info: noop, warn: noop, error: noop },
    config: options.config ?? {},
    services: options.services ?? {},
    obfuscation: options.obfuscation ?? NO_OBFUSCATION,
    params: options.params ?? {},
    plan: options.plan,
    warn: (m) => warnings.push(String(m instanceof Error ? m.message : m)),
    reportError: (e) => errors.push(String(e instanceof Error ? e.message : e)),
  };
  const produced = await fn.gather(ctx);
  const records: CollectedRecord[] = [];
  if (produced) {
    for await (const item of produced as AsyncIterable<unknown>) {
      if (!isRecord(item)) throw new TypeError(`function produced a non-record: ${String(item)}`);
      const data = item.item.marshal();
      const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
      const path = item.item.extension === '' ? item.name : `${item.name}.${item.item.extension}`;
      records.push({ path, text, record: item });
    }
  }
  return { records, byPath: new Map(records.map((r) => [r.path, r])), warnings, errors };
}

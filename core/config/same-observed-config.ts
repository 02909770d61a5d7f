import { isDeepStrictEqual } from 'node:util';
import type { ObservedConfig } from './config-observer.ts';
import type { OperatorConfig } from './merge-config.ts';
import type { Token } from './token.ts';

/**
 * The fields that differ between two observed configurations, by name only (so the token's value never
 * appears): a top-level key of `config` (`intervalMs`, `reporting`, `token`, ...), `gathering.<key>`, or
 * `problems`. Tokens are compared by value; `isDeepStrictEqual` alone would call any two tokens equal,
 * since a token keeps its text in a private field.
 */
export function changedObservedFields(previous: ObservedConfig, next: ObservedConfig): string[] {
  const changed: string[] = [];
  const keys = new Set([...Object.keys(previous.config), ...Object.keys(next.config)]) as Set<keyof OperatorConfig>;
  for (const key of keys) {
    const same = key === 'token'
      ? sameToken(previous.config.token, next.config.token)
      : isDeepStrictEqual(previous.config[key], next.config[key]);
    if (!same) changed.push(key);
  }
  const gatheringKeys = new Set([...Object.keys(previous.gathering), ...Object.keys(next.gathering)]) as Set<keyof ObservedConfig['gathering']>;
  for (const key of gatheringKeys) {
    if (!isDeepStrictEqual(previous.gathering[key], next.gathering[key])) changed.push(`gathering.${key}`);
  }
  if (!isDeepStrictEqual(previous.problems, next.problems)) changed.push('problems');
  return changed;
}

/** Whether two observed configurations are the same: config (tokens by value), gathering and problems. */
export function sameObservedConfig(a: ObservedConfig, b: ObservedConfig): boolean {
  return changedObservedFields(a, b).length === 0;
}

function sameToken(a: Token | undefined, b: Token | undefined): boolean {
  return a === undefined ? b === undefined : a.equals(b);
}

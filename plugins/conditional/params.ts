import { GatherError } from 'insights-operator/plugin-api';

/**
 * Typed readers of a planned call's parameters. The core validated them against the rules' JSON schema
 * before the call, so a failure here means a planner and a schema disagree: it is reported as the
 * function's error rather than guessed around.
 */
function badParam(key: string, expected: string, value: unknown): GatherError {
  return new GatherError(`parameter "${key}" must be ${expected}, got ${JSON.stringify(value) ?? String(value)}`, { code: 'CONDITIONAL_BAD_PARAMS' });
}

/** A required non-empty string parameter. */
export function stringParam(params: Readonly<Record<string, unknown>>, key: string): string {
  const value = params[key];
  if (typeof value !== 'string' || value === '') throw badParam(key, 'a non-empty string', value);
  return value;
}

/** An optional string parameter: `undefined` when absent or empty (empty values name nothing). */
export function optionalStringParam(params: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw badParam(key, 'a string', value);
  return value;
}

/** A required positive integer parameter (`tail_lines`). */
export function positiveIntegerParam(params: Readonly<Record<string, unknown>>, key: string): number {
  const value = params[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw badParam(key, 'a positive integer', value);
  return value;
}

/** An optional boolean parameter, `false` when absent. */
export function booleanParam(params: Readonly<Record<string, unknown>>, key: string): boolean {
  const value = params[key];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw badParam(key, 'a boolean', value);
  return value;
}

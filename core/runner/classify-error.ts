import { GatherWarning } from '../../plugin-api/errors.ts';
import { describeError } from '../errors/codes.ts';

/** How a thrown value counts in the report. */
export type ThrownKind = 'warning' | 'error' | 'panic';

const RUNTIME_FAULTS = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

/**
 * Sorts what a function threw the way the original sorts a Go function's outcome: a warning does not
 * fail it; an ordinary error is an error; a runtime fault (the JavaScript equivalent of a Go panic: a
 * bad property access, a thrown non-Error) is a panic.
 */
export function classifyThrown(thrown: unknown): ThrownKind {
  if (isNamed(thrown, GatherWarning, 'GatherWarning')) return 'warning';
  if (!(thrown instanceof Error)) return 'panic';
  if (RUNTIME_FAULTS.some((fault) => thrown instanceof fault)) return 'panic';
  return 'error';
}

/** `warning: <message>`, the original's `types.Warning` text. */
export function warningText(warning: unknown): string {
  return `warning: ${describeError(warning)}`;
}

/** The panic value as text: the error's class and message, or the thrown value itself. */
export function panicText(thrown: unknown): string {
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  return describeError(thrown);
}

// Plugins loaded from elsewhere may carry their own copy of the API classes; match by name as well.
function isNamed(value: unknown, type: abstract new (...args: never[]) => unknown, name: string): boolean {
  return value instanceof type || (value instanceof Error && value.name === name);
}

/**
 * Pattern every plugin name and gathering-function name must match: lower-case letters, digits and
 * underscores, starting with a letter. The full name of a function is `<plugin>/<function>`, which is
 * what `disabledGatherers` and `insights-operator/gathers.json` use.
 */
export const NAME_PATTERN: RegExp = /^[a-z][a-z0-9_]*$/;

/** Longest plugin or function name accepted; keeps `<plugin>/<function>` within the 256 characters the API allows. */
export const MAX_NAME_LENGTH = 100;

/**
 * Returns why `name` is not a valid plugin or function name, or `undefined` when it is valid.
 * @param name - the candidate name
 */
export function nameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `must be a string, got ${typeof name}`;
  if (name.length === 0) return 'must not be empty';
  if (name.length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters`;
  if (!NAME_PATTERN.test(name)) return `"${name}" must match ${NAME_PATTERN.source}`;
  return undefined;
}

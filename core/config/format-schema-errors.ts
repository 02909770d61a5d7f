import type { ErrorObject } from 'ajv';

/**
 * Ajv's errors as one line a person can act on: each problem with its path in the document, naming the
 * offending property for unknown keys (a typo is the usual cause).
 */
export function formatSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string {
  const problems = (errors ?? []).map((e) => {
    const at = e.instancePath === '' ? '(root)' : e.instancePath;
    if (e.keyword === 'additionalProperties') return `${at}: unknown property "${String(e.params.additionalProperty)}"`;
    if (e.keyword === 'enum') return `${at} must be one of ${JSON.stringify(e.params.allowedValues)}`;
    return `${at} ${e.message ?? 'is invalid'}`;
  });
  return [...new Set(problems)].join('; ') || 'does not match its schema';
}

import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { RE2JS } from 're2js';
import semver from 'semver';
import containerLogSchema from '../../config/conditional/container-log.schema.json' with { type: 'json' };
import defaultConfiguration from '../../config/conditional/default-remote-configuration.json' with { type: 'json' };
import gatheringRuleSchema from '../../config/conditional/gathering-rule.schema.json' with { type: 'json' };
import remoteConfigurationSchema from '../../config/conditional/remote-configuration.schema.json' with { type: 'json' };
import type { RemoteConfiguration } from '../../plugin-api/gathering-rules.ts';
import { deepFreeze } from '../config/deep-freeze.ts';
import { formatSchemaErrors } from '../config/format-schema-errors.ts';

/** Whether RE2 accepts a pattern: what Go's `regexp` would accept, nothing that needs backtracking. */
export function re2Problem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

let validate: ValidateFunction<RemoteConfiguration> | undefined;

/**
 * The schema validator, compiled on first use rather than at import: every command imports the
 * composition root, and only a gather that loads rules needs it.
 */
function validator(): ValidateFunction<RemoteConfiguration> {
  if (validate !== undefined) return validate;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // Formats the published schemas imply: Go regexps (RE2), and semver ranges as the original's semver library parses them.
  ajv.addFormat('re2', { type: 'string', validate: (value: string) => re2Problem(value) === undefined });
  ajv.addFormat('semver-range', { type: 'string', validate: (value: string) => semver.validRange(value) !== null });
  ajv.addSchema(gatheringRuleSchema).addSchema(containerLogSchema);
  validate = ajv.compile<RemoteConfiguration>(remoteConfigurationSchema);
  return validate;
}

/** The outcome of checking a remote configuration. */
export type RemoteConfigurationCheck =
  | { readonly valid: true; readonly configuration: RemoteConfiguration }
  | { readonly valid: false; readonly problem: string };

/**
 * Parses and validates what the rules endpoint answered, strictly: JSON, then the published v2 schema
 * with unknown fields rejected, RE2-only patterns and semver ranges. Problems come sorted, each with its
 * path in the document, and the RE2 parser's own words for a bad pattern.
 */
export function checkRemoteConfiguration(body: string): RemoteConfigurationCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return { valid: false, problem: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const check = validator();
  if (!check(parsed)) {
    const problems = formatSchemaErrors(check.errors).split('; ');
    for (const e of check.errors ?? []) {
      if (e.keyword === 'format' && e.params.format === 're2') problems.push(`${e.instancePath}: ${re2Problem(String(pathValue(parsed, e.instancePath)))}`);
    }
    return { valid: false, problem: [...new Set(problems)].sort().join('; ') };
  }
  return { valid: true, configuration: deepFreeze(parsed) };
}

function pathValue(root: unknown, pointer: string): unknown {
  let node = root;
  for (const part of pointer.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  return node;
}

let builtIn: RemoteConfiguration | undefined;

/**
 * The rules shipped with the operator (`config/conditional/default-remote-configuration.json`), used
 * whenever the remote ones cannot be: checked with the same schema on first use (a test checks them
 * too), and the same frozen object every time.
 * @throws Error when the shipped file does not pass its own schema
 */
export function builtInConfiguration(): RemoteConfiguration {
  if (builtIn !== undefined) return builtIn;
  const check = checkRemoteConfiguration(JSON.stringify(defaultConfiguration));
  if (!check.valid) throw new Error(`config/conditional/default-remote-configuration.json is invalid: ${check.problem}`);
  builtIn = check.configuration;
  return builtIn;
}

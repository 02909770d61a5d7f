import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import schema from '../../config/operator-config.schema.json' with { type: 'json' };
import { describeError, operatorError } from '../errors/codes.ts';
import { formatSchemaErrors } from './format-schema-errors.ts';
import { deepFreeze } from './deep-freeze.ts';

/** The configuration file, as validated by `config/operator-config.schema.json`. */
export interface OperatorConfigFile {
  storagePath?: string;
  impersonate?: string;
  interval?: string;
  enableGlobalObfuscation?: boolean;
  disabledGatherers?: string[];
  pluginsDirs?: string[];
  gather?: {
    concurrency?: number;
    functionTimeout?: string;
    functionTimeouts?: Record<string, string>;
    maxArchiveBytes?: number;
    kubeQPS?: number;
    kubeBurst?: number;
  };
  plugins?: Record<string, Record<string, unknown>>;
  storage?: { maxDiskRatio?: number; maxBytes?: number };
  operatorTimings?: {
    configResync?: string; statusMinWrite?: string; statusResync?: string; initialDelay?: string; uploadFirstDelay?: string; uploadRetry?: string; rulesRetry?: string; rulesTimeout?: string;
  };
  [key: string]: unknown;
}

const validate = new Ajv2020({ allErrors: true, strict: false }).compile<OperatorConfigFile>(schema);

/**
 * Parses and validates configuration text (YAML or JSON). The error names the source and every
 * problem, with its path in the document.
 */
export function parseOperatorConfig(text: string, source: string): Readonly<OperatorConfigFile> {
  let parsed: unknown;
  try {
    parsed = parseYaml(text) ?? {};
  } catch (error) {
    throw operatorError('IO_CONFIG_INVALID', source, `not YAML: ${describeError(error)}`);
  }
  if (!validate(parsed)) {
    throw operatorError('IO_CONFIG_INVALID', source, formatSchemaErrors(validate.errors));
  }
  return deepFreeze(parsed);
}

/** Reads a configuration file; see {@link parseOperatorConfig}. */
export async function readOperatorConfig(path: string): Promise<Readonly<OperatorConfigFile>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw operatorError('IO_CONFIG_INVALID', path, describeError(error));
  }
  return parseOperatorConfig(text, path);
}

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import schema from '../../config/plugin-manifest.schema.json' with { type: 'json' };
import { describeError, operatorError } from '../errors/codes.ts';
import { formatSchemaErrors } from '../config/format-schema-errors.ts';
import type { PluginManifest } from './loaded-plugin.ts';

const validate = new Ajv2020({ allErrors: true, strict: true }).compile<PluginManifest>(schema);

/** Reads and validates `<dir>/plugin.json`; throws an error naming the folder and every problem. */
export async function readManifest(directory: string): Promise<PluginManifest> {
  let text: string;
  try {
    text = await readFile(join(directory, 'plugin.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw operatorError('IO_PLUGIN_MANIFEST_MISSING', directory);
    throw operatorError('IO_PLUGIN_MANIFEST_INVALID', directory, describeError(error));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw operatorError('IO_PLUGIN_MANIFEST_INVALID', directory, `not JSON: ${describeError(error)}`);
  }
  if (!validate(parsed)) {
    throw operatorError('IO_PLUGIN_MANIFEST_INVALID', directory, formatSchemaErrors(validate.errors));
  }
  return parsed;
}

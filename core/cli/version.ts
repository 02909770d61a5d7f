import { readFileSync } from 'node:fs';

/** The operator's version, from package.json. */
export const OPERATOR_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

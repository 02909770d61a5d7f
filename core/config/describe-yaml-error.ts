import { YAMLError } from 'yaml';
import { describeError } from '../errors/codes.ts';

/**
 * A YAML parse error without the quoted source: the `yaml` package's message shows the offending line,
 * and a cluster configuration can hold proxy credentials on any line. Only the error kind, its first
 * sentence and the position are kept.
 */
export function describeYamlError(error: unknown): string {
  if (!(error instanceof YAMLError)) return describeError(error);
  const firstSentence = error.message.split(/ at line \d+|:\n/)[0]?.trim() ?? error.code;
  const at = error.linePos?.[0];
  return `${firstSentence} (${error.code}${at === undefined ? '' : ` at line ${at.line}, column ${at.col}`})`;
}

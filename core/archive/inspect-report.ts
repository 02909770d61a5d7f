import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import gathersSchema from '../../config/gathers.schema.json' with { type: 'json' };
import { formatSchemaErrors } from '../config/format-schema-errors.ts';
import { describeError, operatorError } from '../errors/codes.ts';
import { REDACTIONS_RECORD_NAME } from '../protect/archive-protection.ts';
import { GATHERS_NAME } from './inspect-archive.ts';
import { summarizeGathers } from './summarize-gathers.ts';
import type { GathersSummary } from './summarize-gathers.ts';
import { walkArchive } from './walk-archive.ts';
import type { EntrySize } from './walk-archive.ts';

/** Where the `config_maps` function records the operator's own `insights-config` (proxy masked). */
export const INSIGHTS_CONFIG_RECORD = 'config/configmaps/openshift-insights/insights-config/config.json';
/** How many of the largest files are listed. */
export const LARGEST_FILES = 10;

/** The secret scrubber's report, summed per rule. */
export interface RedactionSummary {
  total: number;
  files: number;
  rules: { rule: string; files: number; count: number }[];
}

/** What `inspect` reports; `inspect --json` prints it, validated by `config/inspect.schema.json`. */
export interface InspectReport extends GathersSummary {
  archive: string;
  compressed_bytes: number;
  files: number;
  bytes: number;
  largest_files: EntrySize[];
  directories: { name: string; files: number; bytes: number }[];
  obfuscation: { networking: boolean; workload_names: 'requested' | 'not-requested' | 'unknown'; workload_names_evidence: string };
  redactions: RedactionSummary | null;
  /** `insights-operator/gathers.json` as the archive holds it. */
  gathers: Record<string, unknown>;
  /** What does not match what this operator writes; empty for its own archives. */
  problems: string[];
}

const validateGathers = new Ajv2020({ allErrors: true, strict: true }).compile(gathersSchema);

/**
 * Reads an archive once, with flat memory, and reports what it holds: gathers.json (validated with
 * `config/gathers.schema.json`; an archive of the original operator is still reported, with the
 * mismatch in `problems`), the largest files, the redaction report and the obfuscation state.
 * Throws `IO_INSPECT_UNREADABLE` (missing or unreadable file), `IO_INSPECT_NOT_ARCHIVE` (not a
 * tar.gz, or empty) or `IO_INSPECT_NO_METADATA` (no gathers.json, or not a JSON object).
 */
export async function inspectReport(file: string): Promise<InspectReport> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('it is not a regular file');
    size = info.size;
  } catch (error) {
    throw operatorError('IO_INSPECT_UNREADABLE', file, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : describeError(error));
  }
  const keep = new Set([GATHERS_NAME, REDACTIONS_RECORD_NAME, INSIGHTS_CONFIG_RECORD]);
  let walk;
  try {
    walk = await walkArchive(createReadStream(file), { keep, largest: LARGEST_FILES });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EISDIR') throw operatorError('IO_INSPECT_UNREADABLE', file, describeError(error));
    throw operatorError('IO_INSPECT_NOT_ARCHIVE', file, `it is not a readable tar.gz (${describeError(error)})`);
  }
  if (walk.files === 0) throw operatorError('IO_INSPECT_NOT_ARCHIVE', file, 'it holds no files');
  if (walk.oversized.includes(GATHERS_NAME)) throw operatorError('IO_INSPECT_NO_METADATA', file, GATHERS_NAME, 'it is larger than 8 MiB');
  const gathers = parseJson(walk.kept.get(GATHERS_NAME));
  if (gathers.state === 'absent') throw operatorError('IO_INSPECT_NO_METADATA', file, GATHERS_NAME, 'the archive does not contain it');
  if (gathers.state === 'invalid') throw operatorError('IO_INSPECT_NO_METADATA', file, GATHERS_NAME, `it is not JSON: ${gathers.why}`);
  if (typeof gathers.value !== 'object' || gathers.value === null || Array.isArray(gathers.value)) {
    throw operatorError('IO_INSPECT_NO_METADATA', file, GATHERS_NAME, 'it is not a JSON object');
  }
  const metadata = gathers.value as Record<string, unknown>;
  const problems: string[] = [];
  if (!validateGathers(metadata)) problems.push(`${GATHERS_NAME} does not match config/gathers.schema.json: ${formatSchemaErrors(validateGathers.errors)}`);

  return {
    archive: file,
    compressed_bytes: size,
    files: walk.files,
    bytes: walk.bytes,
    largest_files: [...walk.largest],
    directories: [...walk.directories]
      .map(([name, d]) => ({ name, files: d.files, bytes: d.bytes }))
      .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name)),
    ...summarizeGathers(metadata),
    obfuscation: {
      networking: metadata.is_global_obfuscation_enabled === true,
      ...workloadNames(walk.kept.get(INSIGHTS_CONFIG_RECORD)),
    },
    redactions: redactions(walk.kept.get(REDACTIONS_RECORD_NAME), problems),
    gathers: metadata,
    problems,
  };
}

type Parsed = { state: 'absent' } | { state: 'invalid'; why: string } | { state: 'ok'; value: unknown };

function parseJson(data: Buffer | undefined): Parsed {
  if (data === undefined) return { state: 'absent' };
  try {
    return { state: 'ok', value: JSON.parse(data.toString('utf8')) as unknown };
  } catch (error) {
    return { state: 'invalid', why: describeError(error) };
  }
}

/**
 * gathers.json records only whether networking obfuscation was applied; whether the workload_names
 * policy was asked for is read from the archive's own copy of the insights-config ConfigMap. That is
 * what the cluster asked for, not proof it was applied (the one-shot `gather` command does not read the
 * ConfigMap), and InsightsDataGather's dataPolicy, which can ask for it too, is not in the archive.
 */
function workloadNames(data: Buffer | undefined): Pick<InspectReport['obfuscation'], 'workload_names' | 'workload_names_evidence'> {
  const parsed = parseJson(data);
  if (parsed.state !== 'ok') {
    return { workload_names: 'unknown', workload_names_evidence: 'gathers.json does not record it and the archive holds no readable insights-config' };
  }
  const list = (parsed.value as { dataReporting?: { obfuscation?: unknown } } | null)?.dataReporting?.obfuscation;
  if (Array.isArray(list) && list.includes('workload_names')) {
    return {
      workload_names: 'requested',
      workload_names_evidence: `the insights-config in the archive (${INSIGHTS_CONFIG_RECORD}) lists workload_names in dataReporting.obfuscation; gathers.json does not record whether it was applied`,
    };
  }
  return {
    workload_names: 'not-requested',
    workload_names_evidence: `the insights-config in the archive (${INSIGHTS_CONFIG_RECORD}) does not list workload_names; InsightsDataGather's dataPolicy, which the archive does not record, could still ask for it`,
  };
}

function redactions(data: Buffer | undefined, problems: string[]): RedactionSummary | null {
  const parsed = parseJson(data);
  if (parsed.state === 'absent') return null;
  const list = parsed.state === 'ok' ? (parsed.value as { redactions?: unknown } | null)?.redactions : undefined;
  const entries = Array.isArray(list) ? list as unknown[] : undefined;
  const valid = entries?.every((e) => {
    const r = e as { file?: unknown; rule?: unknown; count?: unknown } | null;
    return typeof r?.file === 'string' && typeof r.rule === 'string' && Number.isSafeInteger(r.count) && (r.count as number) > 0;
  });
  if (entries === undefined || valid !== true) {
    problems.push(`${REDACTIONS_RECORD_NAME} is not a redaction report${parsed.state === 'invalid' ? `: ${parsed.why}` : ''}`);
    return null;
  }
  const byRule = new Map<string, { files: Set<string>; count: number }>();
  const files = new Set<string>();
  for (const e of entries as { file: string; rule: string; count: number }[]) {
    files.add(e.file);
    const r = byRule.get(e.rule) ?? { files: new Set<string>(), count: 0 };
    r.files.add(e.file);
    r.count += e.count;
    byRule.set(e.rule, r);
  }
  const rules = [...byRule].map(([rule, r]) => ({ rule, files: r.files.size, count: r.count }))
    .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
  return { total: rules.reduce((sum, r) => sum + r.count, 0), files: files.size, rules };
}

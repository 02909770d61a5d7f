/**
 * Every error the core raises, with a stable code and a message template, in one place (as Fastify's
 * lib/errors.js): a message always says which plugin, function, file or input failed, and why.
 */
const templates = {
  IO_PLUGIN_MANIFEST_MISSING: (dir: string) => `plugin folder ${dir}: no plugin.json`,
  IO_PLUGIN_MANIFEST_INVALID: (dir: string, why: string) => `plugin folder ${dir}: plugin.json is invalid: ${why}`,
  IO_PLUGIN_IMPORT_FAILED: (dir: string, why: string) => `plugin folder ${dir}: importing the entry failed: ${why}`,
  IO_PLUGIN_BAD_EXPORT: (dir: string, why: string) => `plugin folder ${dir}: ${why}`,
  IO_PLUGIN_API_MISMATCH: (dir: string, range: string, version: string) =>
    `plugin folder ${dir}: supports plugin API ${range}, but this core implements ${version}`,
  IO_PLUGIN_DUPLICATE: (dir: string, name: string, other: string) =>
    `plugin folder ${dir}: plugin name "${name}" is already taken by ${other}`,
  IO_PLUGINS_DIR_UNREADABLE: (dir: string, why: string) => `plugins directory ${dir} cannot be read: ${why}`,
  IO_DISABLED_UNKNOWN: (name: string) => `disabledGatherers: "${name}" names no loaded plugin or function`,
  IO_FUNCTION_TIMEOUT: (fn: string, ms: number) => `function "${fn}" did not finish within ${ms} ms and was given up`,
  IO_FUNCTION_ABORTED: (fn: string) => `function "${fn}" was cancelled before it finished`,
  IO_FUNCTION_NOT_A_RECORD: (fn: string, what: string) => `function "${fn}" produced ${what}, which is not a record made by record()`,
  IO_FUNCTION_SERVICE_MISSING: (fn: string, id: string) => `function "${fn}" needs service "${id}", which this core does not provide`,
  IO_RECORD_MARSHAL: (fn: string, name: string, why: string) => `function "${fn}": record "${name}" could not be marshalled: ${why}`,
  IO_RECORD_TOO_LARGE: (name: string, size: number, limit: number) =>
    `record ${name}(size=${size}) exceeds the archive size limit ${limit} and was not stored`,
  IO_RECORD_DUPLICATE_NAME: (name: string, first: string, second: string) =>
    `the record with the same name "${name}" was already recorded and had the fingerprint "${first}"; the later record with fingerprint "${second}" was dropped`,
  IO_RECORD_DUPLICATE_SAME: (name: string, fingerprint: string) =>
    `the record "${name}" was already recorded with the same content (fingerprint "${fingerprint}"); the copy was not stored again`,
  IO_RECORD_DUPLICATE_CONTENT: (name: string, fingerprint: string, other: string) =>
    `the record with the same fingerprint "${fingerprint}" was already recorded at path "${other}", recording another one with a different path "${name}"`,
  IO_ARCHIVE_WRITE: (path: string, why: string) => `archive ${path} could not be written: ${why}`,
  IO_CONFIG_INVALID: (source: string, why: string) => `configuration ${source} is invalid: ${why}`,
  IO_KUBECONFIG_INVALID: (source: string, why: string) => `kubeconfig ${source} cannot be used: ${why}`,
  IO_CLUSTER_UNREACHABLE: (server: string, why: string) => `cannot reach the cluster at ${server}: ${why}`,
  IO_NOTHING_SELECTED: (why: string) => `no gathering function selected: ${why}`,
  IO_BAD_DURATION: (input: string, value: string) => `${input}: "${value}" is not a duration such as 90s, 5m or 2h`,
  IO_SERVER_LISTEN: (server: string, address: string, why: string) => `${server} server cannot listen on ${address}: ${why}`,
  IO_SERVER_TLS_FILE: (key: string, file: string, why: string) => `metrics server TLS ${key} ${file} cannot be used: ${why}`,
  IO_PRUNE_FAILED: (dir: string, count: number, first: string, why: string) =>
    `storage directory ${dir}: ${count} archive(s) could not be deleted by the pruner, the first ${first}: ${why}`,
  IO_DISK_GUARD_FULL: (dir: string, usedPercent: number, limitPercent: number) =>
    `storage directory ${dir}: its filesystem would be ${usedPercent}% used, above the ${limitPercent}% limit (maxDiskRatio); no new archive is written`,
  IO_DISK_GUARD_UNKNOWN: (dir: string, why: string) =>
    `storage directory ${dir}: free disk space cannot be read (${why}); no new archive is written`,
  IO_CONFIG_SOURCE_REJECTED: (source: string, key: string, why: string) =>
    `${source} key ${key}: ${why}; this source's configuration is not applied and the last good one stays in effect`,
  IO_CONFIG_VALUE_IGNORED: (source: string, key: string, why: string) => `${source} key ${key}: ${why}`,
  IO_PULL_SECRET_INVALID: (source: string, why: string) =>
    `${source} key .dockerconfigjson: ${why}; the cloud.openshift.com token is treated as absent`,
  IO_DATA_GATHER_CONFIG_INVALID: (source: string, why: string) => `${source} is invalid: ${why}`,
  IO_CONFIG_SOURCE_UNREADABLE: (source: string, why: string) =>
    `${source} cannot be read: ${why}; the last good configuration from it stays in effect`,
  IO_GATHER_TIMEOUT: (ms: number) => `the gather did not finish within the gather interval (${ms} ms) and was cancelled`,
  IO_GATHER_STOPPED: () => 'the gather was cancelled because the gather scheduler is stopping',
  IO_INSIGHTS_NO_TOKEN: (method: string, url: string) =>
    `${method} ${url} was not sent: the pull secret has no cloud.openshift.com token`,
  IO_INSIGHTS_BAD_TOKEN: (method: string, url: string, why: string) =>
    `${method} ${url} was not sent: cluster authorization token is not valid: ${why}`,
  IO_INSIGHTS_NO_CLUSTER_ID: (why: string) => `the cluster ID is not known yet (clusterversions/version spec.clusterID): ${why}`,
  IO_INSIGHTS_CLUSTER_ID_UNREADABLE: (why: string) => `the cluster ID cannot be read from clusterversions/version: ${why}`,
  IO_INSIGHTS_TRANSPORT: (method: string, url: string, kind: string, why: string) => `${method} ${url} got no HTTP response (${kind}): ${why}`,
  IO_INSIGHTS_BODY_TOO_LARGE: (method: string, url: string, limit: number) =>
    `${method} ${url}: the response body is larger than ${limit} bytes and was not read`,
  IO_OBFUSCATE_INPUT: (path: string, why: string) => `archive ${path} cannot be obfuscated: ${why}`,
  IO_OBFUSCATE_OUTPUT_EXISTS: (path: string) => `${path} already exists and is never overwritten; choose another --output`,
  IO_PLUGINS_INCOMPLETE: (count: number, reasons: string) =>
    `${count} plugin(s) could not be loaded, so the output would leave them out: ${reasons}`,
  IO_RBAC_WRITE_VERB: (fn: string, verb: string, resource: string) =>
    `function "${fn}" declares verb "${verb}" on ${resource}; the gather identity is read-only (get, list, watch)`,
  IO_SCAFFOLD_NAME: (name: string, why: string) => `plugin name ${JSON.stringify(name)} cannot be used: ${why}`,
  IO_SCAFFOLD_EXISTS: (dir: string) => `${dir} already exists; new-plugin never overwrites, choose another name or --dir`,
  IO_PROMETHEUS_RULE_TEMPLATE: (file: string, why: string) =>
    `PrometheusRule template ${file} cannot be used: ${why}; the Insights alert rules are not managed`,
  IO_INSPECT_UNREADABLE: (file: string, why: string) => `archive ${file} cannot be read: ${why}`,
  IO_INSPECT_NOT_ARCHIVE: (file: string, why: string) => `${file} is not an Insights archive: ${why}`,
  IO_INSPECT_NO_METADATA: (file: string, entry: string, why: string) => `archive ${file} has no usable ${entry}: ${why}`,
} as const;

/** A code from the catalogue. */
export type ErrorCode = keyof typeof templates;

/** An error raised by the core; `code` is one of {@link ErrorCode}. */
export class OperatorError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OperatorError';
    this.code = code;
  }
}

/**
 * The message of a code from the catalogue, without building an Error: for the many per-record
 * messages (duplicate content warnings) where capturing a stack trace each time would be wasted work.
 */
export function errorMessage<C extends ErrorCode>(code: C, ...args: Parameters<(typeof templates)[C]>): string {
  return (templates[code] as (...a: unknown[]) => string)(...args);
}

/**
 * Builds an {@link OperatorError} from the catalogue.
 * @example operatorError('IO_PLUGIN_MANIFEST_MISSING', dir)
 */
export function operatorError<C extends ErrorCode>(
  code: C,
  ...args: Parameters<(typeof templates)[C]>
): OperatorError {
  return new OperatorError(code, errorMessage(code, ...args));
}

/** The message of anything thrown, for reports and logs. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

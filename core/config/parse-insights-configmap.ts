import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import schema from '../../config/insights-config.schema.json' with { type: 'json' };
import { describeError, errorMessage, operatorError, type OperatorError } from '../errors/codes.ts';
import { INSIGHTS_CONFIGMAP, type InsightsConfigMapConfig, type ObfuscationValue } from './config-sources.ts';
import { describeYamlError } from './describe-yaml-error.ts';
import { formatSchemaErrors } from './format-schema-errors.ts';
import { formatDuration, parseGoDuration } from './go-duration.ts';

/** Defaults and minimum of the ConfigMap's intervals, as the original's `parseInterval` applies them. */
export const CONFIGMAP_INTERVALS = {
  gatherDefaultMs: 2 * 3_600_000,
  gatherMinimumMs: 10 * 60_000,
  scaDefaultMs: 8 * 3_600_000,
  clusterTransferDefaultMs: 12 * 3_600_000,
} as const;

/** The outcome of {@link parseInsightsConfigMap}: a config with warnings, or a rejection. */
export type InsightsConfigMapResult =
  | { ok: true; config: InsightsConfigMapConfig; warnings: string[] }
  | { ok: false; error: OperatorError };

type Section = Record<string, unknown> | null | undefined;
interface Serialized {
  dataReporting?: Section; alerting?: Section; sca?: Section; clusterTransfer?: Section; proxy?: Section;
}

const validate = new Ajv2020({ allErrors: true, strict: false }).compile<Serialized | null>(schema);
const KEY = 'config.yaml';
const OBFUSCATION: readonly string[] = ['networking', 'workload_names'] satisfies ObfuscationValue[];

/**
 * Reads the `config.yaml` key of `openshift-insights/insights-config` with the original's rules
 * (schema: `config/insights-config.schema.json`): `dataReporting.interval` invalid or <= 0 becomes 2h and
 * below 10m becomes 10m; `sca.interval` and `clusterTransfer.interval` invalid or <= 0 become 8h and 12h;
 * `obfuscation` is one string or a list, unknown values dropped with a warning; booleans are `"true"` in any
 * case. Text that is not YAML, or whose fields have the wrong types, is rejected with an error naming the
 * ConfigMap, the key and the problem; the caller keeps the last good configuration.
 */
export function parseInsightsConfigMap(text: string): InsightsConfigMapResult {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    return { ok: false, error: operatorError('IO_CONFIG_SOURCE_REJECTED', INSIGHTS_CONFIGMAP, KEY, `not YAML: ${describeYamlError(error)}`) };
  }
  if (!validate(parsed)) {
    return { ok: false, error: operatorError('IO_CONFIG_SOURCE_REJECTED', INSIGHTS_CONFIGMAP, KEY, formatSchemaErrors(validate.errors)) };
  }
  const doc: Serialized = parsed ?? {};
  const warnings: string[] = [];
  const str = (section: Section, key: string): string => {
    const value = section?.[key];
    return typeof value === 'string' ? value : '';
  };
  const flag = (section: Section, key: string): boolean => {
    const value = section?.[key];
    return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
  };
  const interval = (name: keyof Serialized, defaultMs: number, minimumMs = 0): number => {
    const value = str(doc[name], 'interval');
    if (value === '') return 0;
    const ms = parseGoDuration(value);
    const where = `${name}.interval`;
    if (ms === undefined || ms <= 0) {
      warnings.push(errorMessage('IO_CONFIG_VALUE_IGNORED', INSIGHTS_CONFIGMAP, KEY,
        `${where} "${value}" is not a positive duration; the default ${formatDuration(defaultMs)} is used`));
      return defaultMs;
    }
    if (ms < minimumMs) {
      warnings.push(errorMessage('IO_CONFIG_VALUE_IGNORED', INSIGHTS_CONFIGMAP, KEY,
        `${where} "${value}" is below the minimum ${formatDuration(minimumMs)}, which is used instead`));
      return minimumMs;
    }
    return ms;
  };

  const { dataReporting: dr, alerting, sca, clusterTransfer: ct, proxy } = doc;
  return {
    ok: true,
    warnings,
    config: {
      dataReporting: {
        intervalMs: interval('dataReporting', CONFIGMAP_INTERVALS.gatherDefaultMs, CONFIGMAP_INTERVALS.gatherMinimumMs),
        uploadEndpoint: str(dr, 'uploadEndpoint'),
        downloadEndpoint: str(dr, 'downloadEndpoint'),
        downloadEndpointTechPreview: str(dr, 'downloadEndpointTechPreview'),
        storagePath: str(dr, 'storagePath'),
        conditionalGathererEndpoint: str(dr, 'conditionalGathererEndpoint'),
        processingStatusEndpoint: str(dr, 'processingStatusEndpoint'),
        obfuscation: obfuscation(dr?.['obfuscation'], warnings),
        disableRuntimeExtractor: flag(dr, 'disableRuntimeExtractor'),
      },
      alerting: { disabled: flag(alerting, 'disabled') },
      sca: {
        disabled: flag(sca, 'disabled'),
        intervalMs: interval('sca', CONFIGMAP_INTERVALS.scaDefaultMs),
        endpoint: str(sca, 'endpoint'),
      },
      clusterTransfer: {
        intervalMs: interval('clusterTransfer', CONFIGMAP_INTERVALS.clusterTransferDefaultMs),
        endpoint: str(ct, 'endpoint'),
      },
      proxy: { httpProxy: str(proxy, 'httpProxy'), httpsProxy: str(proxy, 'httpsProxy'), noProxy: str(proxy, 'noProxy') },
    },
  };
}

function obfuscation(value: unknown, warnings: string[]): ObfuscationValue[] {
  const values = typeof value === 'string' ? (value === '' ? [] : [value]) : Array.isArray(value) ? (value as string[]) : [];
  const valid: ObfuscationValue[] = [];
  for (const item of values) {
    if (OBFUSCATION.includes(item)) valid.push(item as ObfuscationValue);
    else {
      warnings.push(errorMessage('IO_CONFIG_VALUE_IGNORED', INSIGHTS_CONFIGMAP, KEY,
        `dataReporting.obfuscation value "${item}" is not one of networking, workload_names and is ignored`));
    }
  }
  return valid;
}

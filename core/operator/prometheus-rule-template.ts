import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { describeError, operatorError } from '../errors/codes.ts';

/** The operator's PrometheusRule manifest, shipped with the package (the image copies `manifests/`). */
export const PROMETHEUS_RULE_MANIFEST = new URL('../../manifests/08-prometheus-rule.yaml', import.meta.url).pathname;

/** Where PrometheusRules are served. */
export const PROMETHEUS_RULE_API = { group: 'monitoring.coreos.com', version: 'v1', plural: 'prometheusrules' } as const;

/** The parts of the manifest the operator writes: identity, labels and annotations, and the spec. */
export interface PrometheusRuleTemplate {
  apiVersion: string;
  kind: 'PrometheusRule';
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { groups: unknown[] };
}

/**
 * Reads the PrometheusRule manifest the operator creates its alert rules from. Throws
 * `IO_PROMETHEUS_RULE_TEMPLATE` naming the file when it is missing, not YAML, or not a PrometheusRule
 * with a name, a namespace and `spec.groups`.
 */
export async function readPrometheusRuleTemplate(file: string = PROMETHEUS_RULE_MANIFEST): Promise<PrometheusRuleTemplate> {
  let doc: unknown;
  try {
    doc = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    throw operatorError('IO_PROMETHEUS_RULE_TEMPLATE', file, describeError(error));
  }
  const o = doc as Partial<PrometheusRuleTemplate> | null;
  const expected = `${PROMETHEUS_RULE_API.group}/${PROMETHEUS_RULE_API.version}`;
  if (o === null || typeof o !== 'object' || o.apiVersion !== expected || o.kind !== 'PrometheusRule') {
    throw operatorError('IO_PROMETHEUS_RULE_TEMPLATE', file, `it is not a ${expected} PrometheusRule`);
  }
  if (typeof o.metadata?.name !== 'string' || typeof o.metadata.namespace !== 'string') {
    throw operatorError('IO_PROMETHEUS_RULE_TEMPLATE', file, 'metadata.name and metadata.namespace are required');
  }
  if (!Array.isArray(o.spec?.groups) || o.spec.groups.length === 0) {
    throw operatorError('IO_PROMETHEUS_RULE_TEMPLATE', file, 'spec.groups is missing or empty');
  }
  const { name, namespace, labels, annotations } = o.metadata;
  return {
    apiVersion: expected,
    kind: 'PrometheusRule',
    metadata: { name, namespace, ...(labels === undefined ? {} : { labels }), ...(annotations === undefined ? {} : { annotations }) },
    spec: { groups: o.spec.groups },
  };
}

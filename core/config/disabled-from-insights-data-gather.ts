import { Ajv2020 } from 'ajv/dist/2020.js';
import v1Schema from '../../config/insights-data-gather-v1.schema.json' with { type: 'json' };
import v1alpha1Schema from '../../config/insights-data-gather-v1alpha1.schema.json' with { type: 'json' };
import { operatorError } from '../errors/codes.ts';
import { formatSchemaErrors } from './format-schema-errors.ts';

const SOURCE = 'insightsdatagather.config.openshift.io/cluster';

/**
 * Which gathering the `InsightsDataGather` object turns off, in the form the gather selection takes.
 *
 * `disabled` holds `all`, `<plugin>` or `<plugin>/<function>` (the `disabled: string[]` of
 * `core/runner/selection.ts`). `enabledExceptions` holds `<plugin>/<function>` names that run although
 * their plugin is in `disabled`: v1 `Custom` mode can say "gatherer Disabled, but this function Enabled",
 * which a disabled list alone cannot express. A selection honouring this must run a function when it is
 * in `enabledExceptions`, even if its plugin is disabled (see {@link isFunctionEnabled}).
 */
export interface DataGatherSelection {
  disabled: string[];
  enabledExceptions: string[];
  /** Gathering is off entirely: v1alpha1 `all`/`ALL`, or v1 mode `None`. */
  gatheringDisabled: boolean;
  /**
   * The obfuscation `spec.gatherConfig.dataPolicy` asks for: v1alpha1 `ObfuscateNetworking` (one value), v1
   * `ObfuscateNetworking` and `WorkloadNames` (a list). Added to what insights-config asks for.
   */
  dataPolicy: { networking: boolean; workloadNames: boolean };
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateV1 = ajv.compile<V1>(v1Schema);
const validateV1alpha1 = ajv.compile<V1alpha1>(v1alpha1Schema);

interface V1alpha1 { spec?: { gatherConfig?: { dataPolicy?: string; disabledGatherers?: string[] | null } } }
interface V1 {
  spec?: { gatherConfig?: { dataPolicy?: string[]; gatherers?: { mode?: string; custom?: { configs?: { name: string; state: string }[] } } } };
}

/**
 * Reads the cluster's `InsightsDataGather` (`config.openshift.io/v1alpha1` or `/v1`, chosen by
 * `apiVersion`) with the original's semantics (spec §2.7):
 * - v1alpha1: `spec.gatherConfig.disabledGatherers` as given; `all` or `ALL` turns gathering off.
 * - v1: mode `All` (the default) disables nothing; `None` turns gathering off; `Custom` applies
 *   `custom.configs`: a `Disabled` gatherer runs only its functions set `Enabled`; otherwise every function
 *   runs except those set `Disabled`. A gatherer-level `Enabled` changes nothing.
 * @throws OperatorError `IO_DATA_GATHER_CONFIG_INVALID` for an unknown apiVersion or a spec that breaks the schema
 */
export function disabledFromInsightsDataGather(obj: unknown): DataGatherSelection {
  const apiVersion = typeof obj === 'object' && obj !== null ? (obj as { apiVersion?: unknown }).apiVersion : undefined;
  if (apiVersion === 'config.openshift.io/v1alpha1') {
    if (!validateV1alpha1(obj)) throw invalid(formatSchemaErrors(validateV1alpha1.errors));
    const disabled = (obj.spec?.gatherConfig?.disabledGatherers ?? []).map((name) => name.trim()).filter((name) => name !== '');
    const gatheringDisabled = disabled.includes('all') || disabled.includes('ALL');
    const dataPolicy = { networking: obj.spec?.gatherConfig?.dataPolicy === 'ObfuscateNetworking', workloadNames: false };
    return { disabled: gatheringDisabled ? ['all'] : disabled, enabledExceptions: [], gatheringDisabled, dataPolicy };
  }
  if (apiVersion === 'config.openshift.io/v1') {
    if (!validateV1(obj)) throw invalid(formatSchemaErrors(validateV1.errors));
    const gatherers = obj.spec?.gatherConfig?.gatherers;
    const policy = obj.spec?.gatherConfig?.dataPolicy ?? [];
    const dataPolicy = { networking: policy.includes('ObfuscateNetworking'), workloadNames: policy.includes('WorkloadNames') };
    const mode = gatherers?.mode ?? 'All';
    if (mode === 'None') return { disabled: ['all'], enabledExceptions: [], gatheringDisabled: true, dataPolicy };
    if (mode !== 'Custom') return { disabled: [], enabledExceptions: [], gatheringDisabled: false, dataPolicy };
    return { ...resolveCustom(gatherers?.custom?.configs ?? []), dataPolicy };
  }
  throw invalid(`apiVersion ${JSON.stringify(apiVersion)} is neither config.openshift.io/v1 nor config.openshift.io/v1alpha1`);
}

function resolveCustom(configs: readonly { name: string; state: string }[]): Omit<DataGatherSelection, 'dataPolicy'> {
  const has = (name: string, state: string): boolean => configs.some((c) => c.name === name && c.state === state);
  const disabled: string[] = [];
  const enabledExceptions: string[] = [];
  for (const { name, state } of configs) {
    const slash = name.indexOf('/');
    if (slash < 0) {
      if (state === 'Disabled' && !disabled.includes(name)) disabled.push(name);
      continue;
    }
    const gathererDisabled = has(name.slice(0, slash), 'Disabled');
    // The original checks Enabled first for a disabled gatherer and Disabled first otherwise.
    if (gathererDisabled && has(name, 'Enabled')) {
      if (!enabledExceptions.includes(name)) enabledExceptions.push(name);
    } else if (!gathererDisabled && has(name, 'Disabled')) {
      if (!disabled.includes(name)) disabled.push(name);
    }
  }
  return { disabled, enabledExceptions, gatheringDisabled: false };
}

/**
 * Whether `<plugin>/<function>` runs under a {@link DataGatherSelection}: an explicit exception wins over
 * its plugin being disabled; `all` and a disabled function win over everything.
 */
export function isFunctionEnabled(selection: DataGatherSelection, plugin: string, fn: string): boolean {
  const full = `${plugin}/${fn}`;
  if (selection.gatheringDisabled || selection.disabled.includes(full)) return false;
  if (selection.disabled.includes(plugin)) return selection.enabledExceptions.includes(full);
  return true;
}

function invalid(why: string): Error {
  return operatorError('IO_DATA_GATHER_CONFIG_INVALID', SOURCE, why);
}

import { describe, expect, it } from 'vitest';
import { NO_OBFUSCATION, stripWorkloadNameLabels, WORKLOAD_NAME_LABELS } from '../../plugin-api/index.ts';

// Lines as the Deployment Validation Operator serves them (the original's sample config/dvo_metrics).
const DVO = [
  '# HELP deployment_validation_operator_unset_cpu_requirements Indicates if a deployment does not set cpu requirements',
  '# TYPE deployment_validation_operator_unset_cpu_requirements gauge',
  'deployment_validation_operator_unset_cpu_requirements{exported_namespace="shop",kind="Deployment",name="web",namespace="shop",namespace_uid="6c9b",uid="0a1e"} 1',
  'deployment_validation_operator_no_anti_affinity{name="db",namespace_uid="6c9b",uid="77aa"} 1',
  'deployment_validation_operator_tagged{check_description="uses a, b, and \\"c\\"",namespace="x,y",uid="9"} 1',
  'deployment_validation_operator_total 3',
  '',
].join('\n');

describe('stripWorkloadNameLabels', () => {
  it('removes name and namespace labels and keeps UIDs and every other label, as the original dvo_metrics does', () => {
    const lines = stripWorkloadNameLabels(DVO).split('\n');
    expect(lines[2]).toBe('deployment_validation_operator_unset_cpu_requirements{exported_namespace="shop",kind="Deployment",namespace_uid="6c9b",uid="0a1e"} 1');
    // A first label removed leaves no dangling comma (the original's regex would leave `{,namespace_uid=…`).
    expect(lines[3]).toBe('deployment_validation_operator_no_anti_affinity{namespace_uid="6c9b",uid="77aa"} 1');
    // A value with commas and escaped quotes goes whole; another label's value holding a comma stays whole.
    expect(lines[4]).toBe('deployment_validation_operator_tagged{check_description="uses a, b, and \\"c\\"",uid="9"} 1');
  });

  it('leaves comments, lines without labels and label sets without workload names byte for byte', () => {
    const out = stripWorkloadNameLabels(DVO);
    expect(out.split('\n').slice(0, 2)).toEqual(DVO.split('\n').slice(0, 2));
    expect(out.endsWith('deployment_validation_operator_total 3\n')).toBe(true);
    const untouched = 'x{kind="Deployment",uid="1"} 1\n';
    expect(stripWorkloadNameLabels(untouched)).toBe(untouched);
  });

  it('takes another list of labels', () => {
    expect(stripWorkloadNameLabels('m{pod="p-1",name="n"} 1', ['pod'])).toBe('m{name="n"} 1');
    expect(WORKLOAD_NAME_LABELS).toEqual(['name', 'namespace']);
  });

  it('asks for nothing by default', () => {
    expect(NO_OBFUSCATION).toEqual({ workloadNames: false, networking: false });
    expect(Object.isFrozen(NO_OBFUSCATION)).toBe(true);
  });
});

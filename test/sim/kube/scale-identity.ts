/**
 * Names a generated cluster uses everywhere: its name and infrastructure name, its domains, the names
 * of the machines behind its nodes and of the rendered MachineConfigs they run. They derive from the
 * seed alone, so objects of a unit (nodes, machines) are the same at every scale.
 */
import { Rng } from './prng.ts';

export interface ClusterIdentity {
  readonly seed: number;
  /** install-config `metadata.name`. */
  readonly clusterName: string;
  /** `<clusterName>-<5 random>`: the prefix of cloud resources, machine and MachineSet names. */
  readonly infraName: string;
  readonly baseDomain: string;
  readonly region: string;
}

export const ZONES: readonly string[] = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

export function clusterIdentity(seed: number): ClusterIdentity {
  const rng = new Rng(`kube-sim/${seed}/identity`);
  const clusterName = `ocp${seed}`;
  return { seed, clusterName, infraName: `${clusterName}-${rng.suffix(5)}`, baseDomain: 'sim.example.com', region: 'us-east-1' };
}

export const apiHost = (id: ClusterIdentity): string => `api.${id.clusterName}.${id.baseDomain}`;
export const apiIntHost = (id: ClusterIdentity): string => `api-int.${id.clusterName}.${id.baseDomain}`;
export const appsDomain = (id: ClusterIdentity): string => `apps.${id.clusterName}.${id.baseDomain}`;

/** The availability zone of the node with this cluster-wide index. */
export const zoneOf = (index: number): string => ZONES[index % ZONES.length]!;

/** The worker MachineSet of a zone. */
export const machineSetName = (id: ClusterIdentity, zone: string): string => `${id.infraName}-worker-${zone}`;

/**
 * The Machine behind the node with this cluster-wide index: the control plane's are `-master-<i>`, the
 * workers' are their MachineSet's name and a generated suffix.
 */
export function machineName(id: ClusterIdentity, index: number, master: boolean): string {
  if (master) return `${id.infraName}-master-${index}`;
  return `${machineSetName(id, zoneOf(index))}-${new Rng(`kube-sim/${id.seed}/machine/${index}`).suffix(5)}`;
}

/**
 * The rendered MachineConfigs of a pool, newest first: the one its nodes run, then those of the
 * earlier versions the cluster was upgraded from (still stored, no longer used).
 */
export function renderedConfigs(id: ClusterIdentity, role: 'master' | 'worker', count = 3): string[] {
  const rng = new Rng(`kube-sim/${id.seed}/rendered/${role}`);
  return Array.from({ length: count }, () => `rendered-${role}-${rng.hex(32)}`);
}

/** A stable uid for a fixed object of the cluster (a MachineSet, the ControlPlaneMachineSet). */
export const stableUid = (id: ClusterIdentity, what: string): string => new Rng(`kube-sim/${id.seed}/uid/${what}`).uuid();

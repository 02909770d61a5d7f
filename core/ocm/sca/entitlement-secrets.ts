import { ApiException } from '@kubernetes/client-node';
import type { CoreV1Api, V1Secret } from '@kubernetes/client-node';
import { untilAborted } from '../../time/abortable-delay.ts';
import { OCM_TO_KUBE_ARCH } from './architectures.ts';
import type { ScaCertificate, ScaResponse } from './sca-response.ts';

/** Where the entitlement secrets live. */
export const ENTITLEMENT_NAMESPACE = 'openshift-config-managed';
/** The secret builds mount: the control-plane architecture's certificate. */
export const ENTITLEMENT_SECRET = 'etc-pki-entitlement';
/** Data key of the certificate. */
export const ENTITLEMENT_CERT_KEY = 'entitlement.pem';
/** Data key of the private key. */
export const ENTITLEMENT_KEY_KEY = 'entitlement-key.pem';

/** One secret to write. */
export interface PlannedSecret {
  name: string;
  certificate: ScaCertificate;
}

/** The outcome of {@link planEntitlementSecrets}. */
export type SecretPlan =
  | { ok: true; secrets: PlannedSecret[]; skippedArchitectures: string[] }
  | { ok: false; problem: string };

/**
 * Which secrets to write, as the original's `processResponses`: one certificate goes to
 * `etc-pki-entitlement`; with several, `etc-pki-entitlement` gets the control-plane architecture's and
 * every architecture also gets its own `etc-pki-entitlement-<kubernetes arch>` (for example
 * `etc-pki-entitlement-arm64`). Certificates of architectures with no Kubernetes name are skipped.
 */
export function planEntitlementSecrets(response: ScaResponse, controlPlaneArch: string | undefined): SecretPlan {
  const items = response.items;
  const [only] = items;
  if (only === undefined) return { ok: false, problem: 'the SCA response holds no certificate' };
  if (items.length === 1) return { ok: true, secrets: [{ name: ENTITLEMENT_SECRET, certificate: only }], skippedArchitectures: [] };
  const controlPlane = items.find((item) => item.arch === controlPlaneArch);
  if (controlPlane === undefined) {
    return { ok: false, problem: 'certificates for node architecture not found, default secret is not created nor updated' };
  }
  const secrets: PlannedSecret[] = [{ name: ENTITLEMENT_SECRET, certificate: controlPlane }];
  const skippedArchitectures: string[] = [];
  for (const item of items) {
    const kubeArch = OCM_TO_KUBE_ARCH[item.arch];
    if (kubeArch === undefined) skippedArchitectures.push(item.arch);
    else secrets.push({ name: `${ENTITLEMENT_SECRET}-${kubeArch}`, certificate: item });
  }
  return { ok: true, secrets, skippedArchitectures };
}

/** What {@link writeEntitlementSecret} did. */
export type SecretWrite = 'created' | 'updated' | 'unchanged';

/** Attempts of a write that keeps losing races (409) to another writer. */
const CONFLICT_ATTEMPTS = 3;

/**
 * Creates the secret (type Opaque) or replaces the data of the existing one; a secret that already
 * holds exactly this certificate and key is left alone. Kubernetes errors are rethrown (`ApiException`).
 */
export async function writeEntitlementSecret(core: CoreV1Api, planned: PlannedSecret, signal?: AbortSignal): Promise<SecretWrite> {
  const namespace = ENTITLEMENT_NAMESPACE;
  const data = {
    [ENTITLEMENT_CERT_KEY]: Buffer.from(planned.certificate.cert, 'utf8').toString('base64'),
    [ENTITLEMENT_KEY_KEY]: Buffer.from(planned.certificate.key, 'utf8').toString('base64'),
  };
  for (let attempt = 1; ; attempt += 1) {
    try {
      const existing = await readSecret(core, namespace, planned.name, signal);
      if (existing === undefined) {
        const body: V1Secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: planned.name, namespace }, type: 'Opaque', data };
        await untilAborted(core.createNamespacedSecret({ namespace, body }), signal);
        return 'created';
      }
      if (sameData(existing.data, data)) return 'unchanged';
      await untilAborted(core.replaceNamespacedSecret({ name: planned.name, namespace, body: { ...existing, data } }), signal);
      return 'updated';
    } catch (error) {
      if (!(error instanceof ApiException && error.code === 409) || attempt >= CONFLICT_ATTEMPTS) throw error;
    }
  }
}

async function readSecret(core: CoreV1Api, namespace: string, name: string, signal?: AbortSignal): Promise<V1Secret | undefined> {
  try {
    return await untilAborted(core.readNamespacedSecret({ name, namespace }), signal);
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) return undefined;
    throw error;
  }
}

function sameData(current: Record<string, string> | undefined, wanted: Record<string, string>): boolean {
  if (current === undefined) return false;
  const keys = Object.keys(current);
  return keys.length === Object.keys(wanted).length && keys.every((key) => current[key] === wanted[key]);
}

import { X509Certificate } from 'node:crypto';
import { defineGatheringFunction, GatherError, json, KubeApiError, record } from 'insights-operator/plugin-api';
import type { GatherContext, KubeObject } from 'insights-operator/plugin-api';

/** At most this many certificates are described. */
export const INGRESS_CERTIFICATES_LIMIT = 64;
/** Where the ingress operator keeps its IngressControllers and the routers' certificates. */
export const INGRESS_NAMESPACES: readonly string[] = ['openshift-ingress-operator', 'openshift-ingress'];
/** The certificates every cluster has: the ingress operator's CA, and the default routers' certificate. */
const CLUSTER_CERTIFICATES: ReadonlyArray<{ namespace: string; name: string }> = [
  { namespace: 'openshift-ingress-operator', name: 'router-ca' },
  { namespace: 'openshift-ingress', name: 'router-certs-default' },
];

/** A certificate's validity and the IngressControllers that serve it (the original's field names). */
export interface CertificateInfo {
  name: string;
  namespace: string;
  not_before: string;
  not_after: string;
  controllers: Array<{ name: string; namespace: string }>;
}

interface Secret extends KubeObject {
  data?: Record<string, string> | null;
}

interface IngressController extends KubeObject {
  spec?: { defaultCertificate?: { name?: string } | null; [key: string]: unknown };
}

/**
 * `clusterconfig/ingress_certificates`: when the ingress certificates (the operator's CA, the default
 * routers' certificate and every IngressController's default certificate) start and stop being valid,
 * and which controllers use them, so that expiring certificates can be flagged. The certificates are
 * parsed here and only their dates kept: no certificate or key reaches a record.
 */
export const ingressCertificates = defineGatheringFunction({
  description: 'NotBefore/NotAfter of the ingress CA, the default router certificate and the IngressControllers\' default certificates, with the controllers using each.',
  paths: ['aggregated/ingress_controllers_certs.json'],
  permissions: INGRESS_NAMESPACES.flatMap((namespace) => [
    { resource: 'secrets', verbs: ['get'] as const, namespace },
    { group: 'operator.openshift.io', resource: 'ingresscontrollers', verbs: ['list'] as const, namespace },
  ]),
  async *gather(ctx) {
    // Keyed by namespace/name; a Map keeps the order certificates were found in.
    const certificates = new Map<string, CertificateInfo>();
    for (const { namespace, name } of CLUSTER_CERTIFICATES) {
      const info = await certificateInfo(ctx, namespace, name);
      if (info !== undefined) certificates.set(`${namespace}/${name}`, info);
    }

    for (const namespace of INGRESS_NAMESPACES) {
      try {
        const type = { apiVersion: 'operator.openshift.io/v1', kind: 'IngressController' };
        for await (const controller of ctx.kube.list<IngressController>(type, { namespace })) {
          if (certificates.size >= INGRESS_CERTIFICATES_LIMIT) {
            ctx.reportError(new GatherError(`reached the limit of ingress certificates (${INGRESS_CERTIFICATES_LIMIT}), skipping additional certificates`));
            break;
          }
          const reference = controller.spec?.defaultCertificate;
          if (reference === undefined || reference === null) continue;
          // The original reads the secret from the controller's own namespace, not from openshift-ingress.
          const secretName = reference.name ?? '';
          const using = { name: controller.metadata?.name ?? '', namespace: controller.metadata?.namespace ?? '' };
          const known = certificates.get(`${namespace}/${secretName}`);
          if (known !== undefined) {
            known.controllers.push(using);
            continue;
          }
          const info = await certificateInfo(ctx, namespace, secretName);
          if (info === undefined) continue;
          info.controllers.push(using);
          certificates.set(`${namespace}/${secretName}`, info);
        }
      } catch (error) {
        // The other namespace, and the certificates found so far, are still reported.
        if (!(error instanceof KubeApiError)) throw error;
        ctx.reportError(error);
      }
    }
    // Go's nil slice: `null` when no certificate could be read.
    yield record({ name: 'aggregated/ingress_controllers_certs', item: json(certificates.size === 0 ? null : [...certificates.values()]) });
  },
});

/**
 * The validity of the certificate in a TLS secret's `tls.crt`, or `undefined` (and a reported error)
 * when the secret or certificate cannot be read. Nothing else of the secret is kept.
 */
async function certificateInfo(ctx: GatherContext<unknown>, namespace: string, name: string): Promise<CertificateInfo | undefined> {
  const where = `secret '${name}' in namespace '${namespace}'`;
  let pem: string | undefined;
  try {
    // An empty name would turn the read into a list of every secret of the namespace.
    if (name === '') throw new GatherError('resource name may not be empty');
    const secret = await ctx.kube.get<Secret>({ apiVersion: 'v1', kind: 'Secret' }, name, namespace);
    if (secret === undefined) throw new GatherError(`secrets "${name}" not found`);
    const encoded = secret.data?.['tls.crt'];
    if (typeof encoded !== 'string') {
      ctx.reportError(new GatherError(`'tls.crt' not found in ${where}`));
      return undefined;
    }
    pem = Buffer.from(encoded, 'base64').toString('latin1');
  } catch (error) {
    if (!(error instanceof GatherError)) throw error;
    ctx.reportError(new GatherError(`failed to get ${where}: ${error.message}`, { cause: error }));
    return undefined;
  }
  const der = firstPemBlock(pem);
  if (der === undefined) {
    ctx.reportError(new GatherError(`unable to decode certificate (x509) from ${where}`));
    return undefined;
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch (error) {
    ctx.reportError(new GatherError(`failed to parse certificate from ${where}: ${error instanceof Error ? error.message : String(error)}`));
    return undefined;
  }
  return { name, namespace, not_before: goTime(certificate.validFromDate), not_after: goTime(certificate.validToDate), controllers: [] };
}

const PEM_BLOCK = /(?:^|\n)-----BEGIN ([^\n]*)-----[ \t]*\r?\n([\s\S]*?)\n-----END \1-----/g;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The bytes of the first PEM block, whatever its type, as Go's `pem.Decode` finds it (blocks whose
 * body is not base64 are passed over); `undefined` when there is none. Header lines (`Key: value`) are
 * skipped.
 */
function firstPemBlock(text: string): Buffer | undefined {
  for (const m of text.matchAll(PEM_BLOCK)) {
    const body = (m[2] ?? '').split('\n').filter((line) => !line.includes(':')).join('').replace(/\s+/g, '');
    if (BASE64.test(body) && body.length % 4 === 0) return Buffer.from(body, 'base64');
  }
  return undefined;
}

/** A certificate time as Go writes it: RFC 3339 in UTC, whole seconds. */
function goTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

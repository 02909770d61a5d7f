import { coreServices, defineGatheringFunction, json, maskString, maskUrl, record } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { certificateSummary, firstPemBlock, verifiedCertificateRequest } from './certificate-request.ts';
import type { X509Name } from './certificate-request.ts';

/** At most this many CSRs are read (the original's list limit: it reads one page and ignores the rest). */
export const CSR_LIST_LIMIT = 5000;

interface CertificateSigningRequest extends KubeObject {
  spec?: { request?: string; username?: string; groups?: string[] | null; usages?: string[] | null; [key: string]: unknown };
  status?: { conditions?: unknown[] | null; certificate?: string; [key: string]: unknown };
}

/** Go's `pkix.Name` as the original writes it: every attribute masked, the raw attribute lists null. */
interface AnonymizedName {
  Country: string[];
  Organization: string[];
  OrganizationalUnit: string[];
  Locality: string[];
  Province: string[];
  StreetAddress: string[];
  PostalCode: string[];
  SerialNumber: string;
  CommonName: string;
  Names: null;
  ExtraNames: null;
}

interface CertFeatures {
  Verified: boolean;
  Issuer: AnonymizedName;
  Subject: AnonymizedName;
  NotBefore: string;
  NotAfter: string;
}

/**
 * The record of one CSR: the original's `CSRAnonymizedFeatures` Go struct, whose fields have no JSON
 * tags and so keep their Go names (`TypeMeta`, `ObjectMeta`, `Spec`, `Status`). The metadata is written
 * whole, managedFields included, since it is not a Resource record.
 */
interface CsrFeatures {
  TypeMeta: { apiVersion?: string; kind?: string };
  ObjectMeta: KubeObject['metadata'];
  Spec: {
    UID: string;
    Username: string;
    Groups: string[] | null;
    Usages: string[] | null;
    Request: {
      ValidSignature: boolean;
      SignatureAlgorithm: string;
      PublicKeyAlgorithm: string;
      DNSNames: string[];
      EmailAddresses: string[];
      IPAddresses: string[];
      URIs: string[];
      Subject: AnonymizedName;
    } | null;
  };
  Status: { Conditions: unknown[] | null; Cert: CertFeatures | null };
}

/**
 * `clusterconfig/certificate_signing_requests`: the CSRs that may need attention — pending or denied
 * (no certificate issued), or whose certificate is not valid at the time of the gather — reduced to
 * anonymized features: names x-ed out, SANs masked as URLs, algorithms, usages and conditions kept.
 */
export const certificateSigningRequests = defineGatheringFunction({
  description: `Anonymized CertificateSigningRequests without an issued certificate or whose certificate is outside its validity (at most ${CSR_LIST_LIMIT} read).`,
  paths: ['config/certificatesigningrequests/{name}.json'],
  permissions: [{ group: 'certificates.k8s.io', resource: 'certificatesigningrequests', verbs: ['list'] }],
  services: { clock: coreServices.clock },
  async *gather(ctx) {
    const now = ctx.services.clock.now();
    const requests = ctx.kube.list<CertificateSigningRequest>({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest' }, { limit: CSR_LIST_LIMIT });
    for await (const csr of requests) {
      const features = anonymizedCsr(csr);
      if (!needsAttention(features, now)) continue;
      yield record({ name: `config/certificatesigningrequests/${csr.metadata?.name ?? ''}`, item: json(features) });
    }
  },
});

/**
 * Whether the CSR is recorded: always when no certificate could be read from it (pending, denied,
 * failed or unparsable); otherwise only when the certificate is not yet or no longer valid.
 */
function needsAttention(features: CsrFeatures, now: Date): boolean {
  const cert = features.Status.Cert;
  if (cert === null) return true;
  return now.getTime() < Date.parse(cert.NotBefore) || now.getTime() > Date.parse(cert.NotAfter);
}

function anonymizedCsr(csr: CertificateSigningRequest): CsrFeatures {
  const typeMeta: CsrFeatures['TypeMeta'] = {};
  // Typed list items carry no apiVersion/kind; the original's empty TypeMeta is then `{}`.
  if (csr.apiVersion) typeMeta.apiVersion = csr.apiVersion;
  if (csr.kind) typeMeta.kind = csr.kind;
  return {
    TypeMeta: typeMeta,
    ObjectMeta: csr.metadata,
    Spec: {
      // The original declares a UID but never fills it.
      UID: '',
      Username: csr.spec?.username ?? '',
      Groups: csr.spec?.groups ?? null,
      Usages: csr.spec?.usages ?? null,
      Request: requestFeatures(csr.spec?.request),
    },
    Status: {
      Conditions: csr.status?.conditions ?? null,
      Cert: certFeatures(csr.status?.certificate),
    },
  };
}

/** The features of the PEM request; null unless it parses and its signature verifies. */
function requestFeatures(request: string | undefined): CsrFeatures['Spec']['Request'] {
  const der = request === undefined ? undefined : firstPemBlock(Buffer.from(request, 'base64'));
  const parsed = der === undefined ? undefined : verifiedCertificateRequest(der);
  if (parsed === undefined) return null;
  return {
    ValidSignature: true,
    SignatureAlgorithm: parsed.signatureAlgorithm,
    PublicKeyAlgorithm: parsed.publicKeyAlgorithm,
    // Host names, addresses and URIs keep their shape (dots, colons, slashes) and nothing else.
    DNSNames: parsed.dnsNames.map(maskUrl),
    EmailAddresses: parsed.emailAddresses.map(maskUrl),
    IPAddresses: parsed.ipAddresses.map(maskUrl),
    URIs: parsed.uris.map(maskUrl),
    Subject: anonymizedName(parsed.subject),
  };
}

/** The features of the issued certificate; null when there is none or it does not parse. */
function certFeatures(certificate: string | undefined): CertFeatures | null {
  const der = certificate === undefined ? undefined : firstPemBlock(Buffer.from(certificate, 'base64'));
  const summary = der === undefined ? undefined : certificateSummary(der);
  if (summary === undefined) return null;
  return {
    Verified: true,
    Issuer: anonymizedName(summary.issuer),
    Subject: anonymizedName(summary.subject),
    NotBefore: rfc3339(summary.notBefore),
    NotAfter: rfc3339(summary.notAfter),
  };
}

/** Every attribute of the name replaced by `x`s of its length, in Go's field order. */
function anonymizedName(name: X509Name): AnonymizedName {
  return {
    Country: name.country.map(maskString),
    Organization: name.organization.map(maskString),
    OrganizationalUnit: name.organizationalUnit.map(maskString),
    Locality: name.locality.map(maskString),
    Province: name.province.map(maskString),
    StreetAddress: name.streetAddress.map(maskString),
    PostalCode: name.postalCode.map(maskString),
    SerialNumber: maskString(name.serialNumber),
    CommonName: maskString(name.commonName),
    Names: null,
    ExtraNames: null,
  };
}

/** Go's `time.RFC3339` of a UTC time: whole seconds, `Z`. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

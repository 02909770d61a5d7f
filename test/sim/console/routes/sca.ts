import { checkAccessToken } from '../auth.ts';
import { ocmError, reply } from '../reply.ts';
import type { ConsoleState } from '../state.ts';
import type { Entitlement } from '../types.ts';
import type { RouteHandler } from './context.ts';

/** PEM-looking text that is not a real certificate or key: nothing should need to parse it. */
function dummyPem(label: string, text: string): string {
  const b64 = Buffer.from(text).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** The pair served for an architecture when no entitlements were set. */
export function generatedEntitlement(arch: string): Entitlement {
  return {
    cert: dummyPem('CERTIFICATE', `console-sim entitlement certificate for ${arch}`),
    key: dummyPem('RSA PRIVATE KEY', `console-sim entitlement key for ${arch}`),
  };
}

function entitlementFor(state: ConsoleState, arch: string): Entitlement | undefined {
  return state.entitlements === undefined ? generatedEntitlement(arch) : state.entitlements[arch];
}

function requestedArchs(body: Buffer): string[] | undefined {
  try {
    const arch = (JSON.parse(body.toString('utf8')) as { arch?: unknown } | null)?.arch;
    return Array.isArray(arch) && arch.every((a) => typeof a === 'string') ? arch : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `POST /api/accounts_mgmt/v1/entitlement_certificates` with `{"arch": [...]}`: one item per
 * requested architecture that has an entitlement (all of them when none were set).
 */
export const handleSca: RouteHandler = ({ headers, body, state }) => {
  const denied = checkAccessToken(headers, state);
  if (denied !== undefined) return denied;
  const archs = requestedArchs(body);
  if (archs === undefined) return ocmError(400, 'the body must be JSON {"arch": ["x86_64", ...]}');
  const items = [...new Set(archs)].flatMap((arch) => {
    const found = entitlementFor(state, arch);
    return found === undefined ? [] : [{
      id: `console-sim-${arch}`,
      organization_id: state.settings.orgId,
      key: found.key,
      cert: found.cert,
      metadata: { arch },
    }];
  });
  return reply(200, { items, kind: 'EntitlementCertificateList', total: items.length });
};

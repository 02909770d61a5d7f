import type { Reply } from './reply.ts';
import { reply } from './reply.ts';
import type { ConsoleState } from './state.ts';

/**
 * 401 with a body that echoes the Authorization header back, as a careless or hostile server
 * might: tests use it to prove the client never lets a server's words carry the token into logs.
 */
function unauthorized(header: string | undefined, why: string): Reply {
  return reply(401, { error: 'Unauthorized', message: why, authorization: header ?? null });
}

/** Ingress, report and rules: `Authorization: Bearer <token>`. */
export function checkBearer(headers: Record<string, string>, state: ConsoleState): Reply | undefined {
  const header = headers.authorization;
  if (header === `Bearer ${state.token}`) return undefined;
  return unauthorized(header, header === undefined ? 'no Authorization header' : 'invalid bearer token');
}

/** OCM (SCA, cluster transfer): `Authorization: AccessToken <clusterId>:<token>`. */
export function checkAccessToken(headers: Record<string, string>, state: ConsoleState): Reply | undefined {
  const header = headers.authorization;
  const m = /^AccessToken ([^:]+):(.+)$/.exec(header ?? '');
  if (m === null) return unauthorized(header, 'expected "AccessToken <cluster ID>:<token>"');
  if (m[2] !== state.token) return unauthorized(header, 'invalid access token');
  const expected = state.settings.clusterId;
  if (expected !== undefined && m[1] !== expected) return unauthorized(header, `the access token names cluster ${m[1]}, not ${expected}`);
  return undefined;
}

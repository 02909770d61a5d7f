/** metav1.Status failure bodies, worded as kube-apiserver words them so clients' error parsing is exercised. */

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string };
  code: number;
}

export function failure(code: number, reason: string, message: string, details?: StatusBody['details']): StatusBody {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details === undefined ? {} : { details }), code };
}

export const unauthorized = (): StatusBody => failure(401, 'Unauthorized', 'Unauthorized');

/** `nodes "x" not found`, `clusteroperators.config.openshift.io "x" not found`. */
export function notFound(group: string, plural: string, name: string): StatusBody {
  const resource = group === '' ? plural : `${plural}.${group}`;
  return failure(404, 'NotFound', `${resource} "${name}" not found`, { name, ...(group === '' ? {} : { group }), kind: plural });
}

export const noSuchResource = (): StatusBody => failure(404, 'NotFound', 'the server could not find the requested resource', {});

export const badRequest = (message: string): StatusBody => failure(400, 'BadRequest', message);

export const methodNotAllowed = (): StatusBody =>
  failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});

import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { inspectArchive } from '../../../../core/archive/inspect-archive.ts';
import { acceptedBody, REQUEST_ID_HEADER } from '../../../../core/ingress/ingress-contract.ts';
import { validateUpload } from '../../../../core/ingress/validate-upload.ts';
import { checkBearer } from '../auth.ts';
import { reply } from '../reply.ts';
import type { RouteHandler } from './context.ts';

function gatheringTimeOf(metadata: unknown): string | undefined {
  const value = (metadata as { custom_metadata?: { gathering_time?: unknown } } | null | undefined)?.custom_metadata?.gathering_time;
  return typeof value === 'string' ? value : undefined;
}

/**
 * `POST /api/ingress/v1/upload`: the token, then the ingress contract (`validateUpload`), then
 * (unless `validateArchives: false`) the archive must be one the pipeline can read.
 */
export const handleUpload: RouteHandler = async ({ headers, body, record, state }) => {
  const denied = checkBearer(headers, state);
  if (denied !== undefined) return denied;
  const verdict = await validateUpload({ contentType: headers['content-type'], body }, { maxBytes: state.settings.maxBytes });
  const sha256 = verdict.archive === undefined ? undefined : createHash('sha256').update(verdict.archive).digest('hex');
  const gatheringTime = gatheringTimeOf(verdict.metadata);
  record.upload = {
    ...(verdict.partName === undefined ? {} : { partName: verdict.partName }),
    ...(verdict.partType === undefined ? {} : { partType: verdict.partType }),
    ...(sha256 === undefined ? {} : { archiveSha256: sha256 }),
    ...(gatheringTime === undefined ? {} : { gatheringTime }),
  };
  if (verdict.status !== 202 || verdict.archive === undefined || sha256 === undefined) {
    record.upload.error = verdict.error ?? 'refused';
    return reply(verdict.status, `${record.upload.error}\n`);
  }
  if (state.settings.validateArchives) {
    const inspection = await inspectArchive(verdict.archive);
    if (!inspection.valid) {
      record.upload.error = `the archive is not valid: ${inspection.reason}`;
      return reply(400, `${record.upload.error}\n`);
    }
  }
  const requestId = randomUUID();
  record.upload.requestId = requestId;
  state.uploads.push({
    requestId, sha256, bytes: verdict.archive, at: performance.now(),
    ...(gatheringTime === undefined ? {} : { gatheringTime }),
    ...(verdict.metadata === undefined ? {} : { metadata: verdict.metadata }),
  });
  return reply(202, acceptedBody(requestId, state.settings.orgId), { 'content-type': 'application/json', [REQUEST_ID_HEADER]: requestId });
};

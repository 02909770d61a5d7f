import type { StatusClass } from './insights-http.ts';

/**
 * What an HTTP status means for a retrying caller (reliability spec §1.3): 2xx succeed; 408, 429 and
 * 5xx except 501 (Not Implemented will not start working on a retry) are retried in this cycle; 401 and
 * 403 take the slow authorization path; anything else (other 4xx, 1xx, 3xx: redirects are not followed)
 * is not retried in this cycle.
 */
export function classifyStatus(code: number): StatusClass {
  if (code >= 200 && code <= 299) return 'success';
  if (code === 401 || code === 403) return 'auth';
  if (code === 408 || code === 429) return 'retry';
  if (code >= 500 && code <= 599 && code !== 501) return 'retry';
  return 'fail';
}

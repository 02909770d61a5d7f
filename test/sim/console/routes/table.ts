import type { ConsoleRoute } from '../types.ts';
import type { RouteHandler } from './context.ts';
import { handleReport } from './report.ts';
import { handleRules } from './rules.ts';
import { handleSca } from './sca.ts';
import { handleTransfers } from './transfers.ts';
import { handleUpload } from './upload.ts';

interface RouteEntry {
  route: ConsoleRoute;
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle: RouteHandler;
}

/** The served paths (original-operator.md Appendix B, §9, §10, §12). */
const ROUTE_TABLE: readonly RouteEntry[] = [
  { route: 'upload', method: 'POST', pattern: /^\/api\/ingress\/v1\/upload$/, handle: handleUpload },
  { route: 'report', method: 'GET', pattern: /^\/api\/insights-results-aggregator\/v2\/cluster\/([^/]+)\/reports$/, handle: handleReport },
  { route: 'rules', method: 'GET', pattern: /^\/api\/gathering\/v2\/([^/]+)\/gathering_rules$/, handle: handleRules },
  { route: 'sca', method: 'POST', pattern: /^\/api\/accounts_mgmt\/v1\/entitlement_certificates\/?$/, handle: handleSca },
  { route: 'transfers', method: 'GET', pattern: /^\/api\/accounts_mgmt\/v1\/cluster_transfers\/?$/, handle: handleTransfers },
];

/** The route a path belongs to, with its decoded captured segments. */
export function matchRoute(path: string): { entry: RouteEntry; params: string[] } | undefined {
  for (const entry of ROUTE_TABLE) {
    const m = entry.pattern.exec(path);
    if (m === null) continue;
    try {
      return { entry, params: m.slice(1).map((p) => decodeURIComponent(p)) };
    } catch {
      return { entry, params: m.slice(1) };
    }
  }
  return undefined;
}

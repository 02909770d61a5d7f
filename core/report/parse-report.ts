import { isJsonObject } from '../ocm/json-merge-patch.ts';
import type { JsonValue } from '../ocm/json-merge-patch.ts';
import { parseJsonQuietly } from '../ocm/parse-json-quietly.ts';
import type { ReportRule, SmartProxyReport } from './report-types.ts';

/** The outcome of {@link parseReport}. */
export type ReportParse = { ok: true; report: SmartProxyReport } | { ok: false; problem: string };

/**
 * Reads a report answer. Like Go's decoder, absent members take zero values (`count` 0, `data` empty,
 * `disabled` false); unlike it, a body that is not `{"report": {...}}` or has members of the wrong
 * type is refused, so a proxy's error page is never taken for an empty report.
 */
export function parseReport(body: Uint8Array): ReportParse {
  const parsed = parseJsonQuietly(body);
  if (!parsed.ok) return { ok: false, problem: parsed.problem };
  const root = parsed.value;
  if (!isJsonObject(root) || !isJsonObject(root['report'])) return { ok: false, problem: 'it has no "report" object' };
  const report = root['report'];
  const meta = report['meta'] ?? {};
  if (!isJsonObject(meta)) return { ok: false, problem: '"report.meta" is not an object' };
  const count = meta['count'] ?? 0;
  const lastCheckedAt = meta['last_checked_at'] ?? '';
  const gatheredAt = meta['gathered_at'] ?? '';
  if (typeof count !== 'number' || !Number.isInteger(count)) return { ok: false, problem: '"report.meta.count" is not an integer' };
  if (typeof lastCheckedAt !== 'string' || typeof gatheredAt !== 'string') return { ok: false, problem: '"report.meta" timestamps are not strings' };
  const rawData = report['data'] ?? [];
  if (!Array.isArray(rawData)) return { ok: false, problem: '"report.data" is not an array' };
  const data: ReportRule[] = [];
  for (const [index, raw] of rawData.entries()) {
    const rule = parseRule(raw);
    if (typeof rule === 'string') return { ok: false, problem: `"report.data[${index}]": ${rule}` };
    data.push(rule);
  }
  return { ok: true, report: { meta: { count, last_checked_at: lastCheckedAt, gathered_at: gatheredAt }, data } };
}

/** One rule, or what is wrong with it. */
function parseRule(raw: JsonValue): ReportRule | string {
  if (!isJsonObject(raw)) return 'not an object';
  const ruleId = raw['rule_id'] ?? '';
  const description = raw['description'] ?? '';
  const totalRisk = raw['total_risk'] ?? 0;
  const disabled = raw['disabled'] ?? false;
  if (typeof ruleId !== 'string' || typeof description !== 'string') return '"rule_id" or "description" is not a string';
  if (typeof totalRisk !== 'number' || !Number.isInteger(totalRisk)) return '"total_risk" is not an integer';
  if (typeof disabled !== 'boolean') return '"disabled" is not a boolean';
  return { ...(raw as object), rule_id: ruleId, description, total_risk: totalRisk, disabled } as ReportRule;
}

/**
 * labelSelector and fieldSelector, with the grammar and semantics of k8s.io/apimachinery's
 * labels.Parse and fields.ParseSelector.
 */

export class SelectorError extends Error {}

type LabelRequirement =
  | { key: string; op: 'exists' | '!exists' }
  | { key: string; op: '=' | '!='; value: string }
  | { key: string; op: 'in' | 'notin'; values: ReadonlySet<string> }
  | { key: string; op: '<' | '>'; value: number };

export interface FieldRequirement { field: string; op: '=' | '!='; value: string }

const KEY = String.raw`(?:[A-Za-z0-9][-A-Za-z0-9_.]*/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?`;
const VALUE = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^()]*)\\)$`);
const COMPARE = new RegExp(`^(${KEY})\\s*(<|>)\\s*(-?\\d+)$`);
const EXISTS = new RegExp(`^(!?)\\s*(${KEY})$`);
const VALUE_ONLY = new RegExp(`^${VALUE}$`);

/** Splits on commas that are not inside the parentheses of an `in`/`notin` set. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms.map((t) => t.trim());
}

export function parseLabelSelector(selector: string): LabelRequirement[] {
  if (selector.trim() === '') return [];
  return splitTerms(selector).map((term): LabelRequirement => {
    let m = EQUALITY.exec(term);
    if (m !== null) return { key: m[1]!, op: m[2] === '!=' ? '!=' : '=', value: m[3]! };
    m = SET.exec(term);
    if (m !== null) {
      const values = m[3]!.split(',').map((v) => v.trim());
      if (values.some((v) => !VALUE_ONLY.test(v))) throw new SelectorError(`unable to parse requirement: invalid label value in "${term}"`);
      return { key: m[1]!, op: m[2] === 'in' ? 'in' : 'notin', values: new Set(values) };
    }
    m = COMPARE.exec(term);
    if (m !== null) return { key: m[1]!, op: m[2] === '<' ? '<' : '>', value: Number(m[3]) };
    m = EXISTS.exec(term);
    if (m !== null) return { key: m[2]!, op: m[1] === '!' ? '!exists' : 'exists' };
    throw new SelectorError(`unable to parse requirement: found '${term}', expected: a valid label requirement`);
  });
}

export function matchesLabels(requirements: readonly LabelRequirement[], labels: Readonly<Record<string, string>>): boolean {
  for (const r of requirements) {
    const has = Object.hasOwn(labels, r.key);
    const value = labels[r.key];
    switch (r.op) {
      case 'exists': if (!has) return false; break;
      case '!exists': if (has) return false; break;
      case '=': if (value !== r.value) return false; break;
      // As in apimachinery, != and notin also match objects without the label.
      case '!=': if (value === r.value) return false; break;
      case 'in': if (value === undefined || !r.values.has(value)) return false; break;
      case 'notin': if (value !== undefined && r.values.has(value)) return false; break;
      case '<': case '>': {
        const n = value === undefined ? NaN : Number(value);
        if (!Number.isInteger(n) || (r.op === '<' ? !(n < r.value) : !(n > r.value))) return false;
        break;
      }
    }
  }
  return true;
}

export function parseFieldSelector(selector: string, allowed: readonly string[]): FieldRequirement[] {
  if (selector.trim() === '') return [];
  return splitTerms(selector).map((term) => {
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (m === null) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
    const field = m[1]!;
    if (!allowed.includes(field)) throw new SelectorError(`field label not supported: ${field}`);
    return { field, op: m[2] === '!=' ? '!=' : '=', value: m[3]! };
  });
}

export function matchesFields(requirements: readonly FieldRequirement[], fields: Readonly<Record<string, string>>): boolean {
  return requirements.every((r) => ((fields[r.field] ?? '') === r.value) === (r.op === '='));
}

/** Where a selectable field's value lives, when that is not its own path. */
const FIELD_PATHS: Readonly<Record<string, string>> = { source: 'source.component', 'status.successful': 'status.succeeded' };
/** Fields whose Go zero value is printed when absent (fmt.Sprint of a bool). */
const FALSE_WHEN_ABSENT = new Set(['spec.unschedulable', 'spec.hostNetwork']);

/** The values of an object's selectable fields, as apimachinery's field sets render them. */
export function extractFields(obj: Record<string, unknown>, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of fields) {
    let value: unknown = obj;
    for (const part of (FIELD_PATHS[field] ?? field).split('.')) {
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    }
    if (value === undefined || value === null) out[field] = FALSE_WHEN_ABSENT.has(field) ? 'false' : '';
    else out[field] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

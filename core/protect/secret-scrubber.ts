/**
 * The secret scrubber: the last net of issue 7. Runs {@link SCRUB_RULES} over every text entry and masks
 * only the secret part of each hit with `***HIDDEN***`, counting hits per rule. Binary entries pass
 * untouched.
 */
import type { ArchiveEntry } from '../recorder/recorder.ts';
import type { Redaction, SecretScrubber } from './protection.ts';
import { keyStart, MASK, SCRUB_RULES, SECRET_KEY_FINDER } from './scrub-rules.ts';
import type { ScrubRule } from './scrub-rules.ts';

/** How far the NUL-byte sniff looks, as git and grep do. */
const SNIFF_BYTES = 8 * 1024;
/** Compressed or binary formats a regex cannot read; skipped by name before any sniffing. */
const BINARY_EXTENSIONS = /\.(?:gz|tgz|tar|zip|bz2|xz|zst|png|jpe?g|gif|ico|pb|bin|so|der|p12|pfx)$/i;

/** Whether an entry is text worth scanning: no known binary extension, no NUL byte in its first 8 KiB. */
export function isScannableText(entry: ArchiveEntry): boolean {
  if (BINARY_EXTENSIONS.test(entry.name)) return false;
  const head = entry.data.length > SNIFF_BYTES ? entry.data.subarray(0, SNIFF_BYTES) : entry.data;
  return !head.includes(0);
}

/** Where the secret of a match lies, if the rule accepts it (the first of its mask groups that took part). */
function secretOf(rule: ScrubRule, m: RegExpExecArray): { start: number; end: number } | undefined {
  const group = rule.mask.find((name) => m.groups?.[name] !== undefined);
  if (group === undefined) return undefined;
  if (rule.accept !== undefined && !rule.accept(m.groups![group]!, m.groups?.['key'])) return undefined;
  const [start, end] = m.indices!.groups![group]!;
  return { start, end };
}

/** Applies one global rule; returns the new text and how many values it masked. */
function applyRule(text: string, rule: ScrubRule): { text: string; count: number } {
  const pattern = rule.pattern;
  pattern.lastIndex = 0;
  const replacement = rule.replacement ?? MASK;
  let out = '';
  let last = 0;
  let count = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m[0] === '') pattern.lastIndex++;
    const secret = secretOf(rule, m);
    if (secret === undefined || secret.start < last) continue;
    out += text.slice(last, secret.start) + replacement;
    last = secret.end;
    count++;
  }
  return count === 0 ? { text, count } : { text: out + text.slice(last), count };
}

/**
 * Applies the anchored rules in one pass: each key ending in a secret word is tried against them in
 * order, and the first that matches masks its value.
 */
function applyAnchored(text: string, rules: readonly ScrubRule[], counts: Map<ScrubRule, number>): string {
  const finder = SECRET_KEY_FINDER;
  finder.lastIndex = 0;
  let out = '';
  let last = 0;
  let previousKey = -1;
  for (let hit = finder.exec(text); hit !== null; hit = finder.exec(text)) {
    const start = keyStart(text, finder.lastIndex);
    if (start === previousKey || start < last) continue;
    previousKey = start;
    for (const rule of rules) {
      rule.pattern.lastIndex = start;
      const m = rule.pattern.exec(text);
      if (m === null) continue;
      const secret = secretOf(rule, m);
      if (secret === undefined) continue;
      out += text.slice(last, secret.start) + (rule.replacement ?? MASK);
      last = secret.end;
      counts.set(rule, (counts.get(rule) ?? 0) + 1);
      // The finder goes on after the masked value: a key inside it is no key.
      finder.lastIndex = Math.max(finder.lastIndex, last);
      break;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * Builds the scrubber. Stateless between entries and synchronous, so one instance can serve every
 * gather. Text is read as latin1 (one char per byte) so that untouched bytes, UTF-8 or not, come back
 * exactly as they were.
 */
export function createSecretScrubber(rules: readonly ScrubRule[] = SCRUB_RULES): SecretScrubber {
  const global = rules.filter((r) => r.anchor === undefined);
  const anchored = rules.filter((r) => r.anchor === 'key');
  return {
    scrub(entry) {
      if (entry.data.length === 0 || !isScannableText(entry)) return { entry, redactions: [] };
      let text = entry.data.toString('latin1');
      const counts = new Map<ScrubRule, number>();
      for (const rule of global) {
        if (rule.gate !== undefined && !rule.gate(text)) continue;
        const result = applyRule(text, rule);
        if (result.count === 0) continue;
        text = result.text;
        counts.set(rule, result.count);
      }
      if (anchored.length > 0) text = applyAnchored(text, anchored, counts);
      const redactions: Redaction[] = rules.filter((r) => counts.has(r)).map((r) => ({ file: entry.name, rule: r.name, count: counts.get(r)! }));
      if (redactions.length === 0) return { entry, redactions };
      return { entry: { name: entry.name, data: Buffer.from(text, 'latin1') }, redactions };
    },
  };
}

import { formatAddress, hostMask } from './ip-address.ts';
import type { IpNetwork } from './ip-address.ts';

/**
 * Most addresses a table keeps. The table lives in a Secret (1 MiB at most): 8192 entries of IPv6 text
 * stay well under it. Beyond it, the least recently used addresses are forgotten; the counters are kept,
 * so a forgotten address seen again gets a new value and never one already handed out.
 */
export const MAX_TRANSLATIONS = 8192;

/** The serialised form: `version` 1, original → obfuscated, and each network's last handed-out offset. */
export interface TranslationTableJson {
  version: 1;
  /** Original address (canonical text) → obfuscated address, least recently used first. */
  addresses: Record<string, string>;
  /** Network key (`10.128.0.0/14`) → host offset last handed out, as a decimal string. */
  counters: Record<string, string>;
}

/**
 * The consistent original → obfuscated address mapping. Shared by every obfuscator of the process and
 * persisted between archives (`translation-table-store.ts`), so that an address maps the same way within
 * an archive and across archives. Never written into an archive.
 */
export class TranslationTable {
  readonly #addresses = new Map<string, string>();
  readonly #counters = new Map<string, bigint>();
  readonly #limit: number;

  constructor(options: { limit?: number } = {}) {
    this.#limit = options.limit ?? MAX_TRANSLATIONS;
  }

  /** How many addresses the table maps. */
  get size(): number {
    return this.#addresses.size;
  }

  /** The obfuscated form of an address seen before (canonical text), or undefined. */
  lookup(original: string): string | undefined {
    const found = this.#addresses.get(original);
    if (found !== undefined && this.#addresses.size > this.#limit / 2) {
      // Refresh its place only once eviction is in sight: a Map keeps insertion order, so moving the
      // entry to the end makes the order least-recently-used first.
      this.#addresses.delete(original);
      this.#addresses.set(original, found);
    }
    return found;
  }

  /**
   * Maps an address not seen before to the next free address of its network (subnet preserved): offsets
   * 1, 2, 3… as the original's `getNextIP`, skipping the network address itself and, when the network
   * has more than two addresses, the broadcast (all-ones) address; wraps around when the host part is
   * exhausted.
   * @param original - canonical text of the address
   * @param network - the known network that contains it
   */
  assign(original: string, network: IpNetwork): string {
    const existing = this.#addresses.get(original);
    if (existing !== undefined) return existing;
    const size = hostMask(network.family, network.prefix) + 1n;
    // /31, /32, /127, /128: every address is a host address (RFC 3021), there is no broadcast to skip.
    const usable = size > 2n ? size - 2n : size;
    const last = this.#counters.get(network.key) ?? 0n;
    const next = size > 2n ? (last % usable) + 1n : (last + 1n) % size;
    this.#counters.set(network.key, next);
    const obfuscated = formatAddress(network.family, network.base + next);
    this.#addresses.set(original, obfuscated);
    if (this.#addresses.size > this.#limit) {
      const oldest = this.#addresses.keys().next().value;
      if (oldest !== undefined) this.#addresses.delete(oldest);
    }
    return obfuscated;
  }

  /** The serialisable form (see {@link TranslationTableJson}). */
  toJSON(): TranslationTableJson {
    const counters: Record<string, string> = {};
    for (const [key, value] of this.#counters) counters[key] = value.toString();
    return { version: 1, addresses: Object.fromEntries(this.#addresses), counters };
  }

  /**
   * Reads a table written by {@link toJSON}.
   * @throws Error when the value is not such a table
   */
  static fromJSON(value: unknown, options: { limit?: number } = {}): TranslationTable {
    const json = value as Partial<TranslationTableJson> | null;
    if (json === null || typeof json !== 'object' || json.version !== 1) throw new Error('not a version 1 translation table');
    const { addresses, counters } = json;
    if (!isRecord(addresses) || !isRecord(counters)) throw new Error('translation table: addresses and counters must be objects');
    const table = new TranslationTable(options);
    for (const [original, obfuscated] of Object.entries(addresses)) {
      if (typeof obfuscated !== 'string') throw new Error(`translation table: the value of ${original} is not a string`);
      table.#addresses.set(original, obfuscated);
    }
    for (const [key, offset] of Object.entries(counters)) {
      if (typeof offset !== 'string' || !/^\d+$/.test(offset)) throw new Error(`translation table: the counter of ${key} is not a decimal string`);
      table.#counters.set(key, BigInt(offset));
    }
    return table;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

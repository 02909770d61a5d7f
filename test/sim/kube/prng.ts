/**
 * A seeded PRNG (sfc32 seeded by cyrb128) and the few draws the generators need. Math.random and the
 * clock are never used: the same seed must give byte-identical clusters.
 */

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

const HEX = '0123456789abcdef';
/** The alphabet of Kubernetes' generated name suffixes (no vowels, no look-alikes). */
const KUBE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: string) {
    [this.#a, this.#b, this.#c, this.#d] = cyrb128(seed);
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** [0, 1) */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** [0, n) */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** [lo, hi] */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** `count` distinct items, in pool order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, items.length)) chosen.add(this.int(items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) {
      const n = this.uint32();
      for (let shift = 0; shift < 32 && out.length < length; shift += 4) out += HEX[(n >>> shift) & 15];
    }
    return out;
  }

  /** A version-4 UUID. */
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${HEX[8 + (this.uint32() & 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** Like the random suffixes of generated names (`-7bbdcfcf9b`, `-xk2lp`). */
  suffix(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += KUBE_ALPHANUMS[this.int(KUBE_ALPHANUMS.length)];
    return out;
  }
}

/** Base instant of generated clusters; timestamps are offsets from it, never the clock. */
export const BASE_TIME = Date.UTC(2024, 10, 4, 8, 0, 0);

/** RFC 3339 without fractions, as the API server writes metav1.Time. */
export function timestamp(offsetSeconds: number): string {
  // slice, not a regex: generating a large cluster formats millions of these.
  return `${new Date(BASE_TIME + Math.floor(offsetSeconds) * 1000).toISOString().slice(0, 19)}Z`;
}

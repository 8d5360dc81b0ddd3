import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

type RandomGenerator = ReturnType<typeof xoroshiro128plus>;

/**
 * Seeded randomness for the twin. Every stream is derived from (seed, labels…), so a machine's
 * hour of trading is the same whichever run or start time produced it: `--seed` makes runs
 * identical, and a rerun over the same simulated hours yields the same trade ids.
 */
export class Rng {
  private readonly gen: RandomGenerator;

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }

  /**
   * A generator for a named sub-stream, independent of how much this one was used.
   * xoroshiro128+'s first outputs follow its seed almost linearly, so neighbouring labels
   * ("T1", "T2") would start alike: the FNV hash is mixed (murmur3's finaliser) first.
   */
  static derive(seed: number, ...labels: (string | number)[]): Rng {
    return new Rng(mix32(hash32(`${seed}\u0000${labels.join('\u0000')}`)));
  }

  /**
   * `(last) => Rng.derive(seed, ...labels, last)`, for deriving many streams that differ only
   * in their last label (a machine's hours): the hash of the common prefix is computed once.
   */
  static deriver(seed: number, ...labels: (string | number)[]): (last: string | number) => Rng {
    const prefix = fnv1a(`${[seed, ...labels].join('\u0000')}\u0000`, FNV_OFFSET);
    return (last) => new Rng(mix32(fnv1a(String(last), prefix)));
  }

  /**
   * Integer in [min, max]. Scaled from one 32-bit draw: the bias (under 2^-32 per value for the
   * small ranges a simulation uses) does not matter here, and the twin draws tens of millions.
   */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Float in [0, 1). */
  next(): number {
    return (this.gen.next() >>> 0) / 0x1_0000_0000;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(0, items.length - 1)]!;
  }

  /** An item chosen with probability proportional to its weight. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((s, i) => s + weight(i), 0);
    let r = this.next() * total;
    for (const item of items) {
      r -= weight(item);
      if (r < 0) return item;
    }
    return items[items.length - 1]!;
  }

  /** Poisson-distributed count with mean `lambda` (Knuth; lambda is small per machine-hour). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const l = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l);
    return k - 1;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Lowercase hex id of `bytes` bytes. */
  hex(bytes: number): string {
    let s = '';
    while (s.length < bytes * 2) s += (this.gen.next() >>> 0).toString(16).padStart(8, '0');
    return s.slice(0, bytes * 2);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a, 32-bit: a stable seed from text. */
export function hash32(text: string): number {
  return fnv1a(text, FNV_OFFSET) | 0;
}

/** FNV-1a over `text`, continuing from state `h` (the hash of whatever came before it). */
function fnv1a(text: string, h: number): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

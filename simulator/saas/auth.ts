import type { Rng } from '../rng';

/**
 * Bearer tokens of /OpenApi/Login. Several may be valid at once (each login issues a new one,
 * as a fleet of app workers would each log in); each really expires after the TTL.
 */
export class TokenStore {
  private readonly expiry = new Map<string, number>();

  constructor(
    private readonly rng: Rng,
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  issue(): { Token: string; ExpiresIn: number } {
    const token = this.rng.hex(32);
    this.expiry.set(token, this.now() + this.ttlSeconds * 1000);
    return { Token: token, ExpiresIn: this.ttlSeconds };
  }

  /** Why the Authorization header is refused, or null when it carries a live token. */
  refusal(header: string | undefined): string | null {
    const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!m) return 'Unauthorized: an Authorization: Bearer token is required';
    const expires = this.expiry.get(m[1]!);
    if (expires === undefined) return 'Unauthorized: unknown token';
    if (this.now() >= expires) {
      this.expiry.delete(m[1]!);
      return 'Unauthorized: the token has expired';
    }
    return null;
  }
}

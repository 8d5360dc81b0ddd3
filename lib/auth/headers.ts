import 'server-only';
import { randomBytes } from 'node:crypto';

/**
 * Security headers on every response. Pages get a CSP with a per-request nonce: Next.js reads
 * the nonce from the request's Content-Security-Policy header and puts it on its own scripts,
 * and 'strict-dynamic' lets those load the chunks they import. Recharts and Tailwind set
 * inline style attributes, hence 'unsafe-inline' for styles only. `tiles` is the host of the
 * map tile layer an admin configured (lib/settings/map-tiles.ts): allowed for images only.
 */
export function pageCsp(nonce: string, dev: boolean, tiles: string | null = null): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${tiles ? ` ${tiles}` : ''}`,
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** JSON and assets never run script or get framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

const BASE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
});
const HTTPS_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...BASE_HEADERS,
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
});

/** The same two objects for every response (set on each, the pushes' included). */
export function securityHeaders(https: boolean): Readonly<Record<string, string>> {
  return https ? HTTPS_HEADERS : BASE_HEADERS;
}

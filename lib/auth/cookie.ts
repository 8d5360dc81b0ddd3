import 'server-only';
import { stringifySetCookie } from 'cookie';
import { getConfig } from '@/lib/config';
import { SESSION_COOKIE } from './principal';

/** Secure whenever the app is reached over https (APP_URL, or a trusted proxy saying so). */
function secure(request: Request): boolean {
  const c = getConfig();
  if (c.APP_URL) return c.APP_URL.startsWith('https:');
  return c.TRUST_PROXY && request.headers.get('x-forwarded-proto') === 'https';
}

export function sessionCookie(request: Request, token: string, expiresAt: number): string {
  return stringifySetCookie({
    name: SESSION_COOKIE,
    value: token,
    httpOnly: true,
    sameSite: 'lax',
    secure: secure(request),
    path: '/',
    expires: new Date(expiresAt * 1000),
  });
}

export function clearedSessionCookie(request: Request): string {
  return stringifySetCookie({
    name: SESSION_COOKIE,
    value: '',
    httpOnly: true,
    sameSite: 'lax',
    secure: secure(request),
    path: '/',
    expires: new Date(0),
  });
}

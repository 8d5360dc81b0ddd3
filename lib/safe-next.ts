/** Where to go after sign-in: only a path on this site, never `//other.host` or a URL. */
export function safeNext(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    return '/';
  if (value.startsWith('/login') || value.startsWith('/logout')) return '/';
  return value;
}

import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon: keep it out of the server bundle.
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  // server.ts compresses responses itself, at a level per kind (API JSON fastest).
  compress: false,
  typedRoutes: false,
  // forbidden() gives a page the role may not open a real 403 (lib/auth/server.ts).
  experimental: { authInterrupts: true },
};

export default nextConfig;

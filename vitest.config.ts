import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `server-only` throws outside Next's bundle; tests load lib/ directly, so it resolves to the
// package's own empty module here, as Next's `react-server` condition makes it (D98).
const serverOnly = path.join(
  path.dirname(createRequire(import.meta.url).resolve('server-only')),
  'empty.js',
);
const alias = { '@': path.resolve(import.meta.dirname), 'server-only': serverOnly };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: [
            'lib/**/*.test.ts',
            'db/**/*.test.ts',
            'simulator/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          env: {
            SMARTVENDING_CLIENT_ID: 'unit-client',
            SMARTVENDING_KEY: 'unit-key',
            DATABASE_URL: ':memory:',
          },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['e2e/api/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts its own production server; two at a time suits 2 cores.
          maxWorkers: 2,
        },
      },
    ],
  },
});

import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };

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

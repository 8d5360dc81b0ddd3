import { defineConfig } from 'drizzle-kit';

/** PostgreSQL's migrations (docs/decisions.md D99), generated from its own schema. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/engine/postgres/schema/index.ts',
  out: './db/engine/postgres/migrations',
});

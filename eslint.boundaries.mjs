// Import boundaries (D98), enforced by lint rather than by discipline:
//   db/ imports nothing above it (lib/, app/, components/);
//   app/, components/ and lib/ reach the database only through db/'s functions: drizzle-orm,
//     the drivers and db/schema as types at most;
//   lib/ never imports the UI (app/, components/);
//   a 'use client' file (found by reading the files when lint starts) imports nothing from db/
//     and no server module (one that imports 'server-only'; Next's build refuses it too, this
//     says so sooner and names the line).
import fs from 'node:fs';
import path from 'node:path';

/**
 * Files that break a rule today and are being mended (issue 22: the SQL moves out of lib/).
 * Each list only relaxes its own rule for its own files; the lead empties them after the merge.
 */
export const KNOWN_VIOLATORS = {
  /** db/ files that still import lib/: none since D97; a new one is a layering error. */
  dbImportsAbove: [],
  /** lib/, app/ and components/ files that still use drizzle-orm or a driver as values: none. */
  sqlAboveDb: [],
};

const ROOT = import.meta.dirname;
const SOURCE = /\.(ts|tsx|mjs|js)$/;

function walk(dir, out = []) {
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) walk(p, out);
    else if (SOURCE.test(e.name)) out.push(p);
  }
  return out;
}
const sources = ['app', 'components', 'lib', 'db']
  .filter((d) => fs.existsSync(path.join(ROOT, d)))
  .flatMap((d) => walk(d))
  .map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')]);

const CLIENT = /^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*['"]use client['"]/;
const clientFiles = sources.filter(([, t]) => CLIENT.test(t)).map(([f]) => f);
const serverModules = sources
  .filter(([f, t]) => f.startsWith('lib/') && /^import 'server-only';$/m.test(t))
  .map(([f]) => `@/${f.replace(/(\/index)?\.(ts|tsx|mjs)$/, '')}`);

const sqlValues = [
  ...['drizzle-orm', 'better-sqlite3', 'pg', 'pg-copy-streams'].map((name) => ({
    name,
    allowTypeImports: true,
    message: 'SQL lives in db/queries/<domain>.ts behind (db, params) functions (D97).',
  })),
];
const sqlPatterns = [
  {
    regex: '^drizzle-orm/',
    allowTypeImports: true,
    message: 'SQL lives in db/queries/<domain>.ts behind (db, params) functions (D97).',
  },
  {
    // A table is for db/queries; its types and its value lists (SYNC_JOBS, ALERT_STATES) are not.
    regex: '^@/db/schema(/|$)',
    importNamePattern: '^(?![A-Z][A-Z0-9_]*$)',
    allowTypeImports: true,
    message: 'Tables are for db/queries; above db/ only their types and value lists.',
  },
];
// D110: lib/ and app/ reach the database through async db/ functions that dispatch by engine,
// never through SQLite's synchronous statements and buffers (nor PostgreSQL's forms directly).
const syncDbMessage =
  "Synchronous SQLite access: call db/queries' async functions, which dispatch by engine (D110).";
const syncDbPatterns = [
  {
    regex: '^(@/|(\\.\\./)+)db/(.*/)?(prepared|rollups|machine-seen|statements)$',
    importNames: ['prepared', 'rollupsOf', 'rollupStatements', 'machineSeen'],
    message: syncDbMessage,
  },
];
const noClient = {
  'no-restricted-syntax': [
    'error',
    { selector: "MemberExpression[property.name='$client']", message: syncDbMessage },
  ],
};
const noUi = {
  regex: '^(@/|(\\.\\./)+)(app|components)(/|$)',
  message: 'lib/ serves app/ and components/, never the reverse.',
};
const noAbove = {
  regex: '^(@/|(\\.\\./)+)(lib|app|components)(/|$)',
  message: 'db/ is the bottom layer: it imports nothing from lib/, app/ or components/ (D97).',
};
const clientPatterns = [
  {
    regex: '^@/db(/|$)',
    allowTypeImports: true,
    message: "A 'use client' file never reaches db/ (types are erased: they may pass).",
  },
];
const clientPaths = serverModules.map((name) => ({
  name,
  allowTypeImports: true,
  message: "A server module ('server-only'): a 'use client' file may import its types only.",
}));

const rule = (paths, patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
});
const block = (files, ignores, rules) => ({ files, ...(ignores.length && { ignores }), rules });
// A test may look at the tables directly to check what a feature wrote.
const sqlExempt = [...KNOWN_VIOLATORS.sqlAboveDb, '**/*.test.ts'];

// Later blocks replace the rule's options for their files, so each block carries all that applies.
export const boundaries = [
  block(['app/**', 'components/**'], sqlExempt, {
    ...rule(sqlValues, [...sqlPatterns, ...syncDbPatterns]),
    ...noClient,
  }),
  block(['lib/**'], sqlExempt, {
    ...rule(sqlValues, [...sqlPatterns, ...syncDbPatterns, noUi]),
    ...noClient,
  }),
  block(
    ['lib/**/*.test.ts', ...sqlExempt.filter((f) => f.startsWith('lib/'))],
    [],
    rule([], [noUi]),
  ),
  // A test may drive db/ through the real receivers above it (the real pipeline, not a mock).
  block(['db/**'], [...KNOWN_VIOLATORS.dbImportsAbove, '**/*.test.ts'], rule([], [noAbove])),
  block(
    clientFiles.filter((f) => !f.startsWith('lib/')),
    [],
    rule([...sqlValues, ...clientPaths], [...sqlPatterns, ...clientPatterns]),
  ),
  block(
    clientFiles.filter((f) => f.startsWith('lib/')),
    [],
    rule([...sqlValues, ...clientPaths], [...sqlPatterns, noUi, ...clientPatterns]),
  ),
].filter((b) => b.files.length);

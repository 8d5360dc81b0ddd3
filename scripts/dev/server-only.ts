// `import 'server-only'` at the top of every server module of lib/ and db/ (D98), so that Next's
// build fails when a client component reaches one. A server module is one that reaches, through
// its value imports (types are erased and do not count), the database, a node built-in or a
// server-only package; a module a 'use client' file reaches the same way is shared and never
// marked. A module that is both is a real leak and is reported, never marked.
//   npx tsx scripts/dev/server-only.ts          adds the missing imports
//   npx tsx scripts/dev/server-only.ts --check  changes nothing; fails if one is missing
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import { CODE_EXT, resolveSpecifier, specifiersOf } from './specifiers';

const check = process.argv.includes('--check');
const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
process.chdir(root);
const files = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
  {
    encoding: 'utf8',
  },
)
  .split('\0')
  .filter((f) => CODE_EXT.test(f) && !f.startsWith('node_modules/') && fs.existsSync(f));
const present = new Set(files);

/** Packages that only run on a server: reaching one makes a module a server module. */
const SERVER_PACKAGES = [
  /^node:/,
  new RegExp(`^(${builtinModules.join('|')})(/|$)`),
  /^(better-sqlite3|pg|pg-copy-streams|drizzle-orm|nodemailer|pino|prom-client)(\/|$)/,
  /^@aws-sdk\//,
  /^rate-limiter-flexible$/,
  /^next\/headers$/,
  /^server-only$/,
];
/** Schema files: drizzle-kit loads them with its own loader, where `server-only` throws. */
const SCHEMA = (f: string) => /^db\/(.*\/)?schema([./]|$)/.test(f);
/** Where the mark goes: lib/ and db/ modules, not tests, not schema files. */
const MARKABLE = (f: string) =>
  /^(lib|db)\/.*\.tsx?$/.test(f) &&
  !/\.(test|spec)\.tsx?$/.test(f) &&
  !f.endsWith('.d.ts') &&
  !SCHEMA(f) &&
  !f.startsWith('db/migrations/');

interface Node {
  text: string;
  deps: string[];
  direct: boolean;
  client: boolean;
  marked: boolean;
}
const graph = new Map<string, Node>();
for (const f of files) {
  const text = fs.readFileSync(f, 'utf8');
  const deps: string[] = [];
  let direct = false;
  let marked = false;
  for (const s of specifiersOf(f, text)) {
    if (s.typeOnly || s.kind === 'url') continue;
    if (s.text === 'server-only') marked = true;
    const target = resolveSpecifier(f, s.text, (p) => present.has(p));
    if (target) deps.push(target);
    else if (!s.text.startsWith('.') && !s.text.startsWith('@/'))
      direct ||= SERVER_PACKAGES.some((r) => r.test(s.text));
  }
  const client = /^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*['"]use client['"]/.test(text);
  graph.set(f, { text, deps, direct, client, marked });
}

// Never marked: everything a 'use client' file or a schema file reaches through value imports.
const reached = new Set<string>();
const stack = [...graph].filter(([f, n]) => n.client || SCHEMA(f)).map(([f]) => f);
while (stack.length) {
  const f = stack.pop()!;
  if (reached.has(f)) continue;
  reached.add(f);
  stack.push(...(graph.get(f)?.deps ?? []));
}
// Server: reaches a server package, directly or through another module (memoised DFS).
const server = new Map<string, boolean>();
const isServer = (f: string, seen = new Set<string>()): boolean => {
  const known = server.get(f);
  if (known !== undefined) return known;
  const n = graph.get(f);
  if (!n || seen.has(f)) return false;
  seen.add(f);
  const v = n.direct || (n.marked && !n.client) || n.deps.some((d) => isServer(d, seen));
  server.set(f, v);
  return v;
};

const missing: string[] = [];
const leaks: string[] = [];
for (const [f, n] of graph) {
  if (!MARKABLE(f) || !isServer(f)) continue;
  if (reached.has(f)) leaks.push(f);
  else if (!n.marked) missing.push(f);
}
for (const f of leaks)
  console.error(`leak: ${f} is a server module that a 'use client' or schema file reaches`);

// Every tsx the package scripts start loads lib/ outside Next: each needs the resolver.
const HOOK = '--import ./lib/ops/outside-next.mjs';
const pkgText = fs.readFileSync('package.json', 'utf8');
const pkg = JSON.parse(pkgText) as { scripts: Record<string, string> };
const bareTsx = new RegExp(`(^|[;&|]\\s*|\\s)tsx (?!${HOOK.replace(/[./]/g, '\\$&')})`, 'g');
const unhooked = Object.entries(pkg.scripts).filter(
  ([, cmd]) => bareTsx.test(cmd) && !(bareTsx.lastIndex = 0),
);

// …and so does every tsx a file starts itself (a spawned script, a worker entry).
const STARTS_TSX = /\.bin['"]?\s*,\s*['"]tsx['"]|\.bin\/tsx|\bTSX\b|tsx\/esm\/api/;
const unhookedSpawns = [...graph]
  .filter(([f, n]) => !f.startsWith('scripts/dev/') && STARTS_TSX.test(n.text))
  .filter(([, n]) => !/outside-next\.mjs|OUTSIDE_NEXT/.test(n.text))
  .map(([f]) => f);
for (const f of unhookedSpawns) console.error(`${f} starts tsx without lib/ops/outside-next.mjs`);

if (check) {
  for (const f of missing) console.error(`missing: ${f} needs import 'server-only'`);
  for (const [name] of unhooked) console.error(`package.json: "${name}" runs tsx without ${HOOK}`);
  console.log(
    `${graph.size} files; ${missing.length} server modules unmarked, ${leaks.length} leaks`,
  );
  process.exit(missing.length || leaks.length || unhooked.length || unhookedSpawns.length ? 1 : 0);
}
if (unhooked.length) {
  for (const [name, cmd] of unhooked) pkg.scripts[name] = cmd.replace(bareTsx, `$1tsx ${HOOK} `);
  fs.writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(`package.json: ${unhooked.map(([n]) => n).join(', ')} now load the resolver`);
}
for (const f of missing) {
  const { text } = graph.get(f)!;
  // Above the first import, below the file's opening comment.
  const first = text.search(/^import[\s{'"*]/m);
  const at = first < 0 ? 0 : first;
  fs.writeFileSync(f, `${text.slice(0, at)}import 'server-only';\n${text.slice(at)}`);
}
console.log(`marked ${missing.length} server modules; ${leaks.length} leaks`);
process.exit(leaks.length || unhookedSpawns.length ? 1 : 0);

// The lib/ regroup codemod (issue 22, D98): moves lib/ into feature folders with `git mv` and
// rewrites everything that names a moved file. Deterministic and idempotent: on a tree already
// regrouped it moves and rewrites nothing. It refuses to start (and changes nothing) when a
// lib/ file is in no row of the table: someone added it after the table was written, and a
// person decides where it belongs (scripts/dev/regroup-table.ts).
//   npx tsx scripts/dev/regroup.ts [--dry-run]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { FILES, FOLDERS, STAYS } from './regroup-table';
import { CODE_EXT, readText, resolveSpecifier, specifiersOf } from './specifiers';
import { rewriteMentions } from './mentions';

const started = Date.now();
const dry = process.argv.includes('--dry-run');
const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' });
const root = git('rev-parse', '--show-toplevel').trim();
process.chdir(root);

const all = git('ls-files', '--cached', '--others', '--exclude-standard', '-z')
  .split('\0')
  .filter((f) => f && fs.existsSync(f));
const present = new Set(all);
const tracked = new Set(git('ls-files', '-z').split('\0'));

// ---- the moves this tree needs --------------------------------------------------------------
const moves = new Map<string, string>();
const problems: string[] = [];
const gone: string[] = [];
const besideTests = (p: string) =>
  ['.test.ts', '.test.tsx'].map((t) => [p.replace(/\.tsx?$/, t), t] as const);
for (const [from, to] of FILES) {
  if (present.has(from)) {
    moves.set(from, to);
    for (const [test, t] of besideTests(from))
      if (present.has(test)) moves.set(test, to.replace(/\.tsx?$/, t));
  } else if (!present.has(to)) gone.push(from);
}
for (const [dir, to] of FOLDERS)
  for (const f of all)
    if (f.startsWith(dir) && !moves.has(f)) moves.set(f, to + f.slice(dir.length));

const stays = (f: string) => STAYS.some((s) => (s.endsWith('/') ? f.startsWith(s) : f === s));
const unmapped = all.filter((f) => f.startsWith('lib/') && !moves.has(f) && !stays(f));
const targets = new Map<string, string>();
for (const [from, to] of moves) {
  if (present.has(to)) problems.push(`${from} → ${to}: the target exists already`);
  if (targets.has(to)) problems.push(`${from} and ${targets.get(to)} both → ${to}`);
  if (!stays(to)) problems.push(`${from} → ${to}: the target is in no STAYS folder`);
  targets.set(to, from);
}
if (unmapped.length || problems.length) {
  for (const f of unmapped)
    console.error(`unmapped: ${f} (add a row to scripts/dev/regroup-table.ts)`);
  for (const p of problems) console.error(`conflict: ${p}`);
  console.error('Nothing was changed.');
  process.exit(1);
}

// ---- rewrite every specifier that names a moved file, from its old place to its new one ----
const edited = new Map<string, string>();
const aliasable = (f: string) => /\.(ts|tsx)$/.test(f) && !f.endsWith('.d.ts');
let specifiers = 0;
for (const file of all) {
  if (!CODE_EXT.test(file) || file.startsWith('node_modules/') || file.startsWith('scripts/dev/'))
    continue;
  const text = readText(root, file);
  const newFrom = moves.get(file) ?? file;
  const edits: { start: number; end: number; text: string }[] = [];
  for (const s of specifiersOf(file, text)) {
    const target = resolveSpecifier(file, s.text, (p) => present.has(p));
    if (!target) continue;
    const newTarget = moves.get(target) ?? target;
    if (newTarget === target && newFrom === file) continue;
    const written = s.text.startsWith('@/') ? s.text.slice(2) : s.text;
    // Keep the specifier's own style: with or without the extension, with or without /index.
    const dropped = ['/index.ts', '/index.tsx', '/index.mjs', '.ts', '.tsx', '.mjs', '.js'].find(
      (x) => target.endsWith(x) && !written.endsWith(path.posix.basename(target)),
    );
    const bare =
      dropped && newTarget.endsWith(dropped) ? newTarget.slice(0, -dropped.length) : newTarget;
    let rel = path.posix.relative(path.posix.dirname(newFrom), bare);
    if (!rel.startsWith('.')) rel = `./${rel}`;
    // Same folder: relative; across folders: the '@/' alias (only TypeScript resolves it, and a
    // path loaded at run time must stay relative to its module).
    const spec =
      s.text.startsWith('@/') || (rel.startsWith('../') && s.kind !== 'url' && aliasable(file))
        ? `@/${bare}`
        : rel;
    if (spec !== s.text) edits.push({ start: s.start, end: s.end, text: spec });
  }
  if (!edits.length) continue;
  specifiers += edits.length;
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  edited.set(file, out);
}

// ---- mentions in comments, docs, configs and scripts (never decisions.md: it is history) ----
let mentions = 0;
for (const file of all) {
  const text = edited.get(file) ?? readText(root, file);
  const r = rewriteMentions(file, text, { FILES, FOLDERS, present, moves });
  if (r.count) {
    mentions += r.count;
    edited.set(file, r.text);
  }
}

// ---- README's Layout block says what lib/ holds now ----------------------------------------
const OLD_LAYOUT =
  'lib/           signing, config, receivers (notify/), projections (ingest/), API helpers, i18n\n';
const NEW_LAYOUT = `lib/           one folder per feature (fleet, sales, refills, planning, forecast, pickup,
               cabinets, sync, alerts, notifications, reports, auth, settings, admin), each
               with its server reads, rules and client query options (queries.ts); edge/
               (requests, errors, CSV, fetch), platforms/ (Smart Vending, SAAS, signing),
               ingest/ (push/ receivers, projections), reads/ (reader threads), ops/, i18n/
`;
const readme = edited.get('README.md') ?? readText(root, 'README.md');
if (readme.includes(OLD_LAYOUT)) edited.set('README.md', readme.replace(OLD_LAYOUT, NEW_LAYOUT));
else if (!readme.includes(NEW_LAYOUT))
  console.log("note: README's Layout block has no lib/ line I know");

// ---- apply: git mv (history follows), then the new contents ---------------------------------
if (!dry) {
  for (const [from, to] of moves) {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (tracked.has(from)) git('mv', from, to);
    else fs.renameSync(from, to);
  }
  // Longer paths can push a line past the width: the project's own formatter, on what changed
  // (in this process: one start of prettier, not one per batch of files).
  for (const [file, text] of edited) {
    const to = moves.get(file) ?? file;
    const options = await prettier.resolveConfig(to);
    const info = await prettier.getFileInfo(to, { ignorePath: '.prettierignore' });
    const out =
      info.ignored || !info.inferredParser
        ? text
        : await prettier.format(text, { ...options, filepath: to });
    fs.writeFileSync(to, out);
  }
  for (const from of moves.keys()) {
    for (let d = path.dirname(from); d !== 'lib' && d !== '.'; d = path.dirname(d)) {
      if (!fs.existsSync(d) || fs.readdirSync(d).length) break;
      fs.rmdirSync(d);
    }
  }
}
for (const f of gone) console.log(`note: ${f} is gone; its row did nothing`);
console.log(
  `${dry ? 'would move' : 'moved'} ${moves.size} files; rewrote ${specifiers} specifiers and ` +
    `${mentions} mentions in ${edited.size} files (${Date.now() - started} ms)`,
);

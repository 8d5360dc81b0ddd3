// The engine dispatch codemod (issue 22, D103): the first line of every query function in
// db/queries/<name>.ts (and db/shelf-stock.ts) sends a PostgreSQL handle to the function of the
// same name in db/engine/postgres/queries/<name>.ts. Idempotent: a function that already
// dispatches is left alone. Lists the functions with no PostgreSQL form.
//   npx tsx scripts/dev/dispatch.ts
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = process.cwd();
const files = [
  ...fs
    .readdirSync(path.join(root, 'db/queries'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => `db/queries/${f}`),
  'db/shelf-stock.ts',
];
const missing: string[] = [];

/** True when a function body returns a value (not counting functions nested in it). */
function returnsValue(body: ts.Block): boolean {
  let found = false;
  const visit = (n: ts.Node) => {
    if (found || ts.isFunctionLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression) found = true;
    else ts.forEachChild(n, visit);
  };
  body.statements.forEach(visit);
  return found;
}
for (const file of files) {
  const name = path.basename(file, '.ts');
  const pgFile = `db/engine/postgres/queries/${name}.ts`;
  if (!fs.existsSync(path.join(root, pgFile))) {
    missing.push(`${file}: no ${pgFile}`);
    continue;
  }
  const pgText = fs.readFileSync(path.join(root, pgFile), 'utf8');
  const pgExports = new Set(
    [...pgText.matchAll(/export (?:async )?(?:function|const) (\w+)/g)].map((m) => m[1]!),
  );
  for (const m of pgText.matchAll(/export \* from '\.\/([\w-]+)'/g)) {
    const more = fs.readFileSync(path.join(root, `db/engine/postgres/queries/${m[1]}.ts`), 'utf8');
    for (const x of more.matchAll(/export (?:async )?(?:function|const) (\w+)/g))
      pgExports.add(x[1]!);
  }
  let text = fs.readFileSync(path.join(root, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edits: { pos: number; text: string }[] = [];
  for (const st of sf.statements) {
    if (!ts.isFunctionDeclaration(st) || !st.name || !st.body) continue;
    if (!st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    const first = st.body.statements[0];
    if (!first || !/^(await ready|while \(held)\(/.test(first.getText(sf))) continue;
    const fn = st.name.text;
    if (st.body.getText(sf).includes('if (isPg(')) continue;
    if (!pgExports.has(fn)) {
      missing.push(`${file}: ${fn}`);
      continue;
    }
    const params = st.parameters.map((p) => p.name);
    if (params.some((p) => !ts.isIdentifier(p))) {
      missing.push(`${file}: ${fn} has a destructured parameter`);
      continue;
    }
    const [db, ...rest] = params.map((p) => p.getText(sf));
    const args = [`pgOf(${db})`, ...rest].join(', ');
    // A function that returns nothing keeps its `Promise<void>`: the dispatch returns nothing too.
    const call = `onPg.${fn}(${args})`;
    const line = returnsValue(st.body)
      ? `if (isPg(${db})) return ${call};`
      : `if (isPg(${db})) {\n    await ${call};\n    return;\n  }`;
    edits.push({ pos: first.getStart(sf), text: `${line}\n  ` });
  }
  if (edits.length === 0) continue;
  edits.sort((a, b) => b.pos - a.pos);
  for (const e of edits) text = text.slice(0, e.pos) + e.text + text.slice(e.pos);
  const dir = file.startsWith('db/queries/') ? '..' : '.';
  const lastImport = [...sf.statements].filter(ts.isImportDeclaration).pop()!;
  const imports =
    `\nimport { isPg, pgOf, type LooseForms } from '${dir}/engine/handle';` +
    `\nimport * as pgForms from '${dir}/engine/postgres/queries/${name}';` +
    `\n\n// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).` +
    `\nconst onPg = pgForms as unknown as LooseForms<typeof pgForms>;`;
  const at = lastImport.getEnd();
  text = text.slice(0, at) + imports + text.slice(at);
  fs.writeFileSync(path.join(root, file), text);
  console.log(`${file}: ${edits.length}`);
}
for (const m of missing) console.log(`MISSING ${m}`);

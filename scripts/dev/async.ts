// The async codemod (issue 22, D103): makes db/queries' functions return promises and every
// caller await them, up through lib/, app/, scripts, benchmarks and tests. It reads the code with
// TypeScript's checker (which declaration a call reaches, through imports and re-exports),
// edits text, and repeats until a round changes nothing. What it cannot decide (a callback of
// an array method, a getter, a constructor, `expect(() => …)`) it lists for a person.
//   npx tsx scripts/dev/async.ts [--scan]
// --scan only lists calls whose value is a promise and is neither awaited nor handed on.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = process.cwd();
const rel = (f: string) => path.relative(root, f);
const config = ts.getParsedCommandLineOfConfigFile(
  path.join(root, 'tsconfig.json'),
  { incremental: false },
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => console.error(d.messageText) },
)!;
const rootNames = config.fileNames.filter((f) => !f.includes('/.next/'));
const mine = (f: string) =>
  !f.includes('node_modules') &&
  !f.endsWith('.d.ts') &&
  !rel(f).startsWith('db/engine/') &&
  !rel(f).startsWith('db/copy/') &&
  !rel(f).startsWith('scripts/dev/');

type Fn = ts.FunctionLikeDeclaration;
const isFn = (n: ts.Node): n is Fn =>
  ts.isFunctionDeclaration(n) ||
  ts.isFunctionExpression(n) ||
  ts.isArrowFunction(n) ||
  ts.isMethodDeclaration(n) ||
  ts.isGetAccessor(n) ||
  ts.isSetAccessor(n) ||
  ts.isConstructorDeclaration(n);

/** A stable name for a declaration across rounds (positions move as text is inserted). */
function keyOf(decl: ts.Node): string | undefined {
  // An anonymous function (a callback) has no name of its own to be called by.
  if (ts.isArrowFunction(decl) || (ts.isFunctionExpression(decl) && !decl.name)) return undefined;
  const file = rel(decl.getSourceFile().fileName);
  const names: string[] = [];
  let n: ts.Node | undefined = decl;
  while (n && !ts.isSourceFile(n)) {
    if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n)) && n.name)
      names.push(n.name.text);
    else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) names.push(n.name.text);
    else if ((ts.isMethodDeclaration(n) || ts.isPropertyAssignment(n)) && n.name)
      names.push(n.name.getText());
    else if (ts.isPropertyDeclaration(n) && n.name) names.push(n.name.getText());
    n = n.parent;
  }
  return names.length ? `${file}::${names.reverse().join('.')}` : undefined;
}

/** The function a declaration names, when it is one (a function, or a const bound to one). */
function fnOfDecl(decl: ts.Node): Fn | undefined {
  if (isFn(decl)) return decl;
  if (ts.isVariableDeclaration(decl) && decl.initializer) {
    let init: ts.Expression = decl.initializer;
    while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init)) init = init.expression;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  if (ts.isPropertyAssignment(decl) && decl.initializer) {
    const init = decl.initializer;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

const isAsync = (fn: Fn) =>
  !!ts.getCombinedModifierFlags(fn as ts.Declaration) &&
  (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0;

interface Edit {
  pos: number;
  text: string;
  /** Orders edits at one position: closing parens before openings. */
  order: number;
}

const manual = new Set<string>();
const where = (n: ts.Node) => {
  const sf = n.getSourceFile();
  const { line } = sf.getLineAndCharacterOfPosition(n.getStart(sf));
  return `${rel(sf.fileName)}:${line + 1}`;
};

const ARRAY_METHODS = new Set([
  'map',
  'forEach',
  'filter',
  'flatMap',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'reduce',
  'sort',
  'toSorted',
]);
const SYNC_ONLY_CALLS = new Set([
  'setImmediate',
  'setTimeout',
  'setInterval',
  'queueMicrotask',
  'expect',
  'on',
  'once',
  'Promise',
]);

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

/** Marks `fn` async (and its declared return type a promise); returns its key if it has one. */
function makeAsync(fn: Fn, edits: Map<string, Edit[]>, sf: ts.SourceFile): string | undefined {
  const add = (pos: number, text: string, order = 0) => {
    const list = edits.get(sf.fileName) ?? [];
    if (!list.some((e) => e.pos === pos && e.text === text)) list.push({ pos, text, order });
    edits.set(sf.fileName, list);
  };
  if (ts.isGetAccessor(fn) || ts.isSetAccessor(fn) || ts.isConstructorDeclaration(fn)) {
    manual.add(`${where(fn)} a getter, setter or constructor would have to await`);
    return undefined;
  }
  if (fn.asteriskToken) {
    manual.add(`${where(fn)} a generator would have to await`);
    return undefined;
  }
  const parent = fn.parent;
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    const name = calleeName(parent);
    if (name && ARRAY_METHODS.has(name))
      manual.add(`${where(fn)} an async callback of .${name}(): use a loop or Promise.all`);
    else if (name && SYNC_ONLY_CALLS.has(name))
      manual.add(`${where(fn)} an async callback of ${name}(): check what it expects`);
  }
  if (!isAsync(fn)) {
    if (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) {
      const kw = fn.getChildren(sf).find((c) => c.kind === ts.SyntaxKind.FunctionKeyword)!;
      add(kw.getStart(sf), 'async ');
    } else if (ts.isMethodDeclaration(fn)) add(fn.name.getStart(sf), 'async ');
    else add(fn.getStart(sf), 'async ');
    if (fn.type && !/^Promise</.test(fn.type.getText(sf))) {
      if (ts.isTypePredicateNode(fn.type))
        manual.add(`${where(fn)} a type predicate cannot be async`);
      else {
        add(fn.type.getStart(sf), 'Promise<', 1);
        add(fn.type.getEnd(), '>', -1);
      }
    }
  }
  const decl = ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) ? parent : fn;
  return keyOf(decl);
}

const needsParens = (call: ts.Expression) => {
  const p = call.parent;
  return (
    (ts.isPropertyAccessExpression(p) && p.expression === call) ||
    (ts.isElementAccessExpression(p) && p.expression === call) ||
    (ts.isCallExpression(p) && p.expression === call) ||
    ts.isNonNullExpression(p) ||
    (ts.isTaggedTemplateExpression(p) && p.tag === call)
  );
};

/** True when the promise a call gives is already awaited or deliberately handed on. */
function handled(call: ts.CallExpression): boolean {
  let p: ts.Node = call.parent;
  while (ts.isParenthesizedExpression(p) || ts.isAsExpression(p)) p = p.parent;
  if (ts.isAwaitExpression(p) || ts.isVoidExpression(p)) return true;
  if (ts.isPropertyAccessExpression(p) && ['then', 'catch', 'finally'].includes(p.name.text))
    return true;
  if (ts.isArrayLiteralExpression(p) && ts.isCallExpression(p.parent)) {
    const n = calleeName(p.parent);
    if (n && ['all', 'allSettled', 'race', 'any'].includes(n)) return true;
  }
  return false;
}

function enclosingFn(n: ts.Node): Fn | undefined {
  let p = n.parent;
  while (p && !isFn(p) && !ts.isSourceFile(p)) p = p.parent;
  return p && isFn(p) ? p : undefined;
}

function targetOf(checker: ts.TypeChecker, call: ts.CallExpression, targets: Set<string>) {
  const e = call.expression;
  const id = ts.isPropertyAccessExpression(e) ? e.name : ts.isIdentifier(e) ? e : undefined;
  if (!id) return false;
  let sym = checker.getSymbolAtLocation(id);
  if (!sym) return false;
  if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  return (sym.declarations ?? []).some((d) => {
    const k = keyOf(d);
    return k !== undefined && targets.has(k);
  });
}

function applyEdits(edits: Map<string, Edit[]>) {
  for (const [file, list] of edits) {
    let text = fs.readFileSync(file, 'utf8');
    list.sort((a, b) => b.pos - a.pos || a.order - b.order);
    for (const e of list) text = text.slice(0, e.pos) + e.text + text.slice(e.pos);
    fs.writeFileSync(file, text);
  }
}

// ---- the seeds: db/queries' functions that take the database ------------------------------
const DB_PARAM = /^(Db|DbOrTx|Tx)$/;
function seed(program: ts.Program): { targets: Set<string>; edits: Map<string, Edit[]> } {
  const targets = new Set<string>(['db/transaction.ts::inTransaction']);
  // Functions a person made async since the last run: `--also file::name`.
  process.argv.forEach((a, i) => a === '--also' && targets.add(process.argv[i + 1]!));
  const edits = new Map<string, Edit[]>();
  for (const sf of program.getSourceFiles()) {
    const r = rel(sf.fileName);
    const isQueries = r.startsWith('db/queries/') || r === 'db/shelf-stock.ts';
    if (!isQueries || r.endsWith('.test.ts')) continue;
    let readyUsed = false;
    for (const st of sf.statements) {
      const exported = ts.canHaveModifiers(st)
        ? ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
        : false;
      if (!exported) continue;
      const fns: [Fn, ts.Node][] = [];
      if (ts.isFunctionDeclaration(st) && st.body) fns.push([st, st]);
      if (ts.isVariableStatement(st))
        for (const d of st.declarationList.declarations) {
          const f = fnOfDecl(d);
          if (f) fns.push([f, d]);
        }
      for (const [fn, decl] of fns) {
        const first = fn.parameters[0];
        if (!first?.type || !DB_PARAM.test(first.type.getText(sf))) continue;
        const key = makeAsync(fn, edits, sf);
        if (key) targets.add(key);
        const name = first.name.getText(sf);
        if (
          fn.body &&
          ts.isBlock(fn.body) &&
          /^(await ready|while \(held)\(/.test(fn.body.statements[0]?.getText(sf) ?? '')
        ) {
          // done by an earlier run
        } else if (fn.body && ts.isBlock(fn.body)) {
          const list = edits.get(sf.fileName)!;
          list.push({
            pos: fn.body.getStart(sf) + 1,
            text: `\n  while (held(${name})) await ready(${name});`,
            order: 0,
          });
          readyUsed = true;
        } else manual.add(`${where(decl)} an expression-bodied query: add the held/ready line`);
      }
    }
    if (readyUsed) {
      const list = edits.get(sf.fileName)!;
      const spec = r === 'db/shelf-stock.ts' ? './transaction' : '../transaction';
      const firstImport = sf.statements.find((s) => ts.isImportDeclaration(s))!;
      list.push({
        pos: firstImport.getEnd(),
        text: `\nimport { held, ready } from '${spec}';`,
        order: 0,
      });
    }
  }
  return { targets, edits };
}

/** Where a promise is surely not what the code meant: dropped, or read as if it were a value. */
function suspicious(call: ts.CallExpression): boolean {
  let p: ts.Node = call.parent;
  while (ts.isParenthesizedExpression(p) || ts.isNonNullExpression(p)) p = p.parent;
  // expect(promise).toBe(…): compares the promise, not its value.
  if (ts.isCallExpression(p) && ts.isIdentifier(p.expression) && p.expression.text === 'expect') {
    const m = p.parent;
    return !(ts.isPropertyAccessExpression(m) && ['rejects', 'resolves'].includes(m.name.text));
  }
  return (
    ts.isExpressionStatement(p) ||
    (ts.isPropertyAccessExpression(p) && !['then', 'catch', 'finally'].includes(p.name.text)) ||
    ts.isElementAccessExpression(p) ||
    ts.isBinaryExpression(p) ||
    ts.isConditionalExpression(p) ||
    ts.isIfStatement(p) ||
    ts.isPrefixUnaryExpression(p) ||
    ts.isTemplateSpan(p) ||
    ts.isSpreadElement(p) ||
    ts.isForOfStatement(p) ||
    ts.isSpreadAssignment(p) ||
    ts.isPropertyAssignment(p) ||
    ts.isShorthandPropertyAssignment(p)
  );
}

function scan(program: ts.Program) {
  const checker = program.getTypeChecker();
  const out: string[] = [];
  for (const sf of program.getSourceFiles()) {
    if (!mine(sf.fileName)) continue;
    const visit = (n: ts.Node) => {
      // An async function where a function returning void is expected: its promise is dropped.
      if (
        (ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n)) &&
        isAsync(n)
      ) {
        let ctx: ts.Type | undefined;
        if (ts.isMethodDeclaration(n)) {
          const obj = ts.isObjectLiteralExpression(n.parent)
            ? checker.getContextualType(n.parent)
            : undefined;
          const prop = obj?.getProperty(n.name.getText(sf));
          ctx = prop && checker.getTypeOfSymbolAtLocation(prop, n);
        } else ctx = checker.getContextualType(n);
        const sigs = ctx?.getCallSignatures() ?? [];
        if (
          sigs.length > 0 &&
          sigs.every((sg) => checker.getReturnTypeOfSignature(sg).flags & ts.TypeFlags.Void)
        )
          out.push(`${where(n)} VOID-EXPECTED async function: its promise is dropped`);
      }
      if (ts.isCallExpression(n) && !handled(n) && suspicious(n)) {
        const t = checker.getTypeAtLocation(n);
        const isPromise = (x: ts.Type) => x.getSymbol()?.getName() === 'Promise';
        if (isPromise(t) || (t.isUnion() && t.types.some(isPromise)))
          out.push(`${where(n)} ${n.getText(sf).slice(0, 90)}`);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

const host = ts.createCompilerHost(config.options);
let program = ts.createProgram(rootNames, config.options, host);
if (process.argv.includes('--scan')) {
  for (const line of scan(program)) console.log(line);
  process.exit(0);
}
program.getTypeChecker();
const first = seed(program);
const targets = first.targets;
applyEdits(first.edits);
console.log(`seeded ${targets.size - 1} query functions`);

for (let round = 1; round < 40; round++) {
  program = ts.createProgram(rootNames, config.options, ts.createCompilerHost(config.options));
  const checker = program.getTypeChecker();
  const edits = new Map<string, Edit[]>();
  const added = new Set<string>();
  let awaits = 0;
  for (const sf of program.getSourceFiles()) {
    if (!mine(sf.fileName)) continue;
    const add = (e: Edit) => {
      const list = edits.get(sf.fileName) ?? [];
      list.push(e);
      edits.set(sf.fileName, list);
    };
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && !handled(n) && targetOf(checker, n, targets)) {
        const fn = enclosingFn(n);
        const returned =
          fn &&
          isAsync(fn) &&
          (ts.isReturnStatement(n.parent) || (ts.isArrowFunction(n.parent) && n.parent.body === n));
        if (!returned) {
          awaits++;
          if (needsParens(n)) {
            add({ pos: n.getStart(sf), text: '(await ', order: 1 });
            add({ pos: n.getEnd(), text: ')', order: -1 });
          } else add({ pos: n.getStart(sf), text: 'await ', order: 1 });
          if (!fn) manual.add(`${where(n)} awaited at a module's top level`);
        }
        if (fn && !isAsync(fn)) {
          const key = makeAsync(fn, edits, sf);
          if (key && !targets.has(key)) added.add(key);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  for (const k of added) targets.add(k);
  applyEdits(edits);
  console.log(`round ${round}: ${awaits} awaits, ${added.size} functions made async`);
  if (edits.size === 0) break;
}
for (const m of [...manual].sort()) console.log(`MANUAL ${m}`);

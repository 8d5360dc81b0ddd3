// Where a source file names another file: every module specifier (import, export … from,
// import(), import type, require, vi.mock/vi.importActual) and every path string a module
// loads at run time (`new URL('./x', import.meta.url)`). Found with TypeScript's own parser,
// not with regexes, so comments, strings that merely look like paths and template text are
// never mistaken for imports.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface Specifier {
  text: string;
  /** Offsets of the text inside the quotes. */
  start: number;
  end: number;
  /** Erased at compile time (`import type`, `export type`, `typeof import()` in types). */
  typeOnly: boolean;
  kind: 'import' | 'export' | 'dynamic' | 'require' | 'mock' | 'url';
}

export const CODE_EXT = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;

const VI_CALLS = new Set(['mock', 'doMock', 'unmock', 'importActual', 'importMock']);

export function specifiersOf(file: string, text: string): Specifier[] {
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const found: Specifier[] = [];
  const add = (lit: ts.Node | undefined, k: Specifier['kind'], typeOnly = false) => {
    if (!lit || !ts.isStringLiteralLike(lit)) return;
    const start = lit.getStart(sf) + 1;
    found.push({ text: lit.text, start, end: lit.getEnd() - 1, typeOnly, kind: k });
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n)) {
      const c = n.importClause;
      const allTypes =
        !!c &&
        (c.isTypeOnly ||
          (!c.name &&
            !!c.namedBindings &&
            ts.isNamedImports(c.namedBindings) &&
            c.namedBindings.elements.length > 0 &&
            c.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(n.moduleSpecifier, 'import', allTypes);
    } else if (ts.isExportDeclaration(n)) {
      const allTypes =
        n.isTypeOnly ||
        (!!n.exportClause &&
          ts.isNamedExports(n.exportClause) &&
          n.exportClause.elements.length > 0 &&
          n.exportClause.elements.every((e) => e.isTypeOnly));
      add(n.moduleSpecifier, 'export', allTypes);
    } else if (ts.isImportTypeNode(n)) {
      const arg = n.argument;
      if (ts.isLiteralTypeNode(arg)) add(arg.literal, 'dynamic', true);
    } else if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const first = n.arguments[0];
      if (callee.kind === ts.SyntaxKind.ImportKeyword) add(first, 'dynamic');
      else if (ts.isIdentifier(callee) && callee.text === 'require') add(first, 'require');
      else if (
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === 'vi' &&
        VI_CALLS.has(callee.name.text)
      )
        add(first, 'mock');
    } else if (
      ts.isNewExpression(n) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === 'URL'
    ) {
      const [first, base] = n.arguments ?? [];
      if (base && base.getText(sf) === 'import.meta.url') add(first, 'url');
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

const TRY = ['', '.ts', '.tsx', '.mjs', '.js', '/index.ts', '/index.tsx', '/index.mjs'];

/**
 * The repository file a specifier names (posix path from the root), or null for a package.
 * `exists` answers for the layout the specifier was written against.
 */
export function resolveSpecifier(
  from: string,
  spec: string,
  exists: (p: string) => boolean,
): string | null {
  let base: string;
  if (spec.startsWith('@/')) base = spec.slice(2);
  else if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..')
    base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  else return null;
  for (const t of TRY) if (exists(base + t)) return base + t;
  return null;
}

export function readText(root: string, p: string) {
  return fs.readFileSync(path.join(root, p), 'utf8');
}

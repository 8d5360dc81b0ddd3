// A moved file's path written as text: in comments, README, docs, package.json scripts,
// Dockerfile, CI. Import specifiers are rewritten from the parsed source (regroup.ts); this
// pass is for the prose and configs around them. A path without its extension is rewritten
// only when no folder of that name exists before or after the moves (`lib/refills` is a folder
// and was a file: such a mention is ambiguous and left as written).

export interface MentionInput {
  FILES: readonly (readonly [string, string])[];
  FOLDERS: readonly (readonly [string, string])[];
  present: Set<string>;
  moves: Map<string, string>;
}

/** Never rewritten: history, generated files, and the table that names the old paths. */
const SKIP = [
  /^docs\/decisions\.md$/,
  /^package-lock\.json$/,
  /^db\/migrations\//,
  /^lib\/i18n\/messages\//,
  /^scripts\/dev\//,
  /^node_modules\//,
  /\.(png|jpg|jpeg|gif|ico|woff2?|db|sqlite|gz|zip|pdf)$/,
];

// A token that starts with `lib/` and is not the tail of another path (`app/lib/x`).
const TOKEN = /(?<![\w.-])(?<![\w-]\/)lib\/[\w./-]*\w/g;

export function rewriteMentions(file: string, text: string, m: MentionInput) {
  if (SKIP.some((r) => r.test(file)) || text.includes('\0')) return { text, count: 0 };
  const folders = new Set<string>();
  for (const p of [...m.present, ...m.moves.values()])
    for (
      let d = p.slice(0, p.lastIndexOf('/'));
      d.includes('/');
      d = d.slice(0, d.lastIndexOf('/'))
    )
      folders.add(d);
  const exact = new Map<string, string>();
  const besideTest = (p: string) => p.replace(/\.tsx?$/, '.test.ts');
  for (const [from, to] of m.FILES) {
    for (const [a, b] of [
      [from, to],
      [besideTest(from), besideTest(to)],
    ] as const) {
      exact.set(a, b);
      const bareA = a.replace(/\.(ts|tsx|mjs)$/, '');
      if (bareA !== a && !folders.has(bareA)) exact.set(bareA, b.replace(/\.(ts|tsx|mjs)$/, ''));
    }
  }
  const prefixes = m.FOLDERS.map(
    ([d, to]) => [d.replace(/\/$/, ''), to.replace(/\/$/, '')] as const,
  );
  let count = 0;
  const out = text.replace(TOKEN, (token) => {
    const hit = exact.get(token);
    if (hit) return (count++, hit);
    for (const [d, to] of prefixes) {
      if (token === d || token.startsWith(`${d}/`)) return (count++, to + token.slice(d.length));
    }
    return token;
  });
  return { text: out, count };
}

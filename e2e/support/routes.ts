import fs from 'node:fs';
import path from 'node:path';

const APP = path.resolve(import.meta.dirname, '..', '..', 'app');

/**
 * Every route in app/ as `METHOD /path/:param`: pages as GET, route handlers with the methods
 * they export. Tests take the list from the files, so a new route is covered (or fails) at once.
 */
export function discoverRoutes(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^(page|route)\.tsx?$/.test(entry.name)) {
        const url =
          '/' +
          path
            .relative(APP, dir)
            .split(path.sep)
            .filter((s) => s && !/^\(.*\)$/.test(s))
            .map((s) => s.replace(/^\[(.+)\]$/, ':$1'))
            .join('/');
        if (entry.name.startsWith('page')) found.push(`GET ${url}`);
        else {
          const source = fs.readFileSync(full, 'utf8');
          for (const m of source.matchAll(
            /export (?:const|(?:async )?function) (GET|POST|PUT|PATCH|DELETE)\b/g,
          ))
            found.push(`${m[1]} ${url}`);
        }
      }
    }
  };
  walk(APP);
  return found.sort();
}

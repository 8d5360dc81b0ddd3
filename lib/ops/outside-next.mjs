// lib/ loaded outside Next's bundle (server.ts and scripts under tsx, the reader threads):
// `server-only` marks server modules for Next's build, and only Next resolves it to its empty
// module (the `react-server` condition); anywhere else its default export throws. This hook
// gives every other loader the same empty module. Loaded with `--import` (package.json) and by
// lib/reads/worker-boot.mjs; D98.
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const marker = createRequire(import.meta.url).resolve('server-only');
const empty = pathToFileURL(marker.replace(/index\.js$/, 'empty.js')).href;
const hooks = `export async function resolve(specifier, context, next) {
  return specifier === 'server-only' ? { url: ${JSON.stringify(empty)}, shortCircuit: true } : next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

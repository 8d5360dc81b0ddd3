// Entry of the history generator thread (history-worker.ts). Node 20 does not apply the parent's
// `--import tsx` loader hooks to a worker's entry point, so the worker registers tsx itself and
// then loads the TypeScript module.
import { tsImport } from 'tsx/esm/api';
// lib/'s server modules load outside Next only with this resolver (D98).
import '../lib/ops/outside-next.mjs';

await tsImport('./history-worker.ts', import.meta.url);

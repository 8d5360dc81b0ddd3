// A reader thread's entry point: the server runs under tsx, whose loader a worker thread
// does not inherit, so the thread registers it before importing its TypeScript module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';
// …and the resolver that lets lib/'s server modules load outside Next (D98).
import '../ops/outside-next.mjs';

register();
await import(workerData.entry);

// Worker-thread entry for TypeScript modules: registers tsx's loader in this thread (loader hooks do not
// cross into workers), then imports the module named by workerData.entry (a file: URL).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
const entry = workerData?.entry;
if (typeof entry !== 'string') throw new Error('bin/ts-worker.js: workerData.entry (a file: URL of a .ts module) is missing');
await import(entry);

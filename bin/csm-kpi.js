#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
// A large compute gets its worker thread started first, so that its start-up overlaps the
// loading of the CLI (dist/report/prestart.js); then the CLI loads.
import { prestartWorker } from '../dist/engine/parallel/prestart.js';

prestartWorker(process.argv.slice(2), process.env);
const { main } = await import('../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));

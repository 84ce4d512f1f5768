#!/usr/bin/env node
// A shim: all logic, and the choice of exit code, lives in run(). dist/bundle is built by `npm run build`.
import { realIo, run } from '../dist/bundle/entry.js';

process.exitCode = await run(process.argv.slice(2), realIo());

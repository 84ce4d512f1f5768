#!/usr/bin/env node
// A shim: all logic, and the choice of exit code, lives in run().
import { run } from '../dist/cli/run.js';
import { realIo } from '../dist/cli/io.js';

process.exitCode = await run(process.argv.slice(2), realIo());

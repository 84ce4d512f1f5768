// Print the one plain line CI reads — "N passed, N failed", last — from vitest's JSON report (skipped tests, if any, on the line before).
import { readFileSync } from 'node:fs';

const [file, extra = '0'] = process.argv.slice(2);
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log(`0 passed, ${1 + Number(extra)} failed`);
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
// A file that fails to load has no failing test of its own; count it once so it is not lost.
const brokenFiles = (report.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((t) => t.status === 'failed')).length;
const failed = (report.numFailedTests ?? 0) + brokenFiles + Number(extra);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
if (passed === 0) {
  console.log(`0 passed, ${Math.max(failed, 1)} failed`);
  process.exit(1);
}
if (skipped) console.log(`${skipped} skipped (each names its reason above)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

// Loaded with NODE_OPTIONS=--require: writes this process's peak RSS (KiB) when it exits.
const { appendFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.COCOON_BENCH_RSS) appendFileSync(process.env.COCOON_BENCH_RSS, `${process.resourceUsage().maxRSS}\n`);
});

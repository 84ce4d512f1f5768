import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Rebuilds dist/ when the sources are newer, so spawned-bin tests never run stale code.
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests spawn the real bin and a browser; two workers fit a 2-core machine.
    maxWorkers: 2,
    // Every test parses for real; tests/cli/cache.test.ts turns the parse cache on in its own directory.
    env: { COCOON_CACHE: '0' },
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'sample-mesh/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    setupFiles: ['harness/test/temp-dir.setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Many tests measure times on real sockets and processes; on two cores, files running side by
    // side would disturb each other's measurements, so files run one after another.
    fileParallelism: false,
  },
});

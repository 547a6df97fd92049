import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'sample-mesh/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    setupFiles: ['harness/test/temp-dir.setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

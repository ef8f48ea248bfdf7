import os from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: on two cores that is one. An
    // integration file spends much of its time waiting on PostgreSQL, a child process or
    // Chromium, so two workers keep both cores busy.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    // A worker runs its files one after another in one process and imports the app once, not
    // once per file. Files share nothing else: tests set up their own data, and the app keeps no
    // state outside a database (its caches are keyed by the Kysely instance or are pure).
    isolate: false,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        // Pure tests: no database, no server, no browser (`npm run test:unit`).
        test: { name: 'unit', include: ['src/**/*.test.ts', 'test/architecture/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/architecture/**', 'test/e2e/**'],
          // One migrated PGlite tarball and PostgreSQL template per run, copied by each file.
          globalSetup: ['./test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['./test/support/global-setup.ts'],
          // A journey drives Chromium through many pages and axe checks: on two busy cores one
          // can take well over the 30 s a single API test is given.
          testTimeout: 90_000,
        },
      },
    ],
  },
});

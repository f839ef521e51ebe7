import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A browser waited on with expect.poll can take seconds on a loaded two-core machine; the
    // default second made a page test fail now and then in CI.
    expect: { poll: { timeout: 10_000 } },
    // Two cores: more workers only make the embedded databases fight for CPU.
    maxWorkers: 2,
  },
});

import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql ships both index.js (CJS) and index.mjs; Apollo's packages load the CJS copy, so our code must too,
    // or schemas built here come "from another module or realm".
    alias: { graphql: require.resolve("graphql") },
  },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    globalSetup: ["test/helpers/redis-server.ts"],
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});

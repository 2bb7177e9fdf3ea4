import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

/**
 * Test files run each in a fresh worker: they spawn and signal gateway or subgraph processes, drive a browser, watch
 * files, time a log file's flushes, or set process-wide OpenTelemetry state.
 */
const ISOLATED = [
  "test/journeys/chaos-checkout.test.ts",
  "test/gateway/operations.test.ts",
  "test/gateway/workers.test.ts",
  "test/gateway/logger.test.ts",
  "test/gateway/hot-reload.test.ts",
  "test/gateway/persisted-queries.test.ts",
  "test/gateway/redis-scale-out.test.ts",
  "test/gateway/subscriptions-scale.test.ts",
  "test/gateway/tracing.test.ts",
  "test/gateway/*.browser.test.ts",
];

export default defineConfig({
  resolve: {
    // graphql ships both index.js (CJS) and index.mjs; Apollo's packages load the CJS copy, so our code must too,
    // or schemas built here come "from another module or realm".
    alias: { graphql: require.resolve("graphql") },
  },
  test: {
    setupFiles: ["test/setup.ts"],
    globalSetup: ["test/helpers/redis-server.ts"],
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      // Everything on the in-memory stores but the files below. Not isolated: the files share one worker and its loaded
      // modules (each file still starts and closes its own servers on fresh stores), which saves re-importing the gateway
      // and four subgraphs per file, the larger part of a journey file's time.
      { extends: true, test: { name: "memory", include: ["test/**/*.test.ts"], exclude: ISOLATED, isolate: false } },
      // Files that each get a fresh worker, as every file did before.
      { extends: true, test: { name: "isolated", include: ISOLATED } },
      // The journeys again, with every subgraph on Redis: the same behaviour, proven on the production backend.
      {
        extends: true,
        test: {
          name: "redis",
          isolate: false,
          include: [
            "test/journeys/customer-360.test.ts",
            "test/journeys/commerce-checkout.test.ts",
            "test/journeys/checkout-integrity.test.ts",
            "test/journeys/commerce-fulfilment.test.ts",
            "test/journeys/till-sales.test.ts",
            "test/journeys/timeline-events.test.ts",
            "test/journeys/identity-access.test.ts",
            "test/journeys/catalog-search.test.ts",
            "test/journeys/search-matching.test.ts",
            "test/journeys/search-catalog-changes.test.ts",
            "test/journeys/product-page.test.ts",
            "test/journeys/customer-journeys.test.ts",
            "test/journeys/customer-profile.test.ts",
            "test/journeys/loyalty-journey.test.ts",
            "test/journeys/input-integrity.test.ts",
            "test/journeys/anonymous-lapse.test.ts",
            "test/journeys/entity-fetch-limits.test.ts",
            "test/journeys/service-desk.test.ts",
            "test/journeys/store-hours.test.ts",
            "test/journeys/store-work.test.ts",
            "test/journeys/returns-and-guests.test.ts",
            "test/journeys/out-of-stock-alternatives.test.ts",
          ],
          env: { TEST_BACKEND: "redis" },
        },
      },
    ],
  },
});

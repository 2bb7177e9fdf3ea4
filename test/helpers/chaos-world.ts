import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createGateway, type RunningGateway } from "../../gateway/server.js";
import { ephemeralAuth, type ResolvedAuth } from "../../lib/auth/secrets.js";
import { loadConfig } from "../../lib/config.js";
import { demoWorld } from "../../lib/demo/world.js";
import { RedisEventBus } from "../../lib/events-redis.js";
import { createLogger } from "../../lib/logger.js";
import { createRedis, type RedisClient } from "../../lib/redis.js";
import { freePort, startRedisServer, type OwnRedisServer } from "../../lib/redis-server.js";
import { createServiceClient } from "../../lib/service-client.js";
import { serveSubgraph, type RunningSubgraph } from "../../lib/subgraph.js";
import * as catalog from "../../subgraphs/catalog/index.js";
import { catalogSeed } from "../../subgraphs/catalog/seed.js";
import { createRedisCatalogStore } from "../../subgraphs/catalog/store/redis.js";
import * as customer from "../../subgraphs/customer/index.js";
import { customerSeed } from "../../subgraphs/customer/seed.js";
import { createRedisCustomerStore } from "../../subgraphs/customer/store/redis.js";
import { inventorySeed } from "../../subgraphs/inventory/seed.js";
import { createRedisInventoryStore } from "../../subgraphs/inventory/store/redis.js";
import { orderSeed } from "../../subgraphs/order/seed.js";
import { createRedisOrderStore } from "../../subgraphs/order/store/redis.js";
import { subgraphProcess, type SubgraphProcess } from "./subgraph-process.js";

/** The chaos journey's world: order and inventory as processes of their own on a Redis of its own, the rest in process. */

export const PREFIX = "chaos:";
/** Short in tests: a checkout resting this long in one step is finished or unwound by the recovery worker. */
export const RECOVERY_AFTER_MS = 1_500;
export const RECOVERY_INTERVAL_MS = 250;
export const SHOPPERS = 30;
/** How long a shopper keeps retrying one checkout before giving up (the books must balance even then). */
export const SHOPPER_PATIENCE_MS = 70_000;

export const world = demoWorld();
export const HOME = { line1: "233 S Wacker Dr", city: "Chicago", region: "IL", postalCode: "60606", country: "US" };
/** SKUs the shipping network has some but not plenty of: thirty shoppers run some of them out. */
const shippedFrom = new Set(
  world.locations.filter((l) => l.type === "DISTRIBUTION_CENTER" || l.capabilities.includes("SHIP_FROM_STORE")).map((l) => l.id),
);
const networkAtp = (sku: string) =>
  world.stock
    .filter((s) => s.sku === sku && shippedFrom.has(s.locationId))
    .reduce((sum, s) => sum + Math.max(0, s.onHand - s.reserved - s.safetyStock), 0);
export const SKUS = world.variants
  .map((v) => v.sku)
  .filter((sku) => networkAtp(sku) >= 8 && networkAtp(sku) <= 30)
  .slice(0, 6);
/** Customers with no seeded cart, so each shopper's cart is the one the test makes. */
const seededCartOwners = new Set(world.carts.map((cart) => cart.customerId));
export const CUSTOMERS = world.customers.filter((c) => !seededCartOwners.has(c.id));

export const CREATE = `mutation { createCart(input: {}) { cart { id version } userErrors { code } } }`;
export const ADD = `mutation($cartId: ID!, $lines: [CartLineInput!]!) { addCartLines(cartId: $cartId, lines: $lines) { cart { id version } userErrors { code } } }`;
export const SHIP = `mutation($cartId: ID!, $address: AddressInput) {
  setCartFulfillment(cartId: $cartId, method: SHIP_TO_HOME, shippingAddress: $address) { cart { id version } userErrors { code } } }`;
export const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id lines { quantity variant { sku } } } userErrors { code message } } }`;

/** Codes after which a real client tries again with the same key: the checkout's outcome is not known yet. */
export const NOT_FINAL_ERRORS = new Set(["MUTATION_OUTCOME_UNKNOWN", "SUBGRAPH_UNAVAILABLE", "SUBGRAPH_TIMEOUT", "INTERNAL_SERVER_ERROR"]);
export const NOT_FINAL_USER_ERRORS = new Set(["CHECKOUT_IN_PROGRESS"]);
/** A checkout that failed on something other than a business rule ("nothing was charged… Try again"): the key is spent, a new one may succeed. */
export const TRY_AGAIN_USER_ERRORS = new Set(["CHECKOUT_FAILED"]);

export interface World {
  redisServer: OwnRedisServer;
  dir: string;
  redis: RedisClient;
  /** Without the key prefix: for SCAN, whose pattern the client does not prefix. */
  raw: Redis;
  auth: ResolvedAuth;
  inProcess: RunningSubgraph[];
  inventory: SubgraphProcess;
  order: SubgraphProcess;
  gateway: RunningGateway;
  bus: RedisEventBus;
  /** Orders of the seed: the books count only the orders the shoppers placed. */
  seededOrders: Set<string>;
}

export let w: World;

/** Starts the world before the file's tests (printing the processes' output after a failed one) and stops it after. */
export function useChaosWorld(): void {
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "omnigraph-chaos-"));
    const redisServer = await startRedisServer({ dir });
    const redis = createRedis({ url: redisServer.url, keyPrefix: PREFIX });
    const raw = new Redis(redisServer.url);
    const auth = ephemeralAuth();
    const config = loadConfig({ OMNIGRAPH_ENV: "test", HOST: "127.0.0.1", LOG_LEVEL: "silent" });
    const logger = createLogger({ level: "silent" });

    const [catalogStore, inventoryStore, customerStore, orderStore] = await Promise.all([
      createRedisCatalogStore(redis),
      createRedisInventoryStore(redis),
      createRedisCustomerStore(redis, { anonymousInteractionTtlSeconds: config.anonymousInteractionTtlSeconds }),
      createRedisOrderStore(redis, { anonymousCartTtlSeconds: config.anonymousCartTtlSeconds }),
    ]);
    await Promise.all([
      catalogStore.seedIfEmpty(catalogSeed()),
      inventoryStore.seedIfEmpty(inventorySeed()),
      customerStore.seedIfEmpty(customerSeed()),
      orderStore.seedIfEmpty(orderSeed()),
    ]);

    const [inventoryPort, orderPort] = [await freePort(), await freePort()];
    const inventoryUrl = `http://127.0.0.1:${inventoryPort}/graphql`;
    const orderUrl = `http://127.0.0.1:${orderPort}/graphql`;
    const bus = new RedisEventBus(redis, { logger, blockMs: 50 });
    const serve = async (subgraph: Parameters<typeof serveSubgraph>[0]) =>
      serveSubgraph(subgraph, {
        serviceSecret: auth.serviceSecret,
        port: 0,
        host: "127.0.0.1",
        logger,
        maxBodyBytes: config.maxBodyBytes,
        limits: config,
        work: config,
        introspection: true,
      });
    const client = (caller: string, url: string) => createServiceClient({ caller, url, serviceSecret: auth.serviceSecret });
    const catalogRunning = await serve(await catalog.createSubgraph({ store: catalogStore }));
    const customerRunning = await serve(
      await customer.createSubgraph({
        store: customerStore,
        bus,
        logger,
        anonymousInteractionTtlSeconds: config.anonymousInteractionTtlSeconds,
        inventory: () => client("customer", inventoryUrl),
        order: () => client("customer", orderUrl),
      }),
    );

    const env: Record<string, string> = {
      OMNIGRAPH_ENV: "test",
      LOG_LEVEL: "warn",
      REDIS_URL: redisServer.url,
      REDIS_KEY_PREFIX: PREFIX,
      AUTH_JWT_SECRET: auth.jwtSecret!,
      SERVICE_TOKEN_SECRET: auth.serviceSecret,
      CATALOG_URL: catalogRunning.url,
      CUSTOMER_URL: customerRunning.url,
      INVENTORY_URL: inventoryUrl,
      ORDER_URL: orderUrl,
      CHECKOUT_RECOVERY_AFTER_MS: String(RECOVERY_AFTER_MS),
      CHECKOUT_RECOVERY_INTERVAL_MS: String(RECOVERY_INTERVAL_MS),
    };
    const inventory = subgraphProcess("inventory", inventoryPort, env);
    const order = subgraphProcess("order", orderPort, env);
    await Promise.all([inventory.start(), order.start()]);

    const gatewayConfig = loadConfig({ OMNIGRAPH_ENV: "test", HOST: "127.0.0.1", RESPONSE_CACHE: "off", BREAKER_RESET_MS: "500" });
    const gateway = await createGateway(gatewayConfig, {
      auth,
      logger,
      supergraphSdl: await readFile(new URL("../../schema/supergraph.graphql", import.meta.url), "utf8"),
      subgraphUrls: { catalog: catalogRunning.url, customer: customerRunning.url, inventory: inventoryUrl, order: orderUrl },
    }).listen(0, "127.0.0.1");

    w = {
      redisServer,
      dir,
      redis,
      raw,
      auth,
      inProcess: [catalogRunning, customerRunning],
      inventory,
      order,
      gateway,
      bus,
      seededOrders: new Set(),
    };
    w.seededOrders = new Set((await jsonValues<Order>("{order}:order:*")).map((order) => order.id));
  }, 120_000);

  afterEach(async (context) => {
    // A failure is easier to read with what the processes said.
    if (context.task.result?.state === "fail" && w) {
      console.error(
        `inventory process output:\n${w.inventory.output().slice(-4000)}\norder process output:\n${w.order.output().slice(-4000)}`,
      );
    }
  });

  afterAll(async () => {
    if (!w) return;
    await w.gateway.close();
    await Promise.all([w.inventory.stop(), w.order.stop()]);
    await Promise.all(w.inProcess.map((subgraph) => subgraph.close()));
    await w.bus.close();
    await w.redis.quit();
    w.raw.disconnect();
    await w.redisServer.stop();
    rmSync(w.dir, { recursive: true, force: true });
  }, 60_000);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function scan(pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await w.raw.scan(cursor, "MATCH", `${PREFIX}${pattern}`, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return keys;
}

export async function jsonValues<T>(pattern: string): Promise<T[]> {
  const keys = await scan(pattern);
  if (keys.length === 0) return [];
  const values = await w.raw.mget(...keys);
  return values.filter((value): value is string => value !== null).map((value) => JSON.parse(value) as T);
}

export interface Reservation {
  id: string;
  status: string;
  holds: { sku: string; quantity: number }[];
}
export interface Settlement {
  ref: string;
  state: string;
  cartId: string | null;
  orderId: string | null;
  reservation: { reservationId: string } | null;
  authorization: { authorizationId: string } | null;
}
export interface Order {
  id: string;
  lines: { sku: string; quantity: number }[];
  paymentAuthorizationId?: string | null;
}

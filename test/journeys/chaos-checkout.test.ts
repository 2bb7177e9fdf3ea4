import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type RunningGateway } from "../../gateway/server.js";
import { signPersonToken } from "../../lib/auth/people.js";
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
import { postGraphQL, type GraphQLAnswer } from "../helpers/graph.js";
import { subgraphProcess, type SubgraphProcess } from "../helpers/subgraph-process.js";

/**
 * An operator pulling plugs: order and inventory run as processes of their own on a Redis this test starts, shoppers
 * check out concurrently through the gateway and retry like a real client (same idempotency key, after a pause,
 * whenever the answer is not final), and both processes are killed with SIGKILL mid-load and started again. Once
 * every shopper has an answer and the recovery window has passed, the books must balance: every unit is on hand or
 * in an order, nothing is held, every order has its committed hold and every committed hold its order, no payment
 * authorization is left open, and no cart is locked.
 */

const PREFIX = "chaos:";
/** Short in tests: a checkout resting this long in one step is finished or unwound by the recovery worker. */
const RECOVERY_AFTER_MS = 1_500;
const RECOVERY_INTERVAL_MS = 250;
const SHOPPERS = 30;
/** How long a shopper keeps retrying one checkout before giving up (the books must balance even then). */
const SHOPPER_PATIENCE_MS = 70_000;

const world = demoWorld();
const HOME = { line1: "233 S Wacker Dr", city: "Chicago", region: "IL", postalCode: "60606", country: "US" };
/** SKUs the shipping network has some but not plenty of: thirty shoppers run some of them out. */
const shippedFrom = new Set(
  world.locations.filter((l) => l.type === "DISTRIBUTION_CENTER" || l.capabilities.includes("SHIP_FROM_STORE")).map((l) => l.id),
);
const networkAtp = (sku: string) =>
  world.stock
    .filter((s) => s.sku === sku && shippedFrom.has(s.locationId))
    .reduce((sum, s) => sum + Math.max(0, s.onHand - s.reserved - s.safetyStock), 0);
const SKUS = world.variants
  .map((v) => v.sku)
  .filter((sku) => networkAtp(sku) >= 8 && networkAtp(sku) <= 30)
  .slice(0, 6);
/** Customers with no seeded cart, so each shopper's cart is the one the test makes. */
const seededCartOwners = new Set(world.carts.map((cart) => cart.customerId));
const CUSTOMERS = world.customers.filter((c) => !seededCartOwners.has(c.id));

const CREATE = `mutation { createCart(input: {}) { cart { id version } userErrors { code } } }`;
const ADD = `mutation($cartId: ID!, $lines: [CartLineInput!]!) { addCartLines(cartId: $cartId, lines: $lines) { cart { id version } userErrors { code } } }`;
const SHIP = `mutation($cartId: ID!, $address: AddressInput) {
  setCartFulfillment(cartId: $cartId, method: SHIP_TO_HOME, shippingAddress: $address) { cart { id version } userErrors { code } } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { order { id lines { quantity variant { sku } } } userErrors { code message } } }`;

/** Codes after which a real client tries again with the same key: the checkout's outcome is not known yet. */
const NOT_FINAL_ERRORS = new Set(["MUTATION_OUTCOME_UNKNOWN", "SUBGRAPH_UNAVAILABLE", "SUBGRAPH_TIMEOUT", "INTERNAL_SERVER_ERROR"]);
const NOT_FINAL_USER_ERRORS = new Set(["CHECKOUT_IN_PROGRESS"]);
/** A checkout that failed on something other than a business rule ("nothing was charged… Try again"): the key is spent, a new one may succeed. */
const TRY_AGAIN_USER_ERRORS = new Set(["CHECKOUT_FAILED"]);

interface World {
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

let w: World;

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function ask(query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<GraphQLAnswer> {
  return postGraphQL(w.gateway.url, query, variables, headers);
}

/** Before the chaos: a cart per shopper, two lines of the contended SKUs, shipped home. */
async function prepareCart(headers: Record<string, string>, n: number): Promise<string> {
  const created = await ask(CREATE, {}, headers);
  expect(created.body.errors, JSON.stringify(created.body.errors)).toBeUndefined();
  const cartId = created.body.data.createCart.cart.id as string;
  const lines = [
    { sku: SKUS[n % SKUS.length], quantity: 1 + (n % 2) },
    { sku: SKUS[(n + 1 + Math.floor(n / SKUS.length)) % SKUS.length], quantity: 1 },
  ].filter((line, i, all) => all.findIndex((other) => other.sku === line.sku) === i);
  const added = await ask(ADD, { cartId, lines }, headers);
  expect(added.body.data?.addCartLines.userErrors).toEqual([]);
  const shipped = await ask(SHIP, { cartId, address: HOME }, headers);
  expect(shipped.body.data?.setCartFulfillment.userErrors).toEqual([]);
  return cartId;
}

type Outcome = { kind: "ordered"; orderId: string } | { kind: "refused"; codes: string[] } | { kind: "gave-up"; last: string };

/**
 * A real client: the same key again after a pause until the answer is final, and a new key after CHECKOUT_FAILED,
 * until its patience runs out.
 */
async function checkOut(headers: Record<string, string>, cartId: string, firstKey: string, sent: () => void): Promise<Outcome> {
  const until = Date.now() + SHOPPER_PATIENCE_MS;
  let last = "";
  let key = firstKey;
  for (let attempt = 0, keys = 1; Date.now() < until; attempt++) {
    if (attempt > 0) await sleep(150 + Math.random() * 350);
    let answer: GraphQLAnswer;
    try {
      sent();
      answer = await ask(CHECKOUT, { input: { cartId, paymentToken: "tok_visa", idempotencyKey: key } }, headers);
    } catch (error) {
      last = String(error);
      continue;
    }
    const errors = answer.body.errors ?? [];
    if (errors.length > 0) {
      last = JSON.stringify(errors.map((e) => e.extensions?.code));
      if (errors.every((e) => NOT_FINAL_ERRORS.has(String(e.extensions?.code)))) continue;
      throw new Error(`checkout ${key} answered an error a client cannot act on: ${answer.text}`);
    }
    const payload = answer.body.data.checkout;
    if (payload.order) return { kind: "ordered", orderId: payload.order.id };
    const codes = (payload.userErrors as { code: string }[]).map((e) => e.code);
    last = JSON.stringify(codes);
    if (codes.every((code) => NOT_FINAL_USER_ERRORS.has(code))) continue;
    if (codes.every((code) => TRY_AGAIN_USER_ERRORS.has(code))) {
      key = `${firstKey}-again-${keys++}`;
      continue;
    }
    return { kind: "refused", codes };
  }
  return { kind: "gave-up", last };
}

async function scan(pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await w.raw.scan(cursor, "MATCH", `${PREFIX}${pattern}`, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return keys;
}

async function jsonValues<T>(pattern: string): Promise<T[]> {
  const keys = await scan(pattern);
  if (keys.length === 0) return [];
  const values = await w.raw.mget(...keys);
  return values.filter((value): value is string => value !== null).map((value) => JSON.parse(value) as T);
}

/** Units of each test SKU over every location: on hand and held. */
async function stockOf(): Promise<Map<string, { onHand: number; reserved: number }>> {
  const books = new Map<string, { onHand: number; reserved: number }>();
  for (const sku of SKUS) {
    const rows = Object.values(await w.raw.hgetall(`${PREFIX}{inventory}:stock:${sku}`)).map(
      (row) => JSON.parse(row) as { onHand: number; reserved: number },
    );
    books.set(sku, { onHand: rows.reduce((sum, r) => sum + r.onHand, 0), reserved: rows.reduce((sum, r) => sum + r.reserved, 0) });
  }
  return books;
}

interface Reservation {
  id: string;
  status: string;
  holds: { sku: string; quantity: number }[];
}
interface Settlement {
  ref: string;
  state: string;
  cartId: string | null;
  orderId: string | null;
  reservation: { reservationId: string } | null;
  authorization: { authorizationId: string } | null;
}
interface Order {
  id: string;
  lines: { sku: string; quantity: number }[];
  paymentAuthorizationId?: string | null;
}

const sumBySku = (lines: readonly { sku: string; quantity: number }[]) => {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.sku, (totals.get(line.sku) ?? 0) + line.quantity);
  return totals;
};

/** Everything that must hold once the dust has settled; each problem named, so a failure says what is unbalanced. */
async function unbalanced(before: Map<string, { onHand: number; reserved: number }>, earlierOrders: Set<string>): Promise<string[]> {
  const problems: string[] = [];
  // Every order the shoppers placed in this test (earlier rounds too), and those of this round, which the stock counts.
  const orders = (await jsonValues<Order>("{order}:order:*")).filter((order) => !w.seededOrders.has(order.id));
  const roundOrders = orders.filter((order) => !earlierOrders.has(order.id));
  const reservations = await jsonValues<Reservation>("{inventory}:reservation:*");
  const settlements = (await jsonValues<Settlement>("{order}:checkout:*")).filter((s) => s && typeof s === "object" && "state" in s);
  const stock = await stockOf();

  const ordered = sumBySku(roundOrders.flatMap((order) => order.lines));
  for (const sku of SKUS) {
    const was = before.get(sku)!;
    const now = stock.get(sku)!;
    const units = ordered.get(sku) ?? 0;
    if (units + now.onHand !== was.onHand) problems.push(`${sku}: ${units} ordered + ${now.onHand} on hand ≠ ${was.onHand} before`);
    if (now.reserved !== was.reserved) problems.push(`${sku}: ${now.reserved} units held, ${was.reserved} before`);
  }

  const reservationById = new Map(reservations.map((r) => [r.id, r]));
  const settlementByReservation = new Map(settlements.filter((s) => s.reservation).map((s) => [s.reservation!.reservationId, s]));
  const orderIds = new Set(orders.map((order) => order.id));
  const settlementByOrder = new Map(settlements.filter((s) => s.orderId).map((s) => [s.orderId!, s]));
  for (const order of orders) {
    const settlement = settlementByOrder.get(order.id);
    const reservation = settlement?.reservation ? reservationById.get(settlement.reservation.reservationId) : undefined;
    if (!reservation || reservation.status !== "COMMITTED") {
      problems.push(`order ${order.id} has no committed hold (${reservation ? reservation.status : "no reservation"})`);
      continue;
    }
    const held = sumBySku(reservation.holds);
    const lines = sumBySku(order.lines);
    if (JSON.stringify([...held].sort()) !== JSON.stringify([...lines].sort()))
      problems.push(`order ${order.id}'s lines differ from its committed hold`);
  }
  for (const reservation of reservations) {
    if (reservation.status === "HELD") problems.push(`reservation ${reservation.id} still holds stock`);
    if (reservation.status !== "COMMITTED") continue;
    const settlement = settlementByReservation.get(reservation.id);
    if (!settlement?.orderId || !orderIds.has(settlement.orderId))
      problems.push(`committed hold ${reservation.id} has no order (${settlement?.state ?? "no settlement"})`);
  }
  if (orderIds.size !== new Set(settlements.filter((s) => s.orderId).map((s) => s.orderId)).size)
    problems.push("orders and settlements with an order differ in number");

  for (const settlement of settlements) {
    if (settlement.state !== "DONE" && settlement.state !== "UNWOUND")
      problems.push(`settlement ${settlement.ref} stopped at ${settlement.state}`);
  }
  const open = await w.raw.smembers(`${PREFIX}{payments}:open`);
  for (const id of open) problems.push(`authorization ${id} is still open`);
  for (const settlement of settlements) {
    if (!settlement.authorization) continue;
    const state = await w.raw.hget(`${PREFIX}{payments}:auth:${settlement.authorization.authorizationId}`, "state");
    const expected = settlement.orderId ? "CAPTURED" : "VOIDED";
    if (state !== expected) problems.push(`authorization of ${settlement.ref} is ${state}, expected ${expected}`);
  }
  return problems;
}

/** Whether a cart is locked, as its shopper finds out: an edit answers CHECKOUT_IN_PROGRESS. */
async function lockedCarts(carts: { cartId: string; headers: Record<string, string> }[]): Promise<string[]> {
  const locked: string[] = [];
  for (const { cartId, headers } of carts) {
    const answer = await ask(ADD, { cartId, lines: [{ sku: SKUS[0], quantity: 1 }] }, headers);
    const codes = (answer.body.data?.addCartLines.userErrors ?? []).map((e: { code: string }) => e.code);
    if (answer.body.errors || codes.some((code: string) => code !== "CART_CLOSED"))
      locked.push(`${cartId}: ${answer.body.errors ? answer.text : codes.join(",")}`);
  }
  return locked;
}

interface KillPlan {
  /** After this many checkout requests were sent, kill these processes, and start them again `downMs` later. */
  at: number;
  kill: ("inventory" | "order")[];
  downMs: number;
}

async function runChaos(round: string, customers: typeof CUSTOMERS, plan: KillPlan[]) {
  const started = Date.now();
  const before = await stockOf();
  const earlierOrders = new Set((await jsonValues<Order>("{order}:order:*")).map((order) => order.id));
  const shoppers = await Promise.all(
    customers.map(async (c, n) => {
      const headers = {
        authorization: `Bearer ${await signPersonToken(w.auth.jwtSecret!, { sub: c.id, role: "customer" })}`,
        "x-channel": "WEB",
      };
      return { headers, cartId: await prepareCart(headers, n), key: `${round}-${c.id}` };
    }),
  );

  let sent = 0;
  // One step at a time: a process is never killed while it is still starting from the step before.
  let kills: Promise<void> = Promise.resolve();
  const pending = [...plan].sort((a, b) => a.at - b.at);
  const onSend = () => {
    sent++;
    while (pending.length > 0 && sent >= pending[0].at) {
      const step = pending.shift()!;
      const processes = step.kill.map((name) => w[name]);
      kills = kills.then(async () => {
        await Promise.all(processes.map((p) => p.kill()));
        await sleep(step.downMs);
        await Promise.all(processes.map((p) => p.start()));
      });
    }
  };
  // Shoppers arrive over a second or two, so the kills land among checkouts at every step.
  const outcomes = await Promise.all(
    shoppers.map(async (shopper, n) => {
      await sleep((n * 1_500) / SHOPPERS);
      return checkOut(shopper.headers, shopper.cartId, shopper.key, onSend);
    }),
  );
  await kills;
  expect(pending, "every planned kill happened").toEqual([]);
  const answeredAt = Date.now();

  // Every shopper knows where they stand, and what they were told is what happened.
  const ordered = outcomes.filter((o): o is Extract<Outcome, { kind: "ordered" }> => o.kind === "ordered");
  const gaveUp = outcomes.filter((o) => o.kind === "gave-up");
  expect(gaveUp, "shoppers left without a final answer").toEqual([]);
  expect(ordered.length, "some checkouts succeed").toBeGreaterThan(0);
  expect(new Set(ordered.map((o) => o.orderId)).size).toBe(ordered.length);

  // The recovery window: then everything must balance (polled, since the workers run on their own clock).
  let problems: string[];
  const deadline = Date.now() + RECOVERY_AFTER_MS + 20 * RECOVERY_INTERVAL_MS + 15_000;
  do {
    await sleep(RECOVERY_INTERVAL_MS);
    problems = await unbalanced(before, earlierOrders);
  } while (problems.length > 0 && Date.now() < deadline);
  const balancedAt = Date.now();
  expect(problems, "the books after the recovery window").toEqual([]);

  const orders = (await jsonValues<Order>("{order}:order:*")).filter((order) => !earlierOrders.has(order.id));
  expect(new Set(orders.map((o) => o.id))).toEqual(new Set(ordered.map((o) => o.orderId)));
  expect(await lockedCarts(shoppers), "carts a shopper cannot edit nor see checked out").toEqual([]);
  const refusals = outcomes.flatMap((o) => (o.kind === "refused" ? [o.codes.join("+")] : []));
  console.info(
    `chaos ${round}: ${ordered.length} orders, ${refusals.length} refused (${[...new Set(refusals)].join(", ")}), ${sent} checkout requests; ` +
      `answered in ${answeredAt - started} ms, balanced ${balancedAt - answeredAt} ms later`,
  );
}

describe("checkout under kill -9 of the order and inventory processes", () => {
  it("inventory killed early in the load, order killed later: the books balance after the recovery window", async () => {
    await runChaos("inventory-then-order", CUSTOMERS.slice(0, SHOPPERS), [
      { at: 8, kill: ["inventory"], downMs: 300 },
      { at: 22, kill: ["order"], downMs: 300 },
    ]);
  }, 120_000);

  it("both killed at once mid-load, then order again: the books balance after the recovery window", async () => {
    await runChaos("both-then-order", CUSTOMERS.slice(SHOPPERS, 2 * SHOPPERS), [
      { at: 12, kill: ["inventory", "order"], downMs: 500 },
      { at: 30, kill: ["order"], downMs: 200 },
    ]);
  }, 120_000);
});

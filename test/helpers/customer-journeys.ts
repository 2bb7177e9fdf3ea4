import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import { demoWorld } from "../../lib/demo/world.js";
import { createRedis, type RedisClient } from "../../lib/redis.js";
import { createServiceClient, type ServiceClient } from "../../lib/service-client.js";
import { customerSeed } from "../../subgraphs/customer/seed.js";
import type { CustomerStore } from "../../subgraphs/customer/store/index.js";
import { MemoryCustomerStore } from "../../subgraphs/customer/store/memory.js";
import { createRedisCustomerStore } from "../../subgraphs/customer/store/redis.js";
import { countingStore, DEFAULT_BACKEND, startGraph, type TestGraph } from "./graph.js";

/**
 * What the customer journeys share (test/journeys/customer-*.test.ts): the seeded customers each story uses, no two
 * stories the same one, the operations as the clients send them, and one graph per file whose customer store counts
 * its calls, on whichever backend the suite runs.
 */

export const world = demoWorld();
let redis: RedisClient | null = null;
export let counted: ReturnType<typeof countingStore<CustomerStore>>;
export let graph: TestGraph;

/** Starts the file's graph before its tests, with our own customer store, counted, and closes it after. */
export function useCustomerJourneyGraph(): void {
  beforeAll(async () => {
    // Our own customer store, counted, on whichever backend the suite runs.
    if (DEFAULT_BACKEND === "redis") redis = createRedis({ url: inject("redisUrl"), keyPrefix: `test:${randomUUID()}:` });
    counted = countingStore<CustomerStore>(
      redis ? await createRedisCustomerStore(redis, { seed: customerSeed() }) : new MemoryCustomerStore(customerSeed()),
    );
    graph = await startGraph({
      customer: {
        store: counted.store,
        // The inventory subgraph's port is known only once the graph runs: the client is made on first use.
        inventory: (): ServiceClient =>
          createServiceClient({ caller: "customer", url: graph.subgraphs.inventory.url, serviceSecret: graph.auth.serviceSecret }),
      },
    });
  });
  afterAll(async () => {
    await graph?.close();
    await redis?.quit();
    redis = null;
  });
}

const used = new Set<string>();
/** A seeded customer no other story uses. */
function customerWhere(test: (c: (typeof world.customers)[number]) => boolean) {
  const found = world.customers.find((c) => !used.has(c.id) && test(c))!;
  used.add(found.id);
  return found;
}
const channelsOf = (customerId: string) => new Set(world.orders.filter((o) => o.customerId === customerId).map((o) => o.channel));
const hasCart = (customerId: string) => world.carts.some((c) => c.customerId === customerId);

export const shopper = customerWhere((c) => channelsOf(c.id).size >= 3);
export const caller = customerWhere(
  (c) => c.phone !== null && world.orders.some((o) => o.customerId === c.id && o.channel === SalesChannel.WEB),
);
export const bystander = customerWhere(() => true);
export const mover = customerWhere(() => true);
export const signsIn = customerWhere((c) => !hasCart(c.id));
export const till = "store-01";
export const seller = world.associates.find((a) => a.homeStoreId === till)!;
export const agent = world.associates.find((a) => a.role === "CALL_CENTER_AGENT")!;
export const storeName = (id: string) => world.locations.find((l) => l.id === id)!.name;
export const dc = world.locations.find((l) => l.type === "DISTRIBUTION_CENTER")!;

export const RECORD = `mutation($input: RecordInteractionInput!) {
  recordInteraction(input: $input) { interaction { id type channel sku summary location { id } associate { id } } userErrors { code field } }
}`;
export const REGISTER = `mutation($input: RegisterCustomerInput!) {
  registerCustomer(input: $input) { customer { id firstName lastName email phone loyalty { number tier points } createdAt } userErrors { code field } }
}`;
export const UPDATE = `mutation($input: UpdateProfileInput!, $customerId: ID) {
  updateProfile(input: $input, customerId: $customerId) { customer { id firstName email phone } userErrors { code field } }
}`;
export const PREFERRED = `mutation($locationId: ID!, $customerId: ID) {
  setPreferredStore(locationId: $locationId, customerId: $customerId) { customer { id preferredStore { id name } } userErrors { code field } }
}`;
export const CASE = `id subject status openedVia orderId description resolvedAt notes { body channel internal author { id name } }`;
export const OPEN_CASE = `mutation($input: OpenServiceCaseInput!) { openServiceCase(input: $input) { serviceCase { ${CASE} } userErrors { code field } } }`;
export const NOTE = `mutation($caseId: ID!, $body: String!, $internal: Boolean) {
  addServiceNote(caseId: $caseId, body: $body, internal: $internal) { serviceCase { ${CASE} } userErrors { code field } }
}`;
export const RESOLVE = `mutation($caseId: ID!) { resolveServiceCase(caseId: $caseId) { serviceCase { ${CASE} } userErrors { code } } }`;
export const FIND = `query($email: String, $phone: String) { findCustomers(email: $email, phone: $phone) { id email phone } }`;

/** The clienteling query exactly as the README shows it, so the example cannot rot. */
export async function clientelingQuery(): Promise<string> {
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  const block = readme.match(/### Clienteling[\s\S]*?```graphql\n([\s\S]*?)```/);
  expect(block, "README has a Clienteling example").not.toBeNull();
  return block![1];
}

export const customerOf = async (id: string) => ({ ...(await graph.as("customer", id)) });
export const staff = async (channel: SalesChannel, role: "associate" | "agent" = "agent") =>
  role === "agent"
    ? { ...(await graph.as("agent", agent.id)), "x-channel": channel }
    : { ...(await graph.as("associate", seller.id, till)), "x-channel": channel };

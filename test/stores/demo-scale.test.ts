import { createHash, randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { seedRedis } from "../../lib/demo/seed-redis.js";
import { demoWorld, MAX_SCALE, type DemoWorld } from "../../lib/demo/world.js";
import { createRedis } from "../../lib/redis.js";
import { catalogSeed } from "../../subgraphs/catalog/seed.js";
import { createRedisCatalogStore } from "../../subgraphs/catalog/store/redis.js";
import { customerSeed } from "../../subgraphs/customer/seed.js";
import { createRedisCustomerStore } from "../../subgraphs/customer/store/redis.js";
import { inventorySeed } from "../../subgraphs/inventory/seed.js";
import { createRedisInventoryStore } from "../../subgraphs/inventory/store/redis.js";
import { createRedisOrderStore } from "../../subgraphs/order/store/redis.js";

const PARTS = Object.keys(demoWorld()) as (keyof DemoWorld)[];

/** Every id-like value of the world, by what it identifies: each list must hold no value twice. */
function identities(world: DemoWorld): Record<string, string[]> {
  return {
    "product id": world.products.map((p) => p.id),
    "product handle": world.products.map((p) => p.handle),
    sku: world.variants.map((v) => v.sku),
    barcode: world.variants.map((v) => v.barcode),
    "stock row": world.stock.map((s) => `${s.locationId} ${s.sku}`),
    "customer id": world.customers.map((c) => c.id),
    email: world.customers.map((c) => c.email),
    "loyalty number": world.customers.map((c) => c.loyaltyNumber),
    "order id": world.orders.map((o) => o.id),
    "order number": world.orders.map((o) => o.number),
    "order line": world.orders.flatMap((o) => o.lines.map((l) => l.id)),
    "cart id": world.carts.map((c) => c.id),
    interaction: world.interactions.map((i) => i.id),
    "service case": world.serviceCases.map((c) => c.id),
  };
}

function repeated(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => seen.has(value) || !seen.add(value));
}

describe("the demo world for a scale benchmark", () => {
  it("at scale 1 is the demo world exactly as it was before it could scale", () => {
    const json = JSON.stringify(demoWorld({ scale: 1 }));
    expect(json).toBe(JSON.stringify(demoWorld()));
    // The world as it was when the scale factor came in. If the demo data is changed on purpose, update this.
    expect(createHash("sha256").update(json).digest("hex")).toBe("02357baa7b5973609c13336c07972e7840e9968b4780dfef7fbf16e352dec7ce");
  });

  it("at scale 2 holds twice the products, customers and orders, and begins with the whole scale-1 world", () => {
    const one = demoWorld();
    const two = demoWorld({ scale: 2 });
    expect(two.products).toHaveLength(2 * one.products.length);
    expect(two.customers).toHaveLength(2 * one.customers.length);
    expect(two.orders).toHaveLength(2 * one.orders.length);
    expect(two.variants.length / one.variants.length).toBeCloseTo(2, 0);
    expect(two.stock.length / one.stock.length).toBeCloseTo(2, 0);
    // Stores and staff stay as they are.
    expect(two.locations).toEqual(one.locations);
    expect(two.associates).toEqual(one.associates);
    // Same ids, same data: a benchmark query for "cust-001" or a scale-1 product answers the same at every scale.
    for (const part of PARTS) expect(two[part].slice(0, one[part].length), part).toEqual(one[part]);
  });

  it("gives every entity of a larger world its own id, and the extra orders to the extra customers", () => {
    const one = demoWorld();
    const three = demoWorld({ scale: 3 });
    for (const [what, values] of Object.entries(identities(three))) expect(repeated(values), what).toEqual([]);
    const scaleOneCustomers = new Set(one.customers.map((c) => c.id));
    const extraOrders = three.orders.slice(one.orders.length);
    expect(extraOrders.filter((o) => o.customerId !== null && scaleOneCustomers.has(o.customerId))).toEqual([]);
    const skus = new Set(three.variants.map((v) => v.sku));
    expect(extraOrders.flatMap((o) => o.lines).filter((line) => !skus.has(line.sku))).toEqual([]);
  });

  it("refuses a scale that is not a whole number from 1 to the maximum", () => {
    for (const scale of [0, -1, 1.5, Number.NaN, MAX_SCALE + 1]) expect(() => demoWorld({ scale }), String(scale)).toThrow(RangeError);
  });
});

describe("seeding Redis at twice the demo world, as the scale benchmark does", () => {
  const redis = createRedis({ url: inject("redisUrl"), keyPrefix: `test:${randomUUID()}:` });
  afterAll(() => redis.quit());

  it("serves twice the products and customers, the scale-1 ones unchanged, and never seeds twice", async () => {
    const seeding = await seedRedis(redis, { scale: 2 });
    expect(seeding.subgraphs.map((s) => [s.subgraph, s.seeded])).toEqual([
      ["catalog", true],
      ["inventory", true],
      ["customer", true],
      ["order", true],
    ]);
    const world = demoWorld({ scale: 2 });
    const one = demoWorld();
    expect(seeding.counts).toEqual({
      products: 440,
      variants: world.variants.length,
      stockRows: world.stock.length,
      customers: 120,
      orders: 640,
    });

    const catalog = await createRedisCatalogStore(redis);
    expect((await catalog.listProducts(null, 0, 1)).totalCount).toBe(440);
    const products = await catalog.productsById(world.products.map((p) => p.id));
    expect(products.filter((p) => p === null)).toEqual([]);
    const [tee] = await catalog.productsByHandle(["harbor-and-pine-cozy-tee"]);
    expect(tee).toEqual(catalogSeed().products.find((p) => p.handle === "harbor-and-pine-cozy-tee"));

    const customers = await createRedisCustomerStore(redis);
    const stored = await customers.customersById(world.customers.map((c) => c.id));
    expect(stored.filter((c) => c === null)).toEqual([]);
    expect(new Set(stored.map((c) => c!.id)).size).toBe(120);
    const [first] = await customers.customersById(["cust-001"]);
    expect(first).toEqual(customerSeed().customers[0]);

    const orders = await createRedisOrderStore(redis);
    const [ofFirst] = await orders.ordersByCustomer(["cust-001"]);
    expect(ofFirst.map((o) => o.id).sort()).toEqual(
      one.orders
        .filter((o) => o.customerId === "cust-001")
        .map((o) => o.id)
        .sort(),
    );

    const inventory = await createRedisInventoryStore(redis);
    const sku = one.variants[0].sku;
    const [rows] = await inventory.stockForSkus([sku]);
    expect(rows).toEqual(
      inventorySeed()
        .stock.filter((s) => s.sku === sku)
        .sort((a, b) => a.locationId.localeCompare(b.locationId)),
    );
    const [storeOne] = await inventory.locationsById(["store-01"]);
    expect(storeOne?.name).toBe("Omnigraph State Street");

    const again = await seedRedis(redis, { scale: 2 });
    expect(again.subgraphs.every((s) => !s.seeded)).toBe(true);
  });
});

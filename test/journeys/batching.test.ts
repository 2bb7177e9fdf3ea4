import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import { catalogSeed } from "../../subgraphs/catalog/seed.js";
import { MemoryCatalogStore } from "../../subgraphs/catalog/store/memory.js";
import { customerSeed } from "../../subgraphs/customer/seed.js";
import { MemoryCustomerStore } from "../../subgraphs/customer/store/memory.js";
import { inventorySeed } from "../../subgraphs/inventory/seed.js";
import { MemoryInventoryStore } from "../../subgraphs/inventory/store/memory.js";
import { orderSeed } from "../../subgraphs/order/seed.js";
import { MemoryOrderStore } from "../../subgraphs/order/store/memory.js";
import { countingStore, postGraphQL, startGraph, type TestGraph } from "../helpers/graph.js";

// Every store is wrapped so each call is counted: the graph must read in batches, one store call per entity type per
// step of the query plan, however many objects the answer holds.
const catalog = countingStore(new MemoryCatalogStore(catalogSeed()));
const inventory = countingStore(new MemoryInventoryStore(inventorySeed()));
const customer = countingStore(new MemoryCustomerStore(customerSeed()));
const order = countingStore(new MemoryOrderStore(orderSeed()));
const all = [catalog, inventory, customer, order];

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph({
    catalog: { store: catalog.store },
    inventory: { store: inventory.store },
    customer: { store: customer.store },
    order: { store: order.store },
  });
});
afterAll(() => graph?.close());
beforeEach(() => all.forEach((c) => c.reset()));

/** The customer with the most orders, so that a batch has many keys. */
function busiestCustomer() {
  const world = demoWorld();
  const counts = new Map<string, number>();
  for (const o of world.orders) if (o.customerId) counts.set(o.customerId, (counts.get(o.customerId) ?? 0) + 1);
  const [id, orderCount] = [...counts].sort((a, b) => b[1] - a[1])[0];
  const skus = new Set(world.orders.filter((o) => o.customerId === id).flatMap((o) => o.lines.map((l) => l.sku)));
  return { id, orderCount, skuCount: skus.size };
}

describe("the graph reads in batches, never one object at a time", () => {
  it("customer → orders → lines → variant → product and stock: one store call per entity type", async () => {
    const { id, orderCount, skuCount } = busiestCustomer();
    expect(orderCount).toBeGreaterThan(5);
    const answer = await graph.query(
      `query($id: ID!) { customer(id: $id) { firstName orders(first: 50) { nodes { number lines { variant { title product { title category { name } } stockAt(locationId: "store-02") { availableToPromise location { name } } } } } } } }`,
      { id },
      await graph.as("associate", "assoc-001", "store-01"),
    );
    expect(answer.body.errors).toBeUndefined();
    const lines = answer.body.data.customer.orders.nodes.flatMap((o: { lines: unknown[] }) => o.lines);
    expect(lines.length).toBeGreaterThan(orderCount);

    expect(customer.calls.get("customersById")).toEqual([1]);
    expect(order.calls.get("ordersByCustomer")).toEqual([1]);
    // All the SKUs of all the orders in one read, their products in one, their categories in one.
    expect(catalog.calls.get("variantsBySku")).toEqual([skuCount]);
    expect(catalog.calls.get("productsById")).toHaveLength(1);
    expect(catalog.calls.get("categoriesById")).toHaveLength(1);
    expect(inventory.calls.get("stockLevels")).toEqual([skuCount]);
    expect(inventory.calls.get("locationsById")).toEqual([1]);
  });

  it("a product list with every variant's stock and nearest stores: one read per kind, not per product", async () => {
    const answer = await graph.query(`{
      products(first: 20) { nodes { title category { name } variants { sku price { amount }
        stockAt(locationId: "store-01") { onHand }
        storeAvailability(near: { lat: 41.8837, lng: -87.6278 }, first: 3) { location { name } distanceKm }
        onlineAvailability { availableToPromise } } } }
    }`);
    expect(answer.body.errors).toBeUndefined();
    const variants = answer.body.data.products.nodes.flatMap((p: { variants: unknown[] }) => p.variants);
    expect(variants.length).toBeGreaterThan(40);
    expect(catalog.calls.get("listProducts")).toEqual([1]);
    expect(catalog.calls.get("variantsBySku")).toEqual([variants.length]);
    expect(catalog.calls.get("categoriesById")).toHaveLength(1);
    expect(inventory.calls.get("stockLevels")).toEqual([variants.length]);
    expect(inventory.calls.get("stockForSkus")).toEqual([variants.length]);
    // Two steps: the location asked for by id, then the locations the stock records name.
    expect(inventory.calls.get("locationsById")).toHaveLength(2);
  });

  it("a search page with prices and a typeahead answer read no variants from the store: the index hands them over", async () => {
    const answer = await graph.query(`{
      searchProducts(query: "jacket", first: 10) { nodes { title priceRange { min { amount } max { amount } } variants { sku price { amount } } } }
      searchSuggestions(prefix: "tee") { products { title priceRange { min { amount } } } }
    }`);
    expect(answer.body.errors).toBeUndefined();
    const nodes = answer.body.data.searchProducts.nodes;
    expect(nodes.length).toBeGreaterThan(1);
    expect(answer.body.data.searchSuggestions.products.length).toBeGreaterThan(0);
    for (const node of nodes) expect(node.variants.map((v: { price: unknown }) => v.price)).toContainEqual(node.priceRange.min);
    expect(catalog.calls.get("searchProducts")).toEqual([1]);
    expect(catalog.calls.get("variantsBySku")).toBeUndefined();
  });

  it("the fulfilment queues of several stores in one answer are one store read", async () => {
    const storeIds = [...new Set(demoWorld().locations.map((l) => l.id))].slice(0, 4);
    const answer = await postGraphQL(
      graph.subgraphs.order.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Location { id fulfillmentQueue { totalCount } } } }`,
      { r: storeIds.map((id) => ({ __typename: "Location", id })) },
      graph.identity({ kind: "service", id: "order" }),
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data._entities).toHaveLength(storeIds.length);
    expect(order.calls.get("fulfillmentQueue")).toEqual([storeIds.length]);
  });

  it("entity references in one _entities request are resolved in one store call per type", async () => {
    const skus = demoWorld()
      .variants.slice(0, 30)
      .map((v) => v.sku);
    const answer = await postGraphQL(
      graph.subgraphs.catalog.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Variant { sku product { title } } ... on Product { id } } }`,
      { r: [...skus.map((sku) => ({ __typename: "Variant", sku })), { __typename: "Product", id: "prod-0100" }] },
      graph.identity({ kind: "anonymous" }),
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data._entities).toHaveLength(31);
    expect(catalog.calls.get("variantsBySku")).toEqual([30]);
    // Step one reads the product asked for by reference; step two all the variants' products at once.
    const products = new Set(
      demoWorld()
        .variants.slice(0, 30)
        .map((v) => v.productId),
    );
    expect(catalog.calls.get("productsById")).toEqual([1, products.size]);
  });
});

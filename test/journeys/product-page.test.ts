import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import { distanceKm } from "../../lib/geo.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

// A fixed clock: Tuesday 2026-11-03 at 10:00 in Chicago (16:00 UTC), when every store is open.
const NOW = new Date("2026-11-03T16:00:00.000Z");

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph({ inventory: { now: () => NOW } });
});
afterAll(() => graph?.close());

const LOOP = { lat: 41.8837, lng: -87.6278 };

const PRODUCT_PAGE = /* GraphQL */ `
  query ProductPage($handle: String, $near: GeoPointInput!, $radius: Float) {
    product(handle: $handle) {
      id
      title
      brand
      priceRange {
        min {
          amount
        }
        max {
          amount
        }
      }
      variants {
        sku
        storeAvailability(near: $near, radiusKm: $radius, first: 5) {
          location {
            id
            name
            type
            geo {
              lat
              lng
            }
            capabilities
          }
          distanceKm
          availableToPromise
          pickupReadyBy
        }
        onlineAvailability {
          availableToPromise
          earliestShipDate
        }
      }
    }
  }
`;

const atp = (s: { onHand: number; reserved: number; safetyStock: number }) => Math.max(0, s.onHand - s.reserved - s.safetyStock);

describe("a shopper on the mobile app opens a product page downtown", () => {
  it("sees, for each variant, the nearest stores that have it, nearest first, by real distance", async () => {
    const world = demoWorld();
    const product = world.products[7];
    const answer = await graph.query(PRODUCT_PAGE, { handle: product.handle, near: LOOP, radius: 20 });
    expect(answer.body.errors).toBeUndefined();
    const variants = answer.body.data.product.variants;
    expect(variants.map((v: { sku: string }) => v.sku)).toEqual(product.variantSkus);

    for (const variant of variants) {
      // The seed says which stores within 20 km can promise this SKU.
      const expected = world.stock
        .filter((s) => s.sku === variant.sku && atp(s) > 0)
        .map((s) => ({ stock: s, location: world.locations.find((l) => l.id === s.locationId)! }))
        .filter(({ location }) => location.type === "STORE" && distanceKm(LOOP, location.geo) <= 20)
        .sort((a, b) => distanceKm(LOOP, a.location.geo) - distanceKm(LOOP, b.location.geo))
        .slice(0, 5);
      const shown = variant.storeAvailability as {
        location: { id: string; geo: { lat: number; lng: number } };
        distanceKm: number;
        availableToPromise: number;
        pickupReadyBy: string;
      }[];
      expect(shown.map((s) => s.location.id)).toEqual(expected.map((e) => e.location.id));
      expect(shown.map((s) => s.availableToPromise)).toEqual(expected.map((e) => atp(e.stock)));
      for (const store of shown) {
        expect(store.distanceKm).toBeCloseTo(distanceKm(LOOP, store.location.geo), 1);
        // Open at 10:00, so ready within the store's lead time.
        const ready = Date.parse(store.pickupReadyBy) - NOW.getTime();
        expect(ready).toBeGreaterThan(0);
        expect(ready).toBeLessThanOrEqual(120 * 60_000);
      }
      const distances = shown.map((s) => s.distanceKm);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));

      // Ship-to-home draws on the distribution centers and the stores that ship from store.
      const network = world.stock
        .filter((s) => s.sku === variant.sku)
        .filter((s) => {
          const location = world.locations.find((l) => l.id === s.locationId)!;
          return location.type === "DISTRIBUTION_CENTER" || location.capabilities.includes("SHIP_FROM_STORE");
        })
        .reduce((sum, s) => sum + atp(s), 0);
      expect(variant.onlineAvailability.availableToPromise).toBe(network);
      if (network > 0) expect(variant.onlineAvailability.earliestShipDate).toBe("2026-11-03T20:00:00.000Z");
    }
  });

  it("finds stores with a capability near a point, and rejects nonsense coordinates", async () => {
    const answer = await graph.query(
      `{ locations(near: { lat: 41.8837, lng: -87.6278 }, radiusKm: 30, capability: CURBSIDE, first: 20) { totalCount nodes { id capabilities geo { lat lng } } } }`,
    );
    expect(answer.body.errors).toBeUndefined();
    const nodes = answer.body.data.locations.nodes as { id: string; capabilities: string[]; geo: { lat: number; lng: number } }[];
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.capabilities).toContain("CURBSIDE");
      expect(distanceKm(LOOP, node.geo)).toBeLessThanOrEqual(30);
    }
    const distances = nodes.map((n) => distanceKm(LOOP, n.geo));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));

    const bad = await graph.query(`{ variant(sku: "SKU-0001-01") { storeAvailability(near: { lat: 123, lng: 0 }) { distanceKm } } }`);
    expect(bad.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("lists every store and distribution center with hours and capabilities", async () => {
    const answer = await graph.query(
      `{ locations(first: 100) { totalCount nodes { id type openingHours { day opens closes } pickupLeadTimeMinutes address { city postalCode country } } } }`,
    );
    const { totalCount, nodes } = answer.body.data.locations;
    expect(totalCount).toBe(14);
    expect(nodes.filter((n: { type: string }) => n.type === "STORE")).toHaveLength(12);
    expect(nodes.filter((n: { type: string }) => n.type === "DISTRIBUTION_CENTER")).toHaveLength(2);
    const store = nodes.find((n: { id: string }) => n.id === "store-01");
    expect(store.openingHours).toHaveLength(7);
    expect(store.address.country).toBe("US");
  });
});

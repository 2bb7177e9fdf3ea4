import { afterAll, beforeAll, expect } from "vitest";
import { demoWorld } from "../../lib/demo/world.js";
import { postGraphQL, startGraph, type TestGraph } from "./graph.js";

/** What the stock-write and reservation stories share: the demo world's stock, and the calls the order service makes. */

export const world = demoWorld();
const carried = new Set(world.stock.map((s) => `${s.locationId}|${s.sku}`));
export const seeded = (locationId: string, sku: string) => world.stock.find((s) => s.locationId === locationId && s.sku === sku) ?? null;
export const geoOf = (locationId: string) => world.locations.find((l) => l.id === locationId)!.geo;
export const associateOf = (storeId: string) => world.associates.find((a) => a.homeStoreId === storeId)!;
/** SKUs a location has never carried, so a story starts from a count it sets itself. */
export const notCarriedAt = (locationId: string) => world.variants.map((v) => v.sku).filter((sku) => !carried.has(`${locationId}|${sku}`));

export let graph: TestGraph;
export let service: Record<string, string>;
/** Starts the file's graph (inventory on `now` when given) and the order service's identity; closes it after. */
export function useInventoryGraph(now?: () => Date): void {
  beforeAll(async () => {
    graph = await startGraph(now ? { inventory: { now } } : {});
    service = graph.identity({ kind: "service", id: "order" });
  });
  afterAll(() => graph?.close());
}

const RESULT = `reservationId status expiresAt holds { lineKey locationId sku quantity } shortfalls { lineKey sku requested available alternatives }`;
export const RESERVE = `mutation($key: String!, $lines: [ReservationLineInput!]!, $ttl: Int, $ignore: Boolean) {
  reserveStock(key: $key, lines: $lines, ttlSeconds: $ttl, ignoreSafetyStock: $ignore) { ${RESULT} } }`;
export const ADJUST = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) {
  stockLevel { sku onHand reserved safetyStock availableToPromise updatedAt location { id } } userErrors { code field } } }`;
export const STOCK = `query($sku: ID!, $at: ID!) { variant(sku: $sku) { stockAt(locationId: $at) { onHand reserved safetyStock availableToPromise } } }`;

export interface Line {
  lineKey: string;
  sku: string;
  quantity: number;
  method: "SHIP_TO_HOME" | "PICKUP_IN_STORE" | "CURBSIDE";
  locationId?: string;
  shipTo?: { lat: number; lng: number };
}

export async function reserve(key: string, lines: Line[], options: { ttl?: number; ignore?: boolean } = {}) {
  const answer = await postGraphQL(
    graph.subgraphs.inventory.url,
    RESERVE,
    { key, lines, ttl: options.ttl, ignore: options.ignore },
    service,
  );
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.reserveStock;
}

export async function settle(action: "commitReservation" | "releaseReservation", reservationId: string) {
  const answer = await postGraphQL(
    graph.subgraphs.inventory.url,
    `mutation($id: ID!) { ${action}(reservationId: $id) { ${RESULT} } }`,
    { id: reservationId },
    service,
  );
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data[action];
}

export async function restock(key: string, locationId: string, lines: { sku: string; quantity: number }[]) {
  const answer = await postGraphQL(
    graph.subgraphs.inventory.url,
    `mutation($key: String!, $at: ID!, $lines: [RestockLineInput!]!) { restock(key: $key, locationId: $at, lines: $lines) }`,
    { key, at: locationId, lines },
    service,
  );
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.restock as boolean;
}

export async function stockAt(
  sku: string,
  locationId: string,
): Promise<{ onHand: number; reserved: number; safetyStock: number; availableToPromise: number }> {
  const answer = await graph.query(STOCK, { sku, at: locationId });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.variant.stockAt;
}

export async function receiveAsAssociate(storeId: string, sku: string, delta: number) {
  const associate = associateOf(storeId);
  const answer = await graph.query(
    ADJUST,
    { input: { locationId: storeId, sku, delta, reason: "RECEIPT" } },
    await graph.as("associate", associate.id, storeId),
  );
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data.adjustStock.userErrors).toEqual([]);
  return answer.body.data.adjustStock.stockLevel;
}

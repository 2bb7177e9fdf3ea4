import type { ServiceClient } from "../../../lib/service-client.js";
import type { FulfillmentMethodName } from "../store/index.js";

/** One line to source and hold: where it is to be fulfilled and how. */
export interface ReservationLine {
  /** The caller's id for the line (a cart line id), echoed in holds and shortfalls. */
  lineKey: string;
  sku: string;
  quantity: number;
  method: FulfillmentMethodName;
  /** The pickup store for PICKUP_IN_STORE / CURBSIDE. */
  locationId: string | null;
  /** Where a SHIP_TO_HOME line goes, when known. */
  shipTo: { lat: number; lng: number } | null;
}

export interface Reservation {
  reservationId: string | null;
  status: "HELD" | "COMMITTED" | "RELEASED" | "EXPIRED" | "REFUSED" | "RETURNED";
  holds: { lineKey: string; locationId: string; sku: string; quantity: number }[];
  shortfalls: { lineKey: string; sku: string; requested: number; available: number; alternatives: string[] }[];
  expiresAt: string | null;
}

/**
 * The inventory service's reservation API, as the order service uses it. Sourcing and holding happen together in
 * the inventory service, atomically and idempotently on `key`: all lines are held, or none.
 */
export interface InventoryReservations {
  reserve(
    key: string,
    lines: readonly ReservationLine[],
    options?: { ttlSeconds?: number; ignoreSafetyStock?: boolean },
  ): Promise<Reservation>;
  commit(reservationId: string): Promise<Reservation>;
  release(reservationId: string): Promise<Reservation>;
  /** A committed reservation's units back on hand where they were taken, and the reservation RETURNED; idempotent. */
  returnCommitted(reservationId: string): Promise<Reservation>;
  /** Puts units back at a location (returns, cancellations); idempotent on key. */
  restock(key: string, locationId: string, lines: readonly { sku: string; quantity: number }[]): Promise<void>;
}

const RESULT = `reservationId status expiresAt holds { lineKey locationId sku quantity } shortfalls { lineKey sku requested available alternatives }`;

export function inventoryReservations(client: ServiceClient): InventoryReservations {
  return {
    async reserve(key, lines, options = {}) {
      const data = await client.request<{ reserveStock: Reservation }>(
        `mutation($key: String!, $lines: [ReservationLineInput!]!, $ttl: Int, $ignore: Boolean) {
          reserveStock(key: $key, lines: $lines, ttlSeconds: $ttl, ignoreSafetyStock: $ignore) { ${RESULT} } }`,
        { key, lines, ttl: options.ttlSeconds ?? 900, ignore: options.ignoreSafetyStock ?? false },
      );
      return data.reserveStock;
    },
    async commit(reservationId) {
      const data = await client.request<{ commitReservation: Reservation }>(
        `mutation($id: ID!) { commitReservation(reservationId: $id) { ${RESULT} } }`,
        { id: reservationId },
      );
      return data.commitReservation;
    },
    async release(reservationId) {
      const data = await client.request<{ releaseReservation: Reservation }>(
        `mutation($id: ID!) { releaseReservation(reservationId: $id) { ${RESULT} } }`,
        { id: reservationId },
      );
      return data.releaseReservation;
    },
    async returnCommitted(reservationId) {
      const data = await client.request<{ returnReservation: Reservation }>(
        `mutation($id: ID!) { returnReservation(reservationId: $id) { ${RESULT} } }`,
        { id: reservationId },
      );
      return data.returnReservation;
    },
    async restock(key, locationId, lines) {
      await client.request(
        `mutation($key: String!, $locationId: ID!, $lines: [RestockLineInput!]!) { restock(key: $key, locationId: $locationId, lines: $lines) }`,
        {
          key,
          locationId,
          lines,
        },
      );
    },
  };
}

/** A location as the order service needs to know it: what it is and which services it offers. */
export interface LocationFacts {
  id: string;
  type: "STORE" | "DISTRIBUTION_CENTER";
  capabilities: string[];
  /** Where it is: a store's state is where its pickups and till sales are taxed. */
  address: { region: string | null; country: string };
}

/** The inventory service's locations, as the order service checks them (a return's drop-off store). */
export interface InventoryLocations {
  /** Null when the inventory service knows no location with that id. */
  location(id: string): Promise<LocationFacts | null>;
  /**
   * Many locations at once (one request per id not seen before, in parallel): a store does not move, so what was read
   * once is kept for the life of the process.
   */
  locationsById(ids: readonly string[]): Promise<(LocationFacts | null)[]>;
  /** Units of `sku` each location can promise now, in one request; 0 where it has none or is unknown. */
  availableToPromise(sku: string, locationIds: readonly string[]): Promise<number[]>;
}

export function inventoryLocations(client: ServiceClient): InventoryLocations {
  const known = new Map<string, Promise<LocationFacts | null>>();
  const location = async (id: string) => {
    const data = await client.request<{ location: LocationFacts | null }>(
      `query($id: ID!) { location(id: $id) { id type capabilities address { region country } } }`,
      { id },
    );
    return data.location;
  };
  return {
    location,
    async availableToPromise(sku, locationIds) {
      if (locationIds.length === 0) return [];
      const levels = locationIds.map((_, i) => `l${i}: stockAt(locationId: $l${i}) { availableToPromise }`).join(" ");
      const params = locationIds.map((_, i) => `, $l${i}: ID!`).join("");
      const data = await client.request<{ _entities: (Record<string, { availableToPromise: number } | null> | null)[] }>(
        `query($representations: [_Any!]!${params}) { _entities(representations: $representations) { ... on Variant { ${levels} } } }`,
        { representations: [{ __typename: "Variant", sku }], ...Object.fromEntries(locationIds.map((id, i) => [`l${i}`, id])) },
      );
      const variant = data._entities[0];
      return locationIds.map((_, i) => variant?.[`l${i}`]?.availableToPromise ?? 0);
    },
    locationsById(ids) {
      return Promise.all(
        ids.map((id) => {
          let found = known.get(id);
          if (!found) {
            found = location(id);
            known.set(id, found);
            // A failed read is not kept: the next request asks again.
            found.catch(() => known.delete(id));
          }
          return found;
        }),
      );
    },
  };
}

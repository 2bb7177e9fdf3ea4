/**
 * Every key of the subgraph carries the `{inventory}` hash tag, so any set of them lands in one cluster slot: a Lua
 * script or MGET over several is legal on a cluster, at the price of all inventory data living on one shard.
 */
const TAG = "{inventory}";

export const inventoryKeys = {
  /** Set once, with NX, by the first seeder: its presence means "never seed again". */
  seeded: `${TAG}:seeded`,
  /** Set of every location id. */
  locations: `${TAG}:locations`,
  /** LocationRecord JSON. */
  location: (id: string) => `${TAG}:location:${id}`,
  /** Hash per location: local date ("YYYY-MM-DD") → HoursExceptionRecord JSON, its dated exceptions to the weekly hours. */
  hoursExceptions: (locationId: string) => `${TAG}:hours-exceptions:${locationId}`,
  /** Hash per SKU: location id → StockRecord JSON. Its fields are the index of the locations that carry the SKU. */
  stock: (sku: string) => `${TAG}:stock:${sku}`,
  /** ReservationRecord JSON; settled ones expire after the retention period. */
  reservation: (id: string) => `${TAG}:reservation:${id}`,
  /** Idempotency key → reservation id. */
  reservationKey: (key: string) => `${TAG}:reservation-key:${key}`,
  /** Sorted set of HELD reservation ids, scored by expiry (epoch ms): what the sweep reads. */
  expiry: `${TAG}:reservations:expiry`,
  /** A used restock idempotency key. */
  restockKey: (key: string) => `${TAG}:restock-key:${key}`,
  /** A used adjustment idempotency key, scoped to its location (JSON [locationId, key], so no two pairs collide). */
  adjustmentKey: (locationId: string, key: string) => `${TAG}:adjustment-key:${JSON.stringify([locationId, key])}`,
  /** Stream of onHand changes (StockMovement), capped, for audit. */
  movements: `${TAG}:movements`,
  /** List of STOCK_CHANGED events (JSON) recorded by the write scripts, oldest first, until the relay publishes them. */
  outbox: `${TAG}:outbox`,
  /** Which relay works the outbox now (its token, with a TTL): one at a time across instances. */
  outboxLease: `${TAG}:outbox-lease`,
} as const;

import { shipsOnline } from "./availability.js";
import { byDistance } from "./distance.js";
import type { AvailabilityLookup, HoldRecord, LocationRecord, ReservationLine, ShortfallRecord, SourcingPlan } from "../store/index.js";

/** How many other stores a pickup shortfall suggests. */
export const MAX_ALTERNATIVES = 3;

type GeoLike = { lat: number; lng: number };

/**
 * What is left to hold while one plan is being made: the store's availability minus what earlier lines of the same
 * plan already took, so two lines of one SKU never count the same unit.
 */
class Remaining {
  private readonly taken = new Map<string, number>();
  constructor(private readonly available: AvailabilityLookup) {}

  at(locationId: string, sku: string): number {
    return Math.max(0, this.available(locationId, sku) - (this.taken.get(JSON.stringify([locationId, sku])) ?? 0));
  }

  take(locationId: string, sku: string, quantity: number): void {
    const key = JSON.stringify([locationId, sku]);
    this.taken.set(key, (this.taken.get(key) ?? 0) + quantity);
  }
}

/** Nearest to `point` first, ties (and everything when there is no point) by id, so plans are deterministic. */
function nearestFirst<T extends { id: string; geo: GeoLike }>(locations: readonly T[], point: GeoLike | null): T[] {
  return byDistance(locations, point).map(({ location }) => location);
}

const CAPABILITY_OF = { PICKUP_IN_STORE: "PICKUP", CURBSIDE: "CURBSIDE" } as const;

/** Stores offering `capability` that could take all of `quantity` now, nearest to `from` first. */
function alternatives(
  locations: readonly LocationRecord[],
  remaining: Remaining,
  sku: string,
  quantity: number,
  capability: "PICKUP" | "CURBSIDE",
  from: GeoLike | null,
  exclude: string | null,
): string[] {
  if (!from) return [];
  const fits = locations.filter(
    (l) => l.type === "STORE" && l.id !== exclude && l.capabilities.includes(capability) && remaining.at(l.id, sku) >= quantity,
  );
  return nearestFirst(fits, from)
    .slice(0, MAX_ALTERNATIVES)
    .map((l) => l.id);
}

/** The lines `location` can ship in full, in line order, each counted against what the earlier ones took. */
function coverable(location: LocationRecord, lines: readonly ReservationLine[], remaining: Remaining): ReservationLine[] {
  const used = new Map<string, number>();
  return lines.filter((line) => {
    const already = used.get(line.sku) ?? 0;
    if (remaining.at(location.id, line.sku) - already < line.quantity) return false;
    used.set(line.sku, already + line.quantity);
    return true;
  });
}

/**
 * Ship-to-home lines going to one destination, fewest shipments first: one location that covers every line
 * (nearest to the destination); otherwise, greedily, the location that covers the most remaining lines in full
 * (ties by distance, or by id without a destination); a line no single location can cover is split across
 * locations nearest first; a line the whole network cannot cover is a shortfall (and takes nothing).
 */
function sourceShipments(
  lines: readonly ReservationLine[],
  shippers: readonly LocationRecord[],
  stores: readonly LocationRecord[],
  remaining: Remaining,
  holds: HoldRecord[],
  shortfalls: ShortfallRecord[],
): void {
  const shipTo = lines[0].shipTo;
  const ordered = nearestFirst(shippers, shipTo);
  const hold = (line: ReservationLine, locationId: string, quantity: number) => {
    remaining.take(locationId, line.sku, quantity);
    holds.push({ lineKey: line.lineKey, locationId, sku: line.sku, quantity });
  };

  // The first pick is the nearest location that covers every line, when one does: one shipment.
  let pending = [...lines];
  while (pending.length > 0) {
    let best: { location: LocationRecord; lines: ReservationLine[] } | null = null;
    // `ordered` is nearest (or lowest id) first, so keeping the first maximum breaks ties as intended.
    for (const location of ordered) {
      const covered = coverable(location, pending, remaining);
      if (covered.length > (best?.lines.length ?? 0)) best = { location, lines: covered };
    }
    if (!best) break;
    for (const line of best.lines) hold(line, best.location.id, line.quantity);
    const done = new Set(best.lines);
    pending = pending.filter((line) => !done.has(line));
  }

  for (const line of pending) {
    const network = ordered.reduce((sum, location) => sum + remaining.at(location.id, line.sku), 0);
    if (network < line.quantity) {
      shortfalls.push({
        lineKey: line.lineKey,
        sku: line.sku,
        requested: line.quantity,
        available: network,
        // A shopper who cannot have it shipped may still pick it up near home.
        alternatives: alternatives(stores, remaining, line.sku, line.quantity, "PICKUP", shipTo, null),
      });
      continue;
    }
    let left = line.quantity;
    for (const location of ordered) {
      if (left === 0) break;
      const part = Math.min(left, remaining.at(location.id, line.sku));
      if (part > 0) {
        hold(line, location.id, part);
        left -= part;
      }
    }
  }
}

/**
 * Where each line is fulfilled from, given what is available now. Pure and synchronous: the store runs it inside
 * its atomic reserve step. Pickup and curbside lines come from their store (which must be a store offering that
 * service); ship-to-home lines from distribution centers and ship-from-store stores, per destination
 * (sourceShipments). Pickup lines are placed first because they cannot move; shipping takes what is left.
 */
export function planSourcing(
  lines: readonly ReservationLine[],
  locations: readonly LocationRecord[],
  available: AvailabilityLookup,
): SourcingPlan {
  const remaining = new Remaining(available);
  const byId = new Map(locations.map((location) => [location.id, location]));
  const stores = locations.filter((location) => location.type === "STORE");
  const holds: HoldRecord[] = [];
  const shortfalls: ShortfallRecord[] = [];

  for (const line of lines) {
    if (line.method === "SHIP_TO_HOME") continue;
    const capability = CAPABILITY_OF[line.method];
    const store = line.locationId ? byId.get(line.locationId) : undefined;
    const serves = store !== undefined && store.type === "STORE" && store.capabilities.includes(capability);
    const here = serves ? remaining.at(store.id, line.sku) : 0;
    if (serves && here >= line.quantity) {
      remaining.take(store.id, line.sku, line.quantity);
      holds.push({ lineKey: line.lineKey, locationId: store.id, sku: line.sku, quantity: line.quantity });
      continue;
    }
    shortfalls.push({
      lineKey: line.lineKey,
      sku: line.sku,
      requested: line.quantity,
      available: here,
      alternatives: alternatives(stores, remaining, line.sku, line.quantity, capability, store?.geo ?? null, store?.id ?? null),
    });
  }

  const shippers = locations.filter(shipsOnline);
  const destinations = new Map<string, ReservationLine[]>();
  for (const line of lines) {
    if (line.method !== "SHIP_TO_HOME") continue;
    const destination = JSON.stringify(line.shipTo);
    destinations.set(destination, [...(destinations.get(destination) ?? []), line]);
  }
  for (const group of destinations.values()) sourceShipments(group, shippers, stores, remaining, holds, shortfalls);

  return { holds, shortfalls };
}

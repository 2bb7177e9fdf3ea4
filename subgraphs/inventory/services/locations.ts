import { BadUserInputError } from "../../../lib/errors.js";
import { byDistance } from "../rules/distance.js";
import { assertGeoPoint, assertRadius } from "../rules/validation.js";
import type { CapabilityName, InventoryStore, LocationRecord } from "../store/index.js";

export interface LocationSearch {
  /** Nearest to this point first; by id without one. */
  near: { lat: number; lng: number } | null;
  /** Only within this many kilometres of `near` (needs `near`). */
  radiusKm: number | null;
  /** Only locations offering this service. */
  capability: CapabilityName | null;
}

/** The network's stores and distribution centers, as the `locations` query finds them. */
export class LocationService {
  constructor(private readonly store: InventoryStore) {}

  /** Every location matching `search`, in answer order (BAD_USER_INPUT for a bad point or radius). */
  async search({ near, radiusKm, capability }: LocationSearch): Promise<LocationRecord[]> {
    if (near) assertGeoPoint(near, "near");
    if (radiusKm != null) {
      if (!near) throw new BadUserInputError(`"radiusKm" needs "near".`, ["radiusKm"]);
      assertRadius(radiusKm);
    }
    let found = await this.store.allLocations();
    if (capability) found = found.filter((location) => location.capabilities.includes(capability));
    if (!near) return found;
    return byDistance(found, near)
      .filter(({ km }) => radiusKm == null || km <= radiusKm)
      .map(({ location }) => location);
  }
}

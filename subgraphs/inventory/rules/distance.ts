import { distanceKm } from "../../../lib/geo.js";

type GeoLike = { lat: number; lng: number };

/**
 * Locations with their distance from `point`, nearest first, ties (and everything when there is no point: all at 0 km)
 * by id, so every list and plan built from it is deterministic.
 */
export function byDistance<T extends { id: string; geo: GeoLike }>(
  locations: readonly T[],
  point: GeoLike | null,
): { location: T; km: number }[] {
  return locations
    .map((location) => ({ location, km: point ? distanceKm(point, location.geo) : 0 }))
    .sort((a, b) => a.km - b.km || a.location.id.localeCompare(b.location.id));
}

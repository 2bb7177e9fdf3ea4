import { BadUserInputError } from "../../lib/errors.js";
import { isValidGeoPoint } from "../../lib/geo.js";
import type { Viewer } from "../../lib/viewer.js";

/** Wider than the whole demo network many times over; beyond it a "nearby" search means nothing. */
export const MAX_RADIUS_KM = 500;

export function assertGeoPoint(point: { lat: number; lng: number }, field: string): void {
  if (!isValidGeoPoint(point)) throw new BadUserInputError(`"${field}" needs lat in -90..90 and lng in -180..180.`, [field]);
}

export function assertRadius(radiusKm: number, field = "radiusKm"): void {
  if (!Number.isFinite(radiusKm) || radiusKm <= 0 || radiusKm > MAX_RADIUS_KM) {
    throw new BadUserInputError(`"${field}" must be above 0 and at most ${MAX_RADIUS_KM}.`, [field]);
  }
}

export function assertCount(value: number, min: number, max: number, field: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BadUserInputError(`"${field}" must be between ${min} and ${max}.`, [field]);
  }
}

/** The most units one adjustment, reservation line or restock line may move: beyond it, it is a typo. */
export const MAX_UNITS = 10_000;

/** Who made a change, for the stock movement journal. */
export function viewerName(viewer: Viewer): string {
  return "id" in viewer ? `${viewer.kind}:${viewer.id}` : viewer.kind;
}

import { BadUserInputError } from "../../../lib/errors.js";
import { isValidGeoPoint } from "../../../lib/geo.js";
import type { Viewer } from "../../../lib/viewer.js";

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

/** The longest idempotency key a caller may send, as for the other keys of the graph. */
export const MAX_KEY_LENGTH = 200;

/** An idempotency key is 1 to MAX_KEY_LENGTH characters; `name` is how the caller's input calls it, `path` where it is. */
export function assertKey(key: string, name: string, path: string[]): void {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new BadUserInputError(`"${name}" must be 1 to ${MAX_KEY_LENGTH} characters.`, path);
  }
}

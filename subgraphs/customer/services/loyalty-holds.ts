import { BadUserInputError } from "../../../lib/errors.js";
import type { PointsHoldResult, PointsHolds } from "../store/points-holds.js";

/** Longest key a hold or give-back may have: the order service's settlement keys fit well inside. */
const MAX_KEY = 200;
/** Most points one checkout may hold. */
const MAX_POINTS = 10_000_000;

function checkKey(key: string, field: string): void {
  if (key.length === 0 || key.length > MAX_KEY) throw new BadUserInputError(`"${field}" must be 1 to ${MAX_KEY} characters.`, [field]);
}

/**
 * Loyalty points a checkout spends, held under its settlement's key and given back by key (store/points-holds.ts):
 * the arguments the order service sends are checked here, the all-or-nothing step is the store's.
 */
export class LoyaltyHoldService {
  constructor(private readonly holds: PointsHolds) {}

  hold(key: string, customerId: string, points: number): Promise<PointsHoldResult> {
    checkKey(key, "key");
    if (!Number.isInteger(points) || points < 1 || points > MAX_POINTS)
      throw new BadUserInputError(`"points" must be 1 to ${MAX_POINTS}.`, ["points"]);
    return this.holds.holdPoints(key, customerId, points);
  }

  /** Gives back up to `points` (null: all still held) once per `giveBackKey`; answers the points given back. */
  giveBack(key: string, giveBackKey: string, points: number | null): Promise<number> {
    checkKey(key, "key");
    checkKey(giveBackKey, "giveBackKey");
    if (points !== null && (!Number.isInteger(points) || points < 0))
      throw new BadUserInputError(`"points" must be 0 or more.`, ["points"]);
    return this.holds.giveBackPoints(key, giveBackKey, points);
  }
}

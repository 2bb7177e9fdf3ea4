import type { RedisClient } from "../../../lib/redis.js";
import { customerKeys } from "./redis-keys.js";
import type { CustomerScripts } from "./scripts.js";

/**
 * Loyalty points spent at checkout, held like stock: a checkout's settlement holds them under its key (the balance
 * drops at once, so two checkouts cannot spend the same points), the hold stands with the order, and points go back
 * when the settlement unwinds, or when the order is cancelled or returned. Every call is idempotent: a hold on its
 * key, a give-back on its own key. A give-back that finds no hold leaves a tombstone, so a hold arriving after its
 * settlement was unwound (a call that timed out) holds nothing.
 */
export type PointsHoldResult =
  | { status: "HELD"; points: number }
  | { status: "INSUFFICIENT"; balance: number }
  | { status: "UNKNOWN_CUSTOMER" }
  /** The key's settlement was unwound before this hold arrived. */
  | { status: "RELEASED" };

export interface PointsHolds {
  holdPoints(key: string, customerId: string, points: number): Promise<PointsHoldResult>;
  /** Gives back `points` (null: all still held) of the hold under `key`, once per `giveBackKey`; answers the points given back. */
  giveBackPoints(key: string, giveBackKey: string, points: number | null): Promise<number>;
}

interface Hold {
  customerId: string | null;
  points: number;
  returned: number;
  giveBacks: Map<string, number>;
}

/** The memory store's holds; `balance` reads and writes a customer's points in the store's own synchronous step. */
export class MemoryPointsHolds implements PointsHolds {
  private readonly holds = new Map<string, Hold>();

  constructor(private readonly balance: { get(customerId: string): number | null; add(customerId: string, points: number): void }) {}

  async holdPoints(key: string, customerId: string, points: number): Promise<PointsHoldResult> {
    const held = this.holds.get(key);
    if (held) return held.customerId === null ? { status: "RELEASED" } : { status: "HELD", points: held.points };
    const balance = this.balance.get(customerId);
    if (balance === null) return { status: "UNKNOWN_CUSTOMER" };
    if (balance < points) return { status: "INSUFFICIENT", balance };
    this.balance.add(customerId, -points);
    this.holds.set(key, { customerId, points, returned: 0, giveBacks: new Map() });
    return { status: "HELD", points };
  }

  async giveBackPoints(key: string, giveBackKey: string, points: number | null): Promise<number> {
    const held = this.holds.get(key);
    if (!held) {
      this.holds.set(key, { customerId: null, points: 0, returned: 0, giveBacks: new Map([[giveBackKey, 0]]) });
      return 0;
    }
    const done = held.giveBacks.get(giveBackKey);
    if (done !== undefined) return done;
    const back = Math.max(0, Math.min(points ?? Infinity, held.points - held.returned));
    held.giveBacks.set(giveBackKey, back);
    held.returned += back;
    if (back > 0 && held.customerId) this.balance.add(held.customerId, back);
    return back;
  }
}

/** On Redis: one script per call (lua/hold-points.lua, lua/give-back-points.lua), so a hold's check and its decrement are one step. */
export class RedisPointsHolds implements PointsHolds {
  constructor(
    private readonly redis: RedisClient,
    private readonly scripts: Pick<CustomerScripts, "customerHoldPoints" | "customerGiveBackPoints">,
  ) {}

  async holdPoints(key: string, customerId: string, points: number): Promise<PointsHoldResult> {
    const [status, value] = (await this.scripts.customerHoldPoints(
      customerKeys.pointsHold(key),
      customerKeys.points(customerId),
      customerKeys.customer(customerId),
      customerId,
      points,
    )) as [string, number];
    if (status === "HELD") return { status, points: Number(value) };
    if (status === "INSUFFICIENT") return { status, balance: Number(value) };
    return { status: status as "UNKNOWN_CUSTOMER" | "RELEASED" };
  }

  async giveBackPoints(key: string, giveBackKey: string, points: number | null): Promise<number> {
    // The customer is named in the hold; the script needs their points key up front (same slot: one hash tag), and
    // checks the hold still names them (a hold made in between: read again).
    for (;;) {
      const customerId = (await this.redis.hget(customerKeys.pointsHold(key), "customerId")) ?? "";
      const back = Number(
        await this.scripts.customerGiveBackPoints(
          customerKeys.pointsHold(key),
          customerKeys.points(customerId || "-"),
          giveBackKey,
          points ?? "",
          customerId,
        ),
      );
      if (back >= 0) return back;
    }
  }
}

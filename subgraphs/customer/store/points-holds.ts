import type { RedisClient } from "../../../lib/redis.js";

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

/**
 * KEYS: the hold hash, the customer's points, the customer's record. ARGV: customer id, points.
 * The hold hash: customerId ('' for a tombstone), points, returned, and one `give:<key>` field per give-back.
 */
const HOLD = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  if redis.call('HGET', KEYS[1], 'customerId') == '' then return {'RELEASED', 0} end
  return {'HELD', tonumber(redis.call('HGET', KEYS[1], 'points'))}
end
if redis.call('EXISTS', KEYS[3]) == 0 then return {'UNKNOWN_CUSTOMER', 0} end
local balance = tonumber(redis.call('GET', KEYS[2]) or '0')
if balance < tonumber(ARGV[2]) then return {'INSUFFICIENT', balance} end
redis.call('DECRBY', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[1], 'customerId', ARGV[1], 'points', ARGV[2], 'returned', '0')
return {'HELD', tonumber(ARGV[2])}
`;

/**
 * KEYS: the hold hash, then the points key of its customer as read before (any key when there was no hold).
 * ARGV: give-back key, points ('' for all), the customer id read before ('' for none): -1 when the hold changed since.
 */
const GIVE_BACK = `
if (redis.call('HGET', KEYS[1], 'customerId') or '') ~= ARGV[3] then return -1 end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'customerId', '', 'points', '0', 'returned', '0', 'give:' .. ARGV[1], '0')
  return 0
end
local done = redis.call('HGET', KEYS[1], 'give:' .. ARGV[1])
if done then return tonumber(done) end
local left = tonumber(redis.call('HGET', KEYS[1], 'points')) - tonumber(redis.call('HGET', KEYS[1], 'returned'))
local back = left
if ARGV[2] ~= '' and tonumber(ARGV[2]) < back then back = tonumber(ARGV[2]) end
if back < 0 then back = 0 end
redis.call('HSET', KEYS[1], 'give:' .. ARGV[1], back)
redis.call('HINCRBY', KEYS[1], 'returned', back)
if back > 0 and redis.call('HGET', KEYS[1], 'customerId') ~= '' then redis.call('INCRBY', KEYS[2], back) end
return back
`;

interface PointsScripts {
  customerHoldPoints(...args: (string | number)[]): Promise<[string, number]>;
  customerGiveBackPoints(...args: (string | number)[]): Promise<number>;
}

/** On Redis: one script per call, so a hold's check and its decrement are one step. */
export class RedisPointsHolds implements PointsHolds {
  private readonly redis: RedisClient & PointsScripts;

  constructor(
    redis: RedisClient,
    private readonly keys: {
      hold: (key: string) => string;
      points: (customerId: string) => string;
      customer: (customerId: string) => string;
    },
  ) {
    redis.defineCommand("customerHoldPoints", { numberOfKeys: 3, lua: HOLD });
    redis.defineCommand("customerGiveBackPoints", { numberOfKeys: 2, lua: GIVE_BACK });
    this.redis = redis as RedisClient & PointsScripts;
  }

  async holdPoints(key: string, customerId: string, points: number): Promise<PointsHoldResult> {
    const [status, value] = await this.redis.customerHoldPoints(
      this.keys.hold(key),
      this.keys.points(customerId),
      this.keys.customer(customerId),
      customerId,
      points,
    );
    if (status === "HELD") return { status, points: Number(value) };
    if (status === "INSUFFICIENT") return { status, balance: Number(value) };
    return { status: status as "UNKNOWN_CUSTOMER" | "RELEASED" };
  }

  async giveBackPoints(key: string, giveBackKey: string, points: number | null): Promise<number> {
    // The customer is named in the hold; the script needs their points key up front (same slot: one hash tag), and
    // checks the hold still names them (a hold made in between: read again).
    for (;;) {
      const customerId = (await this.redis.hget(this.keys.hold(key), "customerId")) ?? "";
      const back = Number(
        await this.redis.customerGiveBackPoints(
          this.keys.hold(key),
          this.keys.points(customerId || "-"),
          giveBackKey,
          points ?? "",
          customerId,
        ),
      );
      if (back >= 0) return back;
    }
  }
}

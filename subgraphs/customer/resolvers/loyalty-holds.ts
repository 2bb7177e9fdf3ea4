import { Arg, Authorized, Directive, Field, ID, Int, Mutation, ObjectType, Resolver } from "type-graphql";
import { BadUserInputError } from "../../../lib/errors.js";
import type { CustomerStore } from "../store/index.js";

/** Longest key a hold or give-back may have: the order service's settlement keys fit well inside. */
const MAX_KEY = 200;
/** Most points one checkout may hold. */
const MAX_POINTS = 10_000_000;

@Directive("@inaccessible")
@ObjectType("LoyaltyPointsHold", { description: "Services only: what holding loyalty points for a checkout did." })
export class LoyaltyPointsHold {
  @Field(() => String, {
    description:
      "HELD, INSUFFICIENT (the balance is lower), UNKNOWN_CUSTOMER, or RELEASED (the checkout was unwound before the hold arrived).",
  })
  status!: string;

  @Field(() => Int, { description: "Points held (HELD) or the balance there is (INSUFFICIENT); 0 otherwise." })
  points!: number;
}

function checkKey(key: string, field: string): void {
  if (key.length === 0 || key.length > MAX_KEY) throw new BadUserInputError(`"${field}" must be 1 to ${MAX_KEY} characters.`, [field]);
}

/**
 * The loyalty points API the order service calls directly with its signed service identity, like inventory's
 * reservations: @inaccessible, so no client reaches it through the gateway.
 */
export function loyaltyHoldsResolver(store: CustomerStore) {
  @Resolver()
  class LoyaltyHoldsResolver {
    @Authorized("service")
    @Directive("@inaccessible")
    @Mutation(() => LoyaltyPointsHold, {
      description:
        "Services only: take `points` off the customer's balance for a checkout, held under `key` (idempotent on it), all or nothing.",
    })
    async holdLoyaltyPoints(
      @Arg("key", () => String, { description: "The checkout settlement's key." }) key: string,
      @Arg("customerId", () => ID, { description: "Whose points." }) customerId: string,
      @Arg("points", () => Int, { description: "Points to hold, at least 1." }) points: number,
    ): Promise<LoyaltyPointsHold> {
      checkKey(key, "key");
      if (!Number.isInteger(points) || points < 1 || points > MAX_POINTS)
        throw new BadUserInputError(`"points" must be 1 to ${MAX_POINTS}.`, ["points"]);
      const result = await store.pointsHolds.holdPoints(key, customerId, points);
      if (result.status === "HELD") return { status: result.status, points: result.points };
      if (result.status === "INSUFFICIENT") return { status: result.status, points: result.balance };
      return { status: result.status, points: 0 };
    }

    @Authorized("service")
    @Directive("@inaccessible")
    @Mutation(() => Int, {
      description:
        "Services only: give back points held under `key` — all still held (points null: the checkout unwound or the order was cancelled) or up to `points` (a return) — once per `giveBackKey`. Answers the points given back.",
    })
    async giveBackLoyaltyPoints(
      @Arg("key", () => String, { description: "The checkout settlement's key the points were held under." }) key: string,
      @Arg("giveBackKey", () => String, { description: "Idempotency key of this give-back." }) giveBackKey: string,
      @Arg("points", () => Int, { nullable: true, description: "At most this many; null for everything still held." })
      points: number | null,
    ): Promise<number> {
      checkKey(key, "key");
      checkKey(giveBackKey, "giveBackKey");
      if (points !== null && (!Number.isInteger(points) || points < 0))
        throw new BadUserInputError(`"points" must be 0 or more.`, ["points"]);
      return store.pointsHolds.giveBackPoints(key, giveBackKey, points);
    }
  }
  return LoyaltyHoldsResolver;
}

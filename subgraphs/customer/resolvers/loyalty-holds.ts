import { Arg, Authorized, Ctx, Directive, ID, Int, Mutation, Resolver } from "type-graphql";
import { servicesOf, type CustomerContext } from "../context.js";
import { LoyaltyPointsHold } from "../types/loyalty-holds.js";

/**
 * The loyalty points API the order service calls directly with its signed service identity, like inventory's
 * reservations: @inaccessible, so no client reaches it through the gateway (services/loyalty-holds.ts).
 */
@Resolver()
export class LoyaltyHoldsResolver {
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
    @Ctx() ctx: CustomerContext,
  ): Promise<LoyaltyPointsHold> {
    const result = await servicesOf(ctx).loyaltyHolds.hold(key, customerId, points);
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
  giveBackLoyaltyPoints(
    @Arg("key", () => String, { description: "The checkout settlement's key the points were held under." }) key: string,
    @Arg("giveBackKey", () => String, { description: "Idempotency key of this give-back." }) giveBackKey: string,
    @Arg("points", () => Int, { nullable: true, description: "At most this many; null for everything still held." })
    points: number | null,
    @Ctx() ctx: CustomerContext,
  ): Promise<number> {
    return servicesOf(ctx).loyaltyHolds.giveBack(key, giveBackKey, points);
  }
}

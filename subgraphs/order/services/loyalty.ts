import type { ServiceClient } from "../../../lib/service-client.js";

/** The customer service's loyalty points as a checkout spends them: held under the settlement's key, given back by key. */
export interface LoyaltyPoints {
  hold(
    key: string,
    customerId: string,
    points: number,
  ): Promise<{ status: "HELD" | "INSUFFICIENT" | "UNKNOWN_CUSTOMER" | "RELEASED"; points: number }>;
  /** Gives back all still held (points null) or up to `points`, once per `giveBackKey`; answers the points given back. */
  giveBack(key: string, giveBackKey: string, points: number | null): Promise<number>;
}

export function loyaltyPoints(client: ServiceClient): LoyaltyPoints {
  return {
    async hold(key, customerId, points) {
      const data = await client.request<{
        holdLoyaltyPoints: { status: "HELD" | "INSUFFICIENT" | "UNKNOWN_CUSTOMER" | "RELEASED"; points: number };
      }>(
        `mutation($key: String!, $customerId: ID!, $points: Int!) { holdLoyaltyPoints(key: $key, customerId: $customerId, points: $points) { status points } }`,
        { key, customerId, points },
      );
      return data.holdLoyaltyPoints;
    },
    async giveBack(key, giveBackKey, points) {
      const data = await client.request<{ giveBackLoyaltyPoints: number }>(
        `mutation($key: String!, $giveBackKey: String!, $points: Int) { giveBackLoyaltyPoints(key: $key, giveBackKey: $giveBackKey, points: $points) }`,
        { key, giveBackKey, points },
      );
      return data.giveBackLoyaltyPoints;
    },
  };
}

import { describe, expect, it } from "vitest";
import { moveLoyaltyPoints, NOTHING_EARNED, type OrderPoints } from "../../subgraphs/customer/rules/loyalty-ledger.js";
import { LOYALTY_SEQUENCE_BASE, loyaltyNumberOf, loyaltyTierOf, pointsFor } from "../../subgraphs/customer/rules/loyalty.js";

// Loyalty rules (subgraphs/customer/rules/loyalty.ts, loyalty-ledger.ts): tiers, numbers, points per dollar, and
// the per-order ledger that makes earning and giving back exact.

describe("tiers, numbers and points", () => {
  it("a balance earns the highest tier whose threshold it reaches", () => {
    expect([0, 999, 1000, 4999, 5000, 1_000_000].map(loyaltyTierOf)).toEqual(["BRONZE", "BRONZE", "SILVER", "SILVER", "GOLD", "GOLD"]);
  });

  it("new loyalty numbers are LOY and eight digits, above every seeded number", () => {
    expect(loyaltyNumberOf(1)).toBe(`LOY${LOYALTY_SEQUENCE_BASE + 1}`);
    expect(loyaltyNumberOf(1)).toMatch(/^LOY\d{8}$/);
  });

  it("one point per whole currency unit, never negative", () => {
    expect([0, 99, 100, 12_345, -500].map(pointsFor)).toEqual([0, 0, 1, 123, 0]);
  });
});

describe("the order's points ledger", () => {
  const orderId = "ord-1";
  const run = (balance: number, ...changes: Parameters<typeof moveLoyaltyPoints>[2][]) =>
    changes.reduce<{ balance: number; ledger: OrderPoints }>((state, change) => moveLoyaltyPoints(state.balance, state.ledger, change), {
      balance,
      ledger: NOTHING_EARNED,
    });

  it("an order earns once, however many events announce it", () => {
    const earned = run(10, { kind: "EARN", orderId, points: 50 }, { kind: "EARN", orderId, points: 50 });
    expect(earned).toEqual({ balance: 60, ledger: { earned: true, held: 50, cancelled: false } });
  });

  it("a cancellation gives back what the order still holds, after refunds took their share", () => {
    const after = run(0, { kind: "EARN", orderId, points: 50 }, { kind: "DEDUCT", orderId, points: 20 }, { kind: "REVOKE", orderId });
    expect(after).toEqual({ balance: 0, ledger: { earned: true, held: 0, cancelled: true } });
  });

  it("takes back never more than the balance, which never goes below 0", () => {
    expect(run(5, { kind: "DEDUCT", orderId, points: 20 }).balance).toBe(0);
    const spent = moveLoyaltyPoints(10, { earned: true, held: 50, cancelled: false }, { kind: "REVOKE", orderId });
    expect(spent.balance).toBe(0);
  });

  it("a cancellation seen before the placement leaves the placement nothing to earn", () => {
    expect(run(7, { kind: "REVOKE", orderId }, { kind: "EARN", orderId, points: 50 }).balance).toBe(7);
  });
});

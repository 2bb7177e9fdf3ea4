/**
 * The decisions both order stores share, so the memory and Redis stores cannot drift apart: written once here
 * (rules/*.ts, by concern) and called by both. The stores only keep, index and save records.
 */

export * from "./rules/carts.js";
export * from "./rules/settlement.js";
export * from "./rules/orders.js";
export * from "./rules/changes.js";

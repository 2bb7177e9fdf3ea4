/**
 * The order store's public face: every record type (records/*, by concern), the OrderStore interface and its
 * sub-interfaces (order-store.ts). The memory and Redis stores (memory.ts, redis.ts) implement OrderStore; the
 * resolvers and services import only from here.
 */

export * from "./records/orders.js";
export * from "./records/fulfilment.js";
export * from "./records/returns.js";
export * from "./records/return-requests.js";
export * from "./records/carts.js";
export * from "./records/settlement.js";
export * from "./records/gift-cards.js";
export * from "./order-store.js";

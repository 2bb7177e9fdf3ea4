import { BIG_QUERY, TINY_QUERY } from "./federation/queries.mjs";

/** Who sends an operation: every request carries a freshly signed, distinct JWT for this person. */
export interface Person {
  role: "customer" | "associate" | "agent";
  id: string;
  storeId?: string;
}

export interface Operation {
  name: string;
  query: string;
  operationName?: string;
  as: Person;
  /** Share of a mixed load; 1 when the scenario has one operation. */
  weight: number;
}

/** Which subgraphs a scenario runs against: ours (the demo world) or the public benchmark's four. */
export type GraphName = "omnigraph" | "public";

export interface Scenario {
  name: string;
  graph: GraphName;
  /** What the scenario stands for, printed in bench/README.md. */
  about: string;
  operations: Operation[];
}

const SHOPPER: Person = { role: "customer", id: "cust-001" };
/** A customer with ten orders over every channel: the deepest answer of the demo world. */
const LOYAL_SHOPPER: Person = { role: "customer", id: "cust-002" };

const TINY: Operation = { name: "tiny", query: `query Tiny { me { id } }`, operationName: "Tiny", as: SHOPPER, weight: 1 };

const PDP: Operation = {
  name: "pdp",
  operationName: "ProductPage",
  as: SHOPPER,
  weight: 1,
  query: /* GraphQL */ `
    query ProductPage {
      product(handle: "harbor-and-pine-cozy-tee") {
        id
        title
        brand
        description
        category {
          id
          name
        }
        priceRange {
          min {
            amount
            currencyCode
          }
          max {
            amount
            currencyCode
          }
        }
        variants {
          sku
          title
          price {
            amount
            currencyCode
          }
          compareAtPrice {
            amount
          }
          stockAt(locationId: "store-01") {
            onHand
            availableToPromise
          }
          storeAvailability(near: { lat: 41.8837, lng: -87.6278 }, radiusKm: 15, first: 3) {
            location {
              id
              name
            }
            distanceKm
            availableToPromise
            pickupReadyBy
          }
          onlineAvailability {
            availableToPromise
            earliestShipDate
          }
        }
      }
    }
  `,
};

const SEARCH: Operation = {
  name: "search",
  operationName: "Search",
  as: SHOPPER,
  weight: 1,
  query: /* GraphQL */ `
    query Search {
      searchProducts(query: "tee", first: 20) {
        totalCount
        facets {
          name
          values {
            value
            count
          }
        }
        nodes {
          id
          handle
          title
          brand
          priceRange {
            min {
              amount
              currencyCode
            }
            max {
              amount
              currencyCode
            }
          }
          variants {
            sku
            onlineAvailability {
              availableToPromise
            }
          }
        }
      }
    }
  `,
};

const DEEP: Operation = {
  name: "deep",
  operationName: "CustomerOrders",
  as: LOYAL_SHOPPER,
  weight: 1,
  // The public benchmark's shape on our graph: customer → orders → lines → variant → product → stock, four subgraphs.
  query: /* GraphQL */ `
    query CustomerOrders {
      me {
        id
        firstName
        lastName
        email
        loyalty {
          number
          tier
          points
        }
        orders(first: 50) {
          totalCount
          nodes {
            id
            number
            channel
            placedAt
            status
            total {
              amount
              currencyCode
            }
            lines {
              quantity
              unitPrice {
                amount
                currencyCode
              }
              variant {
                sku
                title
                price {
                  amount
                  currencyCode
                }
                product {
                  id
                  title
                  brand
                  category {
                    name
                  }
                  variants {
                    sku
                    title
                    price {
                      amount
                      currencyCode
                    }
                    stockAt(locationId: "store-01") {
                      onHand
                      availableToPromise
                    }
                    onlineAvailability {
                      availableToPromise
                      earliestShipDate
                    }
                    storeAvailability(near: { lat: 41.8837, lng: -87.6278 }, radiusKm: 25, first: 5) {
                      location {
                        id
                        name
                      }
                      distanceKm
                      availableToPromise
                    }
                  }
                }
                stockAt(locationId: "store-01") {
                  onHand
                  availableToPromise
                  location {
                    id
                    name
                  }
                }
              }
            }
            fulfillments {
              method
              status
              origin {
                id
                name
              }
              pickupLocation {
                id
                name
              }
            }
          }
        }
      }
    }
  `,
};

export const SCENARIOS: Scenario[] = [
  {
    name: "deep",
    graph: "omnigraph",
    about: "a signed-in customer's orders → lines → variant → product → stock, across all four subgraphs",
    operations: [DEEP],
  },
  {
    name: "pdp",
    graph: "omnigraph",
    about: "a product page: variants, prices, stock at a store, nearest stores with stock, online availability",
    operations: [PDP],
  },
  {
    name: "search",
    graph: "omnigraph",
    about: 'a search for "tee": 20 results with facet counts, price ranges and online availability',
    operations: [SEARCH],
  },
  { name: "tiny", graph: "omnigraph", about: "`{ me { id } }`: the gateway's per-request overhead", operations: [TINY] },
  {
    name: "mixed",
    graph: "omnigraph",
    about: "the clients' operations by weight: 40 % pdp, 30 % search, 20 % tiny, 10 % deep",
    operations: [
      { ...PDP, weight: 4 },
      { ...SEARCH, weight: 3 },
      { ...TINY, weight: 2 },
      { ...DEEP, weight: 1 },
    ],
  },
  {
    name: "public",
    graph: "public",
    about: "the public federation benchmark's four subgraphs and query (users → reviews → products → inventory)",
    operations: [{ name: "public", query: BIG_QUERY, operationName: "TestQuery", as: SHOPPER, weight: 1 }],
  },
  {
    name: "public-tiny",
    graph: "public",
    about: "the public benchmark's `{ me { id } }`",
    operations: [{ name: "public-tiny", query: TINY_QUERY, operationName: "Tiny", as: SHOPPER, weight: 1 }],
  },
];

/** The operations a mixed load sends, in a fixed interleaved order that honours the weights. */
export function weightedSequence(operations: Operation[]): Operation[] {
  const total = operations.reduce((sum, op) => sum + op.weight, 0);
  const sent = operations.map(() => 0);
  const sequence: Operation[] = [];
  for (let i = 0; i < total; i++) {
    // Smooth weighted round-robin: always the operation furthest behind its share.
    let best = 0;
    for (let j = 1; j < operations.length; j++) {
      if (sent[j] / operations[j].weight < sent[best] / operations[best].weight) best = j;
    }
    sent[best]++;
    sequence.push(operations[best]);
  }
  return sequence;
}

// A loyal customer's order history on our graph: the deepest answer of the demo world, across all four subgraphs.
import type { Operation, Person } from "./types.js";

/** A customer with ten orders over every channel: the deepest answer of the demo world. */
export const LOYAL_SHOPPER: Person = { role: "customer", id: "cust-002" };

export const DEEP: Operation = {
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

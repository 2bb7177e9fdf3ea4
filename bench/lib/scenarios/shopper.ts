// A shopper's operations on our graph: the product page, a search and the smallest query (the per-request overhead).
import type { Operation, Person } from "./types.js";

export const SHOPPER: Person = { role: "customer", id: "cust-001" };

export const TINY: Operation = { name: "tiny", query: `query Tiny { me { id } }`, operationName: "Tiny", as: SHOPPER, weight: 1 };

export const PDP: Operation = {
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

export const SEARCH: Operation = {
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

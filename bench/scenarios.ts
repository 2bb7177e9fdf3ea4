export interface Scenario {
  name: string;
  query: string;
  /** Who asks: a signed-in person, or an anonymous shopper when absent. */
  as?: { role: "customer" | "associate" | "agent"; id: string; storeId?: string };
}

export const SCENARIOS: Scenario[] = [
  {
    name: "tiny",
    query: `{ categories { id name } }`,
  },
  {
    name: "product page",
    query: /* GraphQL */ `
      {
        product(handle: "harbor-and-pine-cozy-tee") {
          id title brand
          priceRange { min { amount } max { amount } }
          variants {
            sku title
            price { amount currencyCode } compareAtPrice { amount }
            stockAt(locationId: "store-01") { onHand availableToPromise }
            storeAvailability(near: { lat: 41.8837, lng: -87.6278 }, radiusKm: 15, first: 3) {
              location { id name } distanceKm availableToPromise pickupReadyBy
            }
            onlineAvailability { availableToPromise earliestShipDate }
          }
        }
      }
    `,
  },
  {
    name: "customer 360",
    // Looking a customer up by id is for staff: an associate's tablet at the store, as in the README's story.
    as: { role: "associate", id: "assoc-001", storeId: "store-01" },
    query: /* GraphQL */ `
      {
        customer(id: "cust-001") {
          id firstName lastName email
          loyalty { number tier points }
          preferredStore { id name }
          orders(first: 20) {
            totalCount
            nodes {
              id number channel placedAt status total { amount currencyCode }
              lines {
                quantity unitPrice { amount }
                variant {
                  sku title
                  product { id title brand }
                  stockAt(locationId: "store-01") { availableToPromise location { name } }
                }
              }
              fulfillments { method status origin { name } pickupLocation { name } }
            }
          }
          timeline(first: 20) { totalCount nodes { type channel occurredAt summary location { name } } }
        }
      }
    `,
  },
  {
    name: "large",
    query: /* GraphQL */ `
      {
        products(first: 100) {
          totalCount
          nodes {
            id handle title brand category { name }
            variants {
              sku title barcode
              price { amount currencyCode }
              compareAtPrice { amount }
              stockAt(locationId: "store-01") { onHand reserved safetyStock availableToPromise }
            }
          }
        }
      }
    `,
  },
];

/**
 * The sandbox's example tabs by audience: what a partner does first on the partner contract, and what staff run on
 * the full graph. test/journeys/sandbox-examples.test.ts validates each against the schema its endpoint serves, so an example
 * never shows an error a schema change caused.
 */
export interface SandboxExample {
  /** The tab's title, as its first comment line. */
  title: string;
  query: string;
  /** The tab's variables, as JSON. */
  variables?: Record<string, unknown>;
  /** Headers the tab shows, to be filled in: how the audience signs in. */
  headers?: Record<string, string>;
}

const CHICAGO = { lat: 41.8837, lng: -87.6278 };

/** A partner's first queries, on /partner/graphql with their key in the API key field. */
export const PARTNER_EXAMPLES: SandboxExample[] = [
  {
    title: "Catalog paging: 5 products a page; pass pageInfo.endCursor as $after for the next",
    query: `query CatalogPage($first: Int = 5, $after: String) {
  products(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id handle title brand updatedAt
      priceRange { min { amount currencyCode } max { amount currencyCode } }
      variants { sku barcode title price { amount currencyCode } }
    }
  }
}`,
    variables: { first: 5 },
  },
  {
    title: "Product by handle, with your (PARTNER) prices",
    query: `query ProductByHandle($handle: String!) {
  product(handle: $handle) {
    title brand description
    category { name path { name } }
    options { name values }
    variants { sku title selectedOptions { name value } price { amount currencyCode } compareAtPrice { amount } }
  }
}`,
    variables: { handle: "harbor-and-pine-cozy-tee" },
  },
  {
    title: "Store locator: stores offering a service (PICKUP, CURBSIDE, SHIP_FROM_STORE, RETURNS)",
    query: `query StoresByCapability($capability: LocationCapability!) {
  locations(capability: $capability, first: 10) {
    totalCount
    nodes { id name address { line1 city postalCode } geo { lat lng } capabilities openingHours { day opens closes } }
  }
}`,
    variables: { capability: "CURBSIDE" },
  },
  {
    title: "Availability near a point: what each store can promise, nearest first",
    query: `query AvailabilityNear($sku: ID!, $near: GeoPointInput!) {
  variant(sku: $sku) {
    sku title
    storeAvailability(near: $near, radiusKm: 25, first: 5) { location { name } distanceKm availableToPromise pickupReadyBy }
    onlineAvailability { availableToPromise earliestShipDate }
  }
}`,
    variables: { sku: "SKU-0001-01", near: CHICAGO },
  },
  {
    title: "Catalog feed: what changed since your last sync, oldest change first",
    query: `query ProductFeed($updatedSince: DateTime!, $after: String) {
  products(updatedSince: $updatedSince, first: 20, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id handle title updatedAt variants { sku price { amount currencyCode } } }
  }
}`,
    variables: { updatedSince: "2020-01-01T00:00:00Z" },
  },
];

/** What staff run, on /graphql signed in with their token. */
export const STAFF_EXAMPLES: SandboxExample[] = [
  {
    title: "Clienteling: a customer's whole story (as an associate or agent: npm run token -- agent assoc-037)",
    query: `query Clienteling($id: ID!) {
  customer(id: $id) {
    id firstName lastName email phone
    loyalty { number tier points }
    preferredStore { name }
    activeCart { id lastActiveChannel estimatedTotal { amount currencyCode } lines { quantity variant { sku title } } }
    orders(first: 5) { totalCount nodes { number channel placedAt status total { amount } fulfillments { method status pickupLocation { name } } } }
    serviceCases(status: OPEN) { id subject openedVia openedAt notes { body createdAt author { name } } }
    timeline(first: 20) { nodes { type channel occurredAt summary location { name } associate { name } } }
  }
}`,
    variables: { id: "cust-001" },
    headers: { authorization: "Bearer <a staff token>" },
  },
];

/** The script's form of an example: GraphiQL's tab definition. */
export function tabOf(example: SandboxExample): { query: string; variables?: string; headers?: string } {
  return {
    query: `# ${example.title}\n${example.query}\n`,
    ...(example.variables ? { variables: JSON.stringify(example.variables, null, 2) } : {}),
    ...(example.headers ? { headers: JSON.stringify(example.headers, null, 2) } : {}),
  };
}

/** What the search bench sends: searches as shoppers type them and typeahead, catalog fields only. */
export interface SearchOperation {
  name: string;
  kind: "search" | "typeahead";
  query: string;
  variables: Record<string, unknown>;
}

const SEARCH = /* GraphQL */ `
  query Search($query: String, $filters: [FacetFilterInput!], $sort: ProductSort) {
    searchProducts(query: $query, filters: $filters, sort: $sort, first: 20) {
      totalCount
      didYouMean
      facets {
        name
        label
        values {
          value
          label
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
      }
    }
  }
`;

const SUGGEST = /* GraphQL */ `
  query Suggest($prefix: String!) {
    searchSuggestions(prefix: $prefix, first: 5) {
      products {
        id
        title
      }
      categories {
        id
        name
      }
      brands
    }
  }
`;

const search = (name: string, variables: Record<string, unknown>): SearchOperation => ({ name, kind: "search", query: SEARCH, variables });
const suggest = (prefix: string): SearchOperation => ({
  name: `suggest ${prefix}`,
  kind: "typeahead",
  query: SUGGEST,
  variables: { prefix },
});

export const SEARCH_OPERATIONS: SearchOperation[] = [
  search("tee", { query: "tee" }),
  search("jackets", { query: "jackets" }),
  search("jackt (typo)", { query: "jackt" }),
  search("rain coat (synonym)", { query: "rain coat" }),
  search("jakcet (nothing: didYouMean)", { query: "jakcet" }),
  search("everything, by price", { query: null, sort: "PRICE_ASC" }),
  search("outdoors under $50", {
    query: null,
    filters: [
      { name: "category", values: ["cat-outdoors"] },
      { name: "price", values: ["under-25", "25-50"] },
    ],
  }),
  suggest("j"),
  suggest("jac"),
  suggest("harb"),
];

import type { SalesChannel } from "../../../lib/channel.js";
import { parseAmount } from "../../../lib/money.js";
import type { ServiceClient } from "../../../lib/service-client.js";

/** A variant's price on one channel's price list, in cents. */
export interface VariantPrice {
  sku: string;
  price: number;
  currencyCode: string;
  /** The product's brand, and its category with every category above it: what promotions target. */
  brand: string | null;
  categoryIds: string[];
}

/** The order service's view of the catalog: prices are always read from it, never trusted from a client. */
export interface CatalogPrices {
  /** One entry per SKU, in order; null for a SKU the catalog does not know. One request for all of them. */
  prices(skus: readonly string[], channel: SalesChannel): Promise<(VariantPrice | null)[]>;
}

const PRICES = /* GraphQL */ `
  query Prices($representations: [_Any!]!, $channel: SalesChannel) {
    _entities(representations: $representations) {
      ... on Variant {
        sku
        price(channel: $channel) {
          amount
          currencyCode
        }
        product {
          brand
          category {
            path {
              id
            }
          }
        }
      }
    }
  }
`;

export function catalogPrices(client: ServiceClient): CatalogPrices {
  return {
    async prices(skus, channel) {
      if (skus.length === 0) return [];
      type Entity = {
        sku: string;
        price: { amount: string; currencyCode: string };
        product: { brand: string; category: { path: { id: string }[] } } | null;
      };
      const data = await client.request<{ _entities: (Entity | null)[] }>(PRICES, {
        representations: skus.map((sku) => ({ __typename: "Variant", sku })),
        channel,
      });
      return data._entities.map((entity) =>
        entity
          ? {
              sku: entity.sku,
              price: parseAmount(entity.price.amount),
              currencyCode: entity.price.currencyCode,
              brand: entity.product?.brand ?? null,
              categoryIds: entity.product?.category.path.map((c) => c.id) ?? [],
            }
          : null,
      );
    },
  };
}

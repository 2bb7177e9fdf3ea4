import type { ServiceClient } from "../../../lib/service-client.js";

/** Where an associate works, as the customer service's staff records say. */
export type HomeStore =
  /** On the staff records, at this store. */
  | { known: true; storeId: string | null }
  /** Not on the staff records. */
  | { known: false };

/** The customer service's staff records, as the order service checks sales credit against them. */
export interface StaffDirectory {
  /** One entry per associate id, in order: their home store (null for call-center agents), or unknown. One request for all. */
  homeStoresOf(associateIds: readonly string[]): Promise<HomeStore[]>;
}

const HOME_STORES = /* GraphQL */ `
  query HomeStores($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Associate { homeStore { id } } }
  }
`;

export function staffDirectory(client: ServiceClient): StaffDirectory {
  return {
    async homeStoresOf(associateIds) {
      if (associateIds.length === 0) return [];
      const data = await client.request<{ _entities: ({ homeStore: { id: string } | null } | null)[] }>(HOME_STORES, {
        representations: associateIds.map((id) => ({ __typename: "Associate", id })),
      });
      return associateIds.map((_, i) => {
        const entity = data._entities[i];
        return entity ? { known: true, storeId: entity.homeStore?.id ?? null } : { known: false };
      });
    },
  };
}

/** True when every associate named is on the staff records with `storeId` as their home store. */
export async function allWorkAt(staff: StaffDirectory, associateIds: readonly string[], storeId: string): Promise<boolean> {
  const homes = await staff.homeStoresOf(associateIds);
  return homes.every((home) => home.known && home.storeId === storeId);
}

import type { Logger } from "../../../lib/logger.js";
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
    _entities(representations: $representations) {
      ... on Associate {
        homeStore {
          id
        }
      }
    }
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

/** True when the staff records list the associate at `storeId` (at any store when null). */
export function worksAt(home: HomeStore, storeId: string | null): boolean {
  return home.known && (storeId === null || home.storeId === storeId);
}

/**
 * Whether the staff records list the signed-in associate at `storeId`; null, with a warning logged, when they cannot
 * be read right now. For the associate's own credit only: their identity and store are already signed by the identity
 * provider, so a till keeps selling while the records are out of reach, and only a record that says otherwise refuses.
 */
export async function signedInAssociateListedAt(
  staff: StaffDirectory,
  associateId: string,
  storeId: string | null,
  logger: Pick<Logger, "warn">,
): Promise<boolean | null> {
  try {
    const [home] = await staff.homeStoresOf([associateId]);
    return worksAt(home, storeId);
  } catch (error) {
    logger.warn("staff records unreachable: the signed-in associate is credited as signed", { associateId, storeId, error });
    return null;
  }
}

import { AdjustmentService } from "./adjustments.js";
import { AvailabilityService } from "./availability.js";
import type { InventoryServiceDeps } from "./deps.js";
import { StoreHoursService } from "./hours.js";
import { LocationService } from "./locations.js";
import { ReservationService } from "./reservations.js";

export type { FlushStockChanges, InventoryCaller, InventoryServiceDeps } from "./deps.js";

/** What the inventory resolvers call: one object per subgraph, carried by every request's context. */
export interface InventoryServices {
  locations: LocationService;
  availability: AvailabilityService;
  adjustments: AdjustmentService;
  reservations: ReservationService;
  hours: StoreHoursService;
}

export function createInventoryServices(deps: InventoryServiceDeps): InventoryServices {
  return {
    locations: new LocationService(deps.store),
    availability: new AvailabilityService(deps.now),
    adjustments: new AdjustmentService(deps),
    reservations: new ReservationService(deps),
    hours: new StoreHoursService(deps),
  };
}

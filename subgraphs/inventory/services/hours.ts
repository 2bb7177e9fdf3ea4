import { actsForStore, deny } from "../../../lib/auth/access.js";
import type { InventoryLoaders } from "../loaders.js";
import {
  checkExceptionDate,
  checkHoursException,
  isRefusal,
  upcoming,
  type HoursExceptionRequest,
  type HoursRefusal,
} from "../rules/hours-exceptions.js";
import { isOpenAt, nextOpening, pickupReadyBy } from "../rules/store-hours.js";
import type { HoursExceptionRecord, LocationRecord } from "../store/index.js";
import type { StoreHoursUserError } from "../types/hours.js";
import type { InventoryCaller, InventoryServiceDeps } from "./deps.js";

/** A store's dated hours after a change, or why nothing changed. */
export interface StoreHoursOutcome {
  location: LocationRecord | null;
  exception: HoursExceptionRecord | null;
  userErrors: StoreHoursUserError[];
}

/**
 * A location's hours as they apply on a given day (weekly hours with its dated exceptions, in the store's time zone),
 * and the store managers' changes to them. Reads go through the request's loaders: a page of stores reads every
 * store's exceptions in one store call.
 */
export class StoreHoursService {
  constructor(private readonly deps: InventoryServiceDeps) {}

  /** The location's exceptions from today on, by date. */
  async upcomingExceptions(loaders: InventoryLoaders, location: LocationRecord): Promise<HoursExceptionRecord[]> {
    return upcoming(await loaders.hoursExceptions.load(location.id), this.deps.now());
  }

  async openNow(loaders: InventoryLoaders, location: LocationRecord): Promise<boolean> {
    return isOpenAt(location, await loaders.hoursExceptions.load(location.id), this.deps.now());
  }

  async nextOpening(loaders: InventoryLoaders, location: LocationRecord): Promise<string | null> {
    return nextOpening(location, await loaders.hoursExceptions.load(location.id), this.deps.now());
  }

  async pickupReadyBy(loaders: InventoryLoaders, location: LocationRecord): Promise<string | null> {
    return pickupReadyBy(location, this.deps.now(), await loaders.hoursExceptions.load(location.id));
  }

  /** Saves a dated exception for a store: its manager (or a service) only; userErrors for what the input gets wrong. */
  async set(request: HoursExceptionRequest, caller: InventoryCaller): Promise<StoreHoursOutcome> {
    const location = await this.managedStore(request.locationId, caller);
    if (!location.ok) return refused(location.location, location.refusal);
    const checked = checkHoursException(request, this.deps.now());
    if (isRefusal(checked)) return refused(location.location, checked);
    await this.deps.store.setHoursException(checked);
    caller.loaders.hoursExceptions.clear(location.location.id);
    return { location: location.location, exception: checked, userErrors: [] };
  }

  /** Removes a store's exception on a date (the weekly hours apply again); answers the one removed, null if none. */
  async clear(request: { locationId: string; date: string }, caller: InventoryCaller): Promise<StoreHoursOutcome> {
    const location = await this.managedStore(request.locationId, caller);
    if (!location.ok) return refused(location.location, location.refusal);
    const badDate = checkExceptionDate(request.date, this.deps.now());
    if (badDate) return refused(location.location, badDate);
    const removed = await this.deps.store.clearHoursException(request.locationId, request.date);
    caller.loaders.hoursExceptions.clear(location.location.id);
    return { location: location.location, exception: removed, userErrors: [] };
  }

  /**
   * FORBIDDEN / UNAUTHENTICATED unless the caller is a service or the STORE_MANAGER of that store (an associate of
   * the store whose staff record, kept by the customer subgraph, says so); then the store, or why it cannot have hours.
   */
  private async managedStore(
    locationId: string,
    caller: InventoryCaller,
  ): Promise<{ ok: true; location: LocationRecord } | { ok: false; location: LocationRecord | null; refusal: HoursRefusal }> {
    const message = "only the manager of that store can change its hours.";
    if (!actsForStore(caller.viewer, locationId)) deny(caller.viewer, message);
    if (caller.viewer.kind === "associate" && !(await this.deps.staff.managesStore(caller.viewer.id, locationId, caller.requestId))) {
      deny(caller.viewer, message);
    }
    const location = await caller.loaders.locationById.load(locationId);
    if (!location) {
      return {
        ok: false,
        location: null,
        refusal: { code: "UNKNOWN_LOCATION", message: `There is no location "${locationId}".`, field: "locationId" },
      };
    }
    if (location.type !== "STORE") {
      return {
        ok: false,
        location,
        refusal: { code: "NOT_A_STORE", message: `${location.name} has no opening hours.`, field: "locationId" },
      };
    }
    return { ok: true, location };
  }
}

function refused(location: LocationRecord | null, refusal: HoursRefusal): StoreHoursOutcome {
  return { location, exception: null, userErrors: [{ code: refusal.code, message: refusal.message, field: ["input", refusal.field] }] };
}

import { randomUUID } from "node:crypto";
import { NotFoundError } from "../../../lib/errors.js";
import { domainEvent, type DomainEvent } from "../../../lib/events.js";
import type { LocationDirectory } from "../clients/locations.js";
import { emailKey } from "../rules/contact.js";
import { checkAddresses, checkEmail, checkName, checkPhone } from "../rules/validation.js";
import type { CustomerRecord, CustomerStore, ProfilePatch, ProfileWrite } from "../store/index.js";
import type { CustomerUserError } from "../rules/error-codes.js";
import { customerActedOn } from "./acting-for.js";
import type { CustomerRequest } from "./request.js";

/** A userError of a profile change. */
export type ProfileError = CustomerUserError;

/** The fields of a registration, as typed. */
export interface Registration {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string | null;
}

/** The fields of a profile change, as typed; a field left out (or null) stays as it is. */
export interface ProfileEdit {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  /** "" removes the phone number. */
  phone?: string | null;
  addresses?: Parameters<typeof checkAddresses>[0] | null;
}

/** What registering did: the new customer, or why not (with the customer registered already, if that is why). */
export interface Registered {
  customer: CustomerRecord | null;
  userErrors: ProfileError[];
}

/** What a profile change did: the customer as now stored, or why nothing changed and whose profile it was. */
export type ProfileChange = { customer: CustomerRecord } | { customerId: string; userErrors: ProfileError[] };

const emailTaken = (field: string[]): ProfileError => ({ code: "EMAIL_TAKEN", message: "Another customer has this email address.", field });

/** Registering and changing a profile, and choosing a preferred store. */
export class ProfileService {
  constructor(
    private readonly store: CustomerStore,
    private readonly locations: LocationDirectory,
    /** Publishes CUSTOMER_REGISTERED after a registration is stored (services/index.ts); absent without a bus. */
    private readonly announce?: (event: DomainEvent) => Promise<void>,
  ) {}

  /**
   * A signed-in customer registers themselves (the profile's id is their sign-in id); staff register a caller or
   * shopper under a new id. The store draws the loyalty number and starts the balance at 0. A new profile is
   * announced (CUSTOMER_REGISTERED with its email key) so that orders placed as a guest with that email join it.
   */
  async register(request: CustomerRequest, input: Registration): Promise<Registered> {
    const userErrors: ProfileError[] = [];
    const firstName = checkName(input.firstName, ["input", "firstName"], userErrors);
    const lastName = checkName(input.lastName, ["input", "lastName"], userErrors);
    const email = checkEmail(input.email, ["input", "email"], userErrors);
    const phone = input.phone == null || input.phone.trim() === "" ? null : checkPhone(input.phone, ["input", "phone"], userErrors);
    if (userErrors.length > 0 || firstName === null || lastName === null || email === null) return { customer: null, userErrors };

    const id = request.viewer.kind === "customer" ? request.viewer.id : `cust-${randomUUID()}`;
    const outcome = await this.store.registerCustomer({
      id,
      firstName,
      lastName,
      email,
      phone,
      addresses: [],
      preferredStoreId: null,
      createdAt: new Date().toISOString(),
    });
    switch (outcome.status) {
      case "REGISTERED":
        await this.announce?.(
          domainEvent("CUSTOMER_REGISTERED", request.channel, { customerId: outcome.customer.id, email: emailKey(outcome.customer.email) }),
        );
        return { customer: outcome.customer, userErrors: [] };
      case "ALREADY_REGISTERED":
        return {
          customer: outcome.customer,
          userErrors: [{ code: "ALREADY_REGISTERED", message: "You have a profile already; change it with updateProfile.", field: null }],
        };
      case "EMAIL_TAKEN":
        return { customer: null, userErrors: [emailTaken(["input", "email"])] };
    }
  }

  /** Changes the fields given of the viewer's own profile, or (staff) of `customerId`'s; the email must stay unique. */
  async update(request: CustomerRequest, input: ProfileEdit, customerId: string | null): Promise<ProfileChange> {
    const target = customerActedOn(request.viewer, customerId, ["customerId"]);
    const userErrors: ProfileError[] = [];
    const patch: ProfilePatch = {};
    if (input.firstName != null) patch.firstName = checkName(input.firstName, ["input", "firstName"], userErrors) ?? undefined;
    if (input.lastName != null) patch.lastName = checkName(input.lastName, ["input", "lastName"], userErrors) ?? undefined;
    if (input.email != null) patch.email = checkEmail(input.email, ["input", "email"], userErrors) ?? undefined;
    if (input.phone != null)
      patch.phone = input.phone.trim() === "" ? null : (checkPhone(input.phone, ["input", "phone"], userErrors) ?? undefined);
    if (input.addresses != null) patch.addresses = checkAddresses(input.addresses, ["input", "addresses"], userErrors) ?? undefined;
    if (userErrors.length > 0) return { customerId: target, userErrors };
    return changeOf(await this.store.updateCustomer(target, patch), target, ["input", "email"]);
  }

  /** The store the customer shops at by default: asked of the inventory service, and a store, not a distribution center. */
  async setPreferredStore(request: CustomerRequest, locationId: string, customerId: string | null): Promise<ProfileChange> {
    const target = customerActedOn(request.viewer, customerId, ["customerId"]);
    const kind = await this.locations.kindOf(locationId, request.requestId);
    if (kind !== "STORE") {
      const message = kind === null ? `There is no location "${locationId}".` : `"${locationId}" is a distribution center; choose a store.`;
      return { customerId: target, userErrors: [{ code: "INVALID_LOCATION", message, field: ["locationId"] }] };
    }
    return changeOf(await this.store.updateCustomer(target, { preferredStoreId: locationId }), target, ["locationId"]);
  }
}

function changeOf(write: ProfileWrite, customerId: string, emailField: string[]): ProfileChange {
  switch (write.status) {
    case "UPDATED":
      return { customer: write.customer };
    case "NOT_FOUND":
      throw new NotFoundError("Customer", customerId);
    case "EMAIL_TAKEN":
      return { customerId, userErrors: [emailTaken(emailField)] };
  }
}

import { randomUUID } from "node:crypto";
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { STAFF } from "../../../lib/auth/access.js";
import { NotFoundError } from "../../../lib/errors.js";
import type { UserError } from "../../../lib/graphql/types.js";
import { customerActedOn } from "../acting-for.js";
import type { CustomerContext } from "../context.js";
import type { CustomerServices } from "../services.js";
import type { ProfilePatch, ProfileWrite } from "../store/index.js";
import { RegisterCustomerInput, UpdateProfileInput } from "../types/inputs.js";
import { CustomerPayload } from "../types/payloads.js";
import { checkAddresses, checkEmail, checkName, checkPhone } from "../validation.js";

const emailTaken = (field: string[]): UserError => ({ code: "EMAIL_TAKEN", message: "Another customer has this email address.", field });

/** Registering and changing a profile, and choosing a preferred store. */
export function profileMutations({ store, locations }: CustomerServices) {
  /** The payload of a profile write; the customer as they are when the write was refused. */
  async function payloadOf(write: ProfileWrite, customerId: string, ctx: CustomerContext, emailField: string[]): Promise<CustomerPayload> {
    switch (write.status) {
      case "UPDATED":
        ctx.loaders.customerById.clear(customerId).prime(customerId, write.customer);
        return { customer: write.customer, userErrors: [] };
      case "NOT_FOUND":
        throw new NotFoundError("Customer", customerId);
      case "EMAIL_TAKEN":
        return { customer: await ctx.loaders.customerById.load(customerId), userErrors: [emailTaken(emailField)] };
    }
  }

  @Resolver()
  class ProfileMutations {
    @Authorized("customer", ...STAFF)
    @Mutation(() => CustomerPayload, {
      description:
        "Creates a customer profile: a signed-in customer registers themselves (the profile's id is their sign-in id); staff register a caller or shopper under a new id. Starts at BRONZE with 0 points and a new loyalty number.",
    })
    async registerCustomer(
      @Arg("input", () => RegisterCustomerInput, { description: "The new profile." }) input: RegisterCustomerInput,
      @Ctx() ctx: CustomerContext,
    ): Promise<CustomerPayload> {
      const userErrors: UserError[] = [];
      const firstName = checkName(input.firstName, ["input", "firstName"], userErrors);
      const lastName = checkName(input.lastName, ["input", "lastName"], userErrors);
      const email = checkEmail(input.email, ["input", "email"], userErrors);
      const phone = input.phone == null || input.phone.trim() === "" ? null : checkPhone(input.phone, ["input", "phone"], userErrors);
      if (userErrors.length > 0 || firstName === null || lastName === null || email === null) return { customer: null, userErrors };

      const id = ctx.viewer.kind === "customer" ? ctx.viewer.id : `cust-${randomUUID()}`;
      const outcome = await store.registerCustomer({
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

    @Authorized("customer", ...STAFF)
    @Mutation(() => CustomerPayload, {
      description:
        "Changes the signed-in customer's profile, or (staff) the profile of `customerId`. Only the fields given change; the email must stay unique.",
    })
    async updateProfile(
      @Arg("input", () => UpdateProfileInput, { description: "The fields to change." }) input: UpdateProfileInput,
      @Arg("customerId", () => ID, {
        nullable: true,
        description: "Staff: the customer to change. A customer changes their own profile and may leave it out.",
      })
      customerId: string | null,
      @Ctx() ctx: CustomerContext,
    ): Promise<CustomerPayload> {
      const target = customerActedOn(ctx.viewer, customerId, ["customerId"]);
      const userErrors: UserError[] = [];
      const patch: ProfilePatch = {};
      if (input.firstName != null) patch.firstName = checkName(input.firstName, ["input", "firstName"], userErrors) ?? undefined;
      if (input.lastName != null) patch.lastName = checkName(input.lastName, ["input", "lastName"], userErrors) ?? undefined;
      if (input.email != null) patch.email = checkEmail(input.email, ["input", "email"], userErrors) ?? undefined;
      if (input.phone != null)
        patch.phone = input.phone.trim() === "" ? null : (checkPhone(input.phone, ["input", "phone"], userErrors) ?? undefined);
      if (input.addresses != null) patch.addresses = checkAddresses(input.addresses, ["input", "addresses"], userErrors) ?? undefined;
      if (userErrors.length > 0) return { customer: await ctx.loaders.customerById.load(target), userErrors };
      return payloadOf(await store.updateCustomer(target, patch), target, ctx, ["input", "email"]);
    }

    @Authorized("customer", ...STAFF)
    @Mutation(() => CustomerPayload, {
      description:
        "Sets the store the customer shops at by default (the signed-in customer's, or staff: `customerId`'s). It must be a store, not a distribution center.",
    })
    async setPreferredStore(
      @Arg("locationId", () => ID, { description: "The store: a location of type STORE." }) locationId: string,
      @Arg("customerId", () => ID, {
        nullable: true,
        description: "Staff: the customer to change. A customer changes their own and may leave it out.",
      })
      customerId: string | null,
      @Ctx() ctx: CustomerContext,
    ): Promise<CustomerPayload> {
      const target = customerActedOn(ctx.viewer, customerId, ["customerId"]);
      const kind = await locations.kindOf(locationId, ctx.requestId);
      if (kind !== "STORE") {
        return {
          customer: await ctx.loaders.customerById.load(target),
          userErrors: [
            {
              code: "INVALID_LOCATION",
              message:
                kind === null ? `There is no location "${locationId}".` : `"${locationId}" is a distribution center; choose a store.`,
              field: ["locationId"],
            },
          ],
        };
      }
      return payloadOf(await store.updateCustomer(target, { preferredStoreId: locationId }), target, ctx, ["locationId"]);
    }
  }
  return ProfileMutations;
}

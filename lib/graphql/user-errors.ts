import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import type { ClassType } from "type-graphql";
import { CACHE } from "./cache-control.js";

/**
 * Typed userErrors, one family per kind of payload (cart, checkout, order, return, customer, stock, ...): each family
 * has its own `<Family>ErrorCode` enum, every value described, and its own `<Family>UserError` type with the shape
 * every client already selects (`code message field`). A client that reads `code` as a string still reads the same
 * JSON; one that generates types gets the list of codes it must handle.
 *
 * Usage, in a subgraph's types:
 *
 *   export const CartErrorCode = { CART_CLOSED: "CART_CLOSED", ... } as const;
 *   export const CartUserError = userErrorFamily("Cart", CartErrorCode, {
 *     CART_CLOSED: "The cart was checked out or merged; start or use another cart.", ...
 *   });
 *   export type CartUserError = UserErrorOf<typeof CartErrorCode>;
 *   ... @Field(() => [CartUserError], { description: "..." }) userErrors!: CartUserError[];
 */

/** A family's codes: each name is its own value (`{ OUT_OF_STOCK: "OUT_OF_STOCK" }`), as GraphQL enums serialize. */
export type ErrorCodes = Record<string, string>;

/** One userError of a family, as services build it. */
export interface UserErrorOf<Codes extends ErrorCodes> {
  code: Codes[keyof Codes];
  message: string;
  field?: string[] | null;
}

/**
 * Registers `<family>ErrorCode` (every value described: partners read them in the sandbox) and answers the
 * `<family>UserError` object type.
 */
export function userErrorFamily<Codes extends ErrorCodes>(
  family: string,
  codes: Codes,
  descriptions: { [Code in keyof Codes]: string },
  options: UserErrorFamilyOptions = {},
): ClassType<UserErrorOf<Codes>> {
  for (const [name, value] of Object.entries(codes)) {
    if (name !== value) throw new Error(`${family}ErrorCode.${name} must be its own value, not "${value}"`);
  }
  registerEnumType(codes, {
    name: `${family}ErrorCode`,
    description: `Why a ${family.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()} change was refused: the stable code a client branches on.`,
    valuesConfig: Object.fromEntries(Object.entries(descriptions).map(([name, description]) => [name, { description }])) as {
      [Code in keyof Codes]: { description: string };
    },
  });

  class FamilyUserError {
    @Field(() => codes, { description: "Stable machine-readable code; the enum lists every one a client must handle." })
    code!: Codes[keyof Codes];

    @Field(() => String, { description: "What went wrong, in words a person can read." })
    message!: string;

    @Field(() => [String], { nullable: true, description: "Path to the input field at fault, when there is one." })
    field?: string[] | null;
  }
  if (options.extended) {
    // A base the caller's `<family>UserError` inherits its fields from; referenced by no field, so not in the schema.
    ObjectType(`${family}UserErrorFields`, { description: userErrorDescription(family) })(FamilyUserError);
  } else {
    ObjectType(`${family}UserError`, { description: userErrorDescription(family) })(FamilyUserError);
    Directive(CACHE.inherit)(FamilyUserError);
  }
  return FamilyUserError;
}

/** The description every `<family>UserError` type carries. */
export function userErrorDescription(family: string): string {
  return `A business failure of a ${family} change that the client can act on.`;
}

export interface UserErrorFamilyOptions {
  /**
   * The family's userError has fields of its own (typed details, e.g. out-of-stock alternatives): the answer is then an
   * abstract base with `code message field`, and the caller declares `<family>UserError` extending it, with
   * `@Directive(CACHE.inherit)` and `userErrorDescription(family)` as every family's type has.
   */
  extended?: boolean;
}

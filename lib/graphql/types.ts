import { Directive, Field, Float, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { ClassType } from "type-graphql";
import { GraphQLDateTime } from "graphql-scalars";
import { SalesChannel } from "../channel.js";
import { formatAmount, type MoneyValue } from "../money.js";
import { CACHE } from "./cache-control.js";

export { SalesChannel };

// Value types that several subgraphs return. Each is @shareable, so every subgraph that has one resolves it itself.

/** ISO-8601 date-time scalar used by every subgraph. */
export const DateTime = GraphQLDateTime;

registerEnumType(SalesChannel, {
  name: "SalesChannel",
  description: "The channel through which a request, cart, order or interaction happened.",
  valuesConfig: {
    WEB: { description: "The website." },
    MOBILE_APP: { description: "The mobile app." },
    KIOSK: { description: "An in-store self-service kiosk." },
    CALL_CENTER: { description: "The call-center console, on the customer's behalf." },
    STORE: { description: "A store till or an associate's tablet (point of sale)." },
    PARTNER: { description: "A partner integration." },
  },
});

/** An amount of money: a decimal string, never a float, and its currency. */
@Directive("@shareable")
@Directive(`@tag(name: "partner")`)
@Directive(CACHE.inherit)
@ObjectType("Money", { description: "An amount of money: a decimal string, never a float, and its currency." })
export class Money {
  constructor(value?: MoneyValue) {
    if (value) {
      this.amount = formatAmount(value.cents);
      this.currencyCode = value.currencyCode;
    }
  }

  @Field(() => String, { description: 'Decimal amount with two places, e.g. "19.99".' })
  amount!: string;

  @Field(() => String, { description: "ISO-4217 currency code, e.g. USD." })
  currencyCode!: string;
}

/** Money for the graph from integer cents. */
export function toMoney(value: MoneyValue): Money {
  return new Money(value);
}

@Directive("@shareable")
@Directive(`@tag(name: "partner")`)
@Directive(CACHE.inherit)
@ObjectType("PageInfo", { description: "Where a page of a connection sits in the whole list." })
export class PageInfo {
  @Field(() => Boolean, { description: "True when more items follow this page." })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: "Pass as `after` to read the next page; null on an empty page." })
  endCursor!: string | null;
}

@Directive("@shareable")
@Directive(CACHE.inherit)
@ObjectType("UserError", { description: "A business failure the client can act on (out of stock, stale cart, ...)." })
export class UserError {
  @Field(() => String, { description: "Stable machine-readable code, e.g. OUT_OF_STOCK or CART_CHANGED." })
  code!: string;

  @Field(() => String, { description: "What went wrong, in words a person can read." })
  message!: string;

  @Field(() => [String], { nullable: true, description: "Path to the input field at fault, when there is one." })
  field?: string[] | null;
}

@Directive("@shareable")
@Directive(`@tag(name: "partner")`)
@Directive(CACHE.inherit)
@ObjectType("Address", { description: "A postal address." })
export class Address {
  @Field(() => String, { description: "Street and number." })
  line1!: string;

  @Field(() => String, { nullable: true, description: "Apartment, suite, unit." })
  line2?: string | null;

  @Field(() => String, { description: "City or town." })
  city!: string;

  @Field(() => String, { nullable: true, description: "State, province or region code." })
  region?: string | null;

  @Field(() => String, { description: "Postal or ZIP code." })
  postalCode!: string;

  @Field(() => String, { description: "ISO-3166 alpha-2 country code." })
  country!: string;
}

@Directive("@shareable")
@Directive(`@tag(name: "partner")`)
@Directive(CACHE.inherit)
@ObjectType("GeoPoint", { description: "A point on Earth in decimal degrees (WGS 84)." })
export class GeoPoint {
  @Field(() => Float, { description: "Latitude, -90 to 90." })
  lat!: number;

  @Field(() => Float, { description: "Longitude, -180 to 180." })
  lng!: number;
}

@InputType("GeoPointInput", { description: "A point on Earth in decimal degrees (WGS 84)." })
export class GeoPointInput {
  @Field(() => Float, { description: "Latitude, -90 to 90." })
  lat!: number;

  @Field(() => Float, { description: "Longitude, -180 to 180." })
  lng!: number;
}

@InputType("AddressInput", { description: "A postal address, as entered by a customer or agent." })
export class AddressInput {
  @Field(() => String, { description: "Street and number." })
  line1!: string;

  @Field(() => String, { nullable: true, description: "Apartment, suite, unit." })
  line2?: string | null;

  @Field(() => String, { description: "City or town." })
  city!: string;

  @Field(() => String, { nullable: true, description: "State, province or region code." })
  region?: string | null;

  @Field(() => String, { description: "Postal or ZIP code." })
  postalCode!: string;

  @Field(() => String, { description: "ISO-3166 alpha-2 country code." })
  country!: string;
}

/**
 * A Relay connection type for `Node`: `<Name>Connection { edges nodes pageInfo totalCount }` and `<Name>Edge`.
 * Resolvers return a `ConnectionValue` from lib/paging.
 */
export function connectionTypes<T extends object>(Node: ClassType<T>, name: string, what: string, partner = false) {
  @ObjectType(`${name}Edge`, { description: `One ${what} in a page, with its cursor.` })
  class EdgeType {
    @Field(() => String, { description: "Opaque position of this item; pass as `after` to read what follows." })
    cursor!: string;

    @Field(() => Node, { description: `The ${what}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${what}s.` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: "The page's items with their cursors." })
    edges!: EdgeType[];

    @Field(() => [Node], { description: "The page's items." })
    nodes!: T[];

    @Field(() => PageInfo, { description: "Where this page sits in the whole list." })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "How many items the whole list holds." })
    totalCount!: number;
  }
  // A page is as fresh as what it lists; a root field returning one gives its own hint.
  Directive(CACHE.inherit)(EdgeType);
  Directive(CACHE.inherit)(ConnectionType);
  if (partner) {
    Directive(`@tag(name: "partner")`)(EdgeType);
    Directive(`@tag(name: "partner")`)(ConnectionType);
  }
  return { Connection: ConnectionType, Edge: EdgeType };
}

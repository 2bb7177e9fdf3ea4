import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Address, DateTime } from "../../../lib/graphql/types.js";
import { LOYALTY_TIERS } from "../rules/loyalty.js";

export enum LoyaltyTier {
  BRONZE = "BRONZE",
  SILVER = "SILVER",
  GOLD = "GOLD",
}

const from = (tier: LoyaltyTier) => LOYALTY_TIERS.find((t) => t.tier === tier)!.minPoints;

registerEnumType(LoyaltyTier, {
  name: "LoyaltyTier",
  description: "Loyalty tier, earned by points balance.",
  valuesConfig: {
    BRONZE: { description: `Every member; below ${from(LoyaltyTier.SILVER)} points.` },
    SILVER: { description: `From ${from(LoyaltyTier.SILVER)} points.` },
    GOLD: { description: `From ${from(LoyaltyTier.GOLD)} points.` },
  },
});

@ObjectType("Loyalty", { description: "A customer's loyalty membership." })
export class Loyalty {
  @Field(() => String, { description: "Membership number, printed on the card and scanned at tills." })
  number!: string;

  @Field(() => LoyaltyTier, { description: "Tier the points balance earns." })
  tier!: LoyaltyTier;

  @Field(() => Int, { description: "Points balance; the tier follows it." })
  points!: number;
}

@Directive(`@key(fields: "id")`)
@ObjectType("Customer", { description: "A known customer: profile, loyalty, and history across every channel." })
export class Customer {
  @Field(() => ID, { description: "Opaque customer id; the sub of the customer's sign-in token." })
  id!: string;

  @Field(() => String, { description: "Given name." })
  firstName!: string;

  @Field(() => String, { description: "Family name." })
  lastName!: string;

  @Field(() => String, { description: "Email address; unique across customers." })
  email!: string;

  @Field(() => String, { nullable: true, description: "Phone number in E.164 form, e.g. +13125551000." })
  phone!: string | null;

  @Field(() => [Address], { description: "Saved addresses, the default first." })
  addresses!: Address[];

  @Field(() => DateTime, { description: "When the customer registered." })
  createdAt!: string;

  // preferredStore, loyalty, timeline and serviceCases are field resolvers (resolvers/customer.ts)
  preferredStoreId!: string | null;
  loyaltyNumber!: string;
  loyaltyPoints!: number;
}

import { Directive, Field, Int, ObjectType } from "type-graphql";

@Directive("@inaccessible")
@ObjectType("LoyaltyPointsHold", { description: "Services only: what holding loyalty points for a checkout did." })
export class LoyaltyPointsHold {
  @Field(() => String, {
    description:
      "HELD, INSUFFICIENT (the balance is lower), UNKNOWN_CUSTOMER, or RELEASED (the checkout was unwound before the hold arrived).",
  })
  status!: string;

  @Field(() => Int, { description: "Points held (HELD) or the balance there is (INSUFFICIENT); 0 otherwise." })
  points!: number;
}

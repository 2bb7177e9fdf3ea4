import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";

export enum AssociateRole {
  STORE_ASSOCIATE = "STORE_ASSOCIATE",
  STORE_MANAGER = "STORE_MANAGER",
  CALL_CENTER_AGENT = "CALL_CENTER_AGENT",
}

registerEnumType(AssociateRole, {
  name: "AssociateRole",
  description: "What a member of staff does.",
  valuesConfig: {
    STORE_ASSOCIATE: { description: "Sells, picks and hands over orders on a store floor." },
    STORE_MANAGER: { description: "Runs a store." },
    CALL_CENTER_AGENT: { description: "Serves customers by phone from the call center." },
  },
});

@Directive(`@key(fields: "id")`)
@ObjectType("Associate", { description: "A member of staff: in a store or in the call center." })
export class Associate {
  @Field(() => ID, { description: "Opaque associate id." })
  id!: string;

  @Field(() => String, { description: "Full name, as shown to customers." })
  name!: string;

  @Field(() => AssociateRole, { description: "What the associate does." })
  role!: AssociateRole;

  // homeStore is a field resolver (resolvers/associate.ts)
  homeStoreId!: string | null;
}

import {
  buildClientSchema,
  getIntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isIntrospectionType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { documentation, schemasOf } from "../../lib/schema-checks.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

let graph: TestGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

// The schema is the documentation partners read in the sandbox: every type, field, argument and enum value has one.
describe("the composed graph is documented", () => {
  it("describes every type, field, argument and enum value a client can see", async () => {
    const answer = await graph.query(getIntrospectionQuery());
    expect(answer.body.errors).toBeUndefined();
    const schema = buildClientSchema(answer.body.data);
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
      if (!type.description && !["Query", "Mutation", "Subscription"].includes(type.name)) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of "args" in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
      if (isScalarType(type) && !type.description) missing.push(type.name);
    }
    expect(missing).toEqual([]);
  });
});

describe("the committed schema is documented, as schema:check counts it", () => {
  it("has no undescribed type, field, argument or enum value in the supergraph or the partner contract", () => {
    const { full, partner } = schemasOf(readFileSync(new URL("../../schema/supergraph.graphql", import.meta.url), "utf8"));
    const whole = documentation(full);
    expect(whole.missing).toEqual([]);
    // The count schema:check prints: every type, field, argument and enum value of the API schema.
    expect(whole.described).toBeGreaterThan(600);
    expect(documentation(partner).missing).toEqual([]);
  });

  it("counts what is missing, so the check fails above zero", () => {
    const { full } = schemasOf(
      readFileSync(new URL("../../schema/supergraph.graphql", import.meta.url), "utf8").replace(
        '"""Points balance; the tier follows it."""',
        "",
      ),
    );
    expect(documentation(full).missing).toEqual(["Loyalty.points"]);
  });
});

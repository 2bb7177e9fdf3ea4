import { describe, expect, it } from "vitest";
import type { CustomerUserError, ServiceCaseUserError } from "../../subgraphs/customer/rules/error-codes.js";
import { checkAddresses, checkEmail, checkName, checkPhone, checkText, NAME_MAX } from "../../subgraphs/customer/rules/validation.js";

// What customers and staff type into profile and service forms (subgraphs/customer/rules/validation.ts): each
// check answers the value to store, or null with a userError naming the field.

const field = ["input", "value"];
function check<T>(run: (errors: CustomerUserError[]) => T): { value: T; codes: string[] } {
  const errors: CustomerUserError[] = [];
  const value = run(errors);
  return { value, codes: errors.map((error) => error.code) };
}

describe("names and emails", () => {
  it("a name is 1 to 80 characters, trimmed", () => {
    expect(check((e) => checkName("  Ada ", field, e))).toEqual({ value: "Ada", codes: [] });
    expect(check((e) => checkName("", field, e))).toEqual({ value: null, codes: ["INVALID_NAME"] });
    expect(check((e) => checkName("x".repeat(NAME_MAX + 1), field, e)).codes).toEqual(["INVALID_NAME"]);
  });

  it("a name holding an invisible character is INVALID_TEXT, not INVALID_NAME", () => {
    expect(check((e) => checkName("Ad\u200ba", field, e)).codes).toEqual(["INVALID_TEXT"]);
  });

  it("an email needs one @ and a dotted domain; it is stored as typed, normalised", () => {
    expect(check((e) => checkEmail(" Ada@Example.com ", field, e)).value).toBe("Ada@Example.com");
    for (const bad of ["ada", "ada@example", "ada@@example.com", "ada@example..com", "a da@example.com"]) {
      expect(check((e) => checkEmail(bad, field, e)).codes, bad).toEqual(["INVALID_EMAIL"]);
    }
  });
});

describe("phone numbers", () => {
  it("are stored in E.164: ten digits without + are North American, others include their country code", () => {
    expect(check((e) => checkPhone("(312) 555-1000", field, e)).value).toBe("+13125551000");
    expect(check((e) => checkPhone("+44 20 7946 0958", field, e)).value).toBe("+442079460958");
    expect(check((e) => checkPhone("44 20 7946 0958", field, e)).value).toBe("+442079460958");
  });

  it("are 7 to 15 digits with only the punctuation people type", () => {
    for (const bad of ["123456", "1234567890123456", "312-555-CALL", "+1 312 555 1000 ext 4"]) {
      expect(check((e) => checkPhone(bad, field, e)).codes, bad).toEqual(["INVALID_PHONE"]);
    }
  });
});

describe("free text", () => {
  it("is null when absent or blank, and refused with the caller's code when too long", () => {
    const errors: ServiceCaseUserError[] = [];
    expect(checkText(undefined, 10, "INVALID_NOTE", "A note", field, errors)).toBeNull();
    expect(checkText("   ", 10, "INVALID_NOTE", "A note", field, errors)).toBeNull();
    expect(errors).toEqual([]);
    expect(checkText("x".repeat(11), 10, "INVALID_NOTE", "A note", field, errors)).toBeNull();
    expect(errors).toEqual([{ code: "INVALID_NOTE", message: "A note is at most 10 characters.", field }]);
  });

  it("keeps line breaks only where several lines are allowed", () => {
    const errors: ServiceCaseUserError[] = [];
    expect(checkText("one\r\ntwo", 100, "INVALID_NOTE", "A note", field, errors, true)).toBe("one\ntwo");
    expect(checkText("one\ntwo", 100, "INVALID_SUBJECT", "A subject", field, errors)).toBeNull();
    expect(errors.map((error) => error.code)).toEqual(["INVALID_TEXT"]);
  });
});

describe("addresses", () => {
  const address = { line1: " 1 Main St ", city: "Springfield", postalCode: "12345", country: "us" };

  it("are trimmed, the country upper-cased, missing optional lines null", () => {
    expect(check((e) => checkAddresses([address], field, e))).toEqual({
      value: [{ line1: "1 Main St", line2: null, city: "Springfield", region: null, postalCode: "12345", country: "US" }],
      codes: [],
    });
  });

  it("need a street, a city, a postal code and a two-letter country, at most ten of them", () => {
    const refused = check((e) =>
      checkAddresses(
        [
          { ...address, city: "" },
          { ...address, country: "USA" },
        ],
        field,
        e,
      ),
    );
    expect(refused.value).toBeNull();
    expect(refused.codes).toEqual(["INVALID_ADDRESS", "INVALID_ADDRESS"]);
    expect(
      check((e) =>
        checkAddresses(
          Array.from({ length: 11 }, () => address),
          field,
          e,
        ),
      ).codes,
    ).toEqual(["INVALID_ADDRESS"]);
  });
});

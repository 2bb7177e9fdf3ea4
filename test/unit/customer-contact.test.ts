import { describe, expect, it } from "vitest";
import {
  contactKeysOf,
  emailKey,
  foundByAll,
  loyaltyNumberKey,
  lookupReads,
  phoneKey,
  phoneLookupKeys,
} from "../../subgraphs/customer/rules/contact.js";

// How staff find a customer from what they are told (subgraphs/customer/rules/contact.ts): the keys both stores file
// customers under, and how a lookup's reads are matched.

describe("contact keys", () => {
  it("an email is compared in NFC, trimmed and in lower case", () => {
    expect(emailKey("  Jose\u0301@Example.COM ")).toBe("jos\u00e9@example.com");
  });

  it("a phone number is its digits only, whatever punctuation was typed", () => {
    expect(phoneKey("+1 (312) 555-1000")).toBe("13125551000");
    expect(phoneKey("312.555.1000")).toBe("3125551000");
  });

  it("a ten-digit number is also tried with the North American +1; other lengths only as typed", () => {
    expect(phoneLookupKeys("(312) 555-1000")).toEqual(["3125551000", "13125551000"]);
    expect(phoneLookupKeys("+44 20 7946 0958")).toEqual(["442079460958"]);
  });

  it("a loyalty number is trimmed, its case kept", () => {
    expect(loyaltyNumberKey(" LOY00012345 ")).toBe("LOY00012345");
  });

  it("a customer without a phone is filed under no phone key", () => {
    expect(contactKeysOf({ email: "A@b.co", phone: null, loyaltyNumber: "LOY1" })).toEqual({
      email: "a@b.co",
      phone: "",
      loyaltyNumber: "LOY1",
    });
    expect(contactKeysOf({ email: "a@b.co", phone: "+13125551000", loyaltyNumber: "LOY1" }).phone).toBe("13125551000");
  });
});

describe("lookups", () => {
  it("reads each detail given in its own index, and refuses a lookup with none", () => {
    expect(lookupReads({ email: "A@B.co", phone: "3125551000" })).toEqual([
      { index: "email", keys: ["a@b.co"] },
      { index: "phone", keys: ["3125551000", "13125551000"] },
    ]);
    expect(() => lookupReads({})).toThrow(/at least one/);
  });

  it("answers the ids every read found, lowest first, at most the limit", () => {
    const byPhone = new Set(["c-3", "c-1", "c-2"]);
    const byEmail = new Set(["c-2", "c-3", "c-9"]);
    expect(foundByAll([byPhone, byEmail])).toEqual(["c-2", "c-3"]);
    expect(foundByAll([byPhone], 2)).toEqual(["c-1", "c-2"]);
    expect(foundByAll([byPhone, new Set()])).toEqual([]);
  });
});

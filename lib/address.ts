import { cleanText } from "./text.js";

/** A postal address as stored by every subgraph that keeps one (a customer's saved addresses, a cart's shipping address). */
export interface AddressRecord {
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
}

/** An address as a client typed it (AddressInput): the optional lines may be left out. */
export interface AddressInputLike {
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode: string;
  country: string;
}

/** Longest street line, city and postal code an address may have. */
export const ADDRESS_LIMITS = { line1: 120, city: 80, postalCode: 16 } as const;

/** Why an address was refused: text no field may hold (INVALID_TEXT), or what an address needs (INVALID_ADDRESS). */
export interface AddressProblem {
  code: "INVALID_ADDRESS" | "INVALID_TEXT";
  message: string;
  field: string[];
}

/**
 * The address to store, every line cleaned (lib/text.ts) and trimmed, the country upper-cased; or why it is refused:
 * a street (line1), a city and a postal code within their lengths, and a two-letter ISO country. One check for every
 * address the graph keeps (a customer's saved addresses, a cart's shipping address), so a label printer and a driver's
 * screen get the same kind of address whichever way it came in. `field` is the address's path in the input.
 */
export function checkAddress(raw: AddressInputLike, field: readonly string[]): { address: AddressRecord } | { problems: AddressProblem[] } {
  const problems: AddressProblem[] = [];
  const line = (value: string, name: keyof AddressInputLike): string => {
    const result = cleanText(value, { field: [...field, name], kind: "name" });
    if (result.ok) return result.value;
    problems.push({ code: "INVALID_TEXT", message: result.error.message, field: [...field, name] });
    return "";
  };
  const line1 = line(raw.line1, "line1");
  const line2 = raw.line2 == null ? "" : line(raw.line2, "line2");
  const city = line(raw.city, "city");
  const region = raw.region == null ? "" : line(raw.region, "region");
  const postalCode = line(raw.postalCode, "postalCode");
  const country = line(raw.country, "country").toUpperCase();
  if (problems.length > 0) return { problems };
  const { line1: maxLine1, city: maxCity, postalCode: maxPostalCode } = ADDRESS_LIMITS;
  if (!line1 || line1.length > maxLine1 || !city || city.length > maxCity || !postalCode || postalCode.length > maxPostalCode) {
    const message = `An address needs a street (line1, at most ${maxLine1} characters), a city (at most ${maxCity}) and a postal code (at most ${maxPostalCode}).`;
    return { problems: [{ code: "INVALID_ADDRESS", message, field: [...field] }] };
  }
  if (!/^[A-Z]{2}$/.test(country)) {
    return { problems: [{ code: "INVALID_ADDRESS", message: "country is a two-letter ISO code, e.g. US.", field: [...field, "country"] }] };
  }
  return { address: { line1, line2: line2 || null, city, region: region || null, postalCode, country } };
}

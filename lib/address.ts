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

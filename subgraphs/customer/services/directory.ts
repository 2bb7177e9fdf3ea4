import { BadUserInputError } from "../../../lib/errors.js";
import { requireText } from "../../../lib/text.js";
import { phoneKey } from "../rules/contact.js";
import type { AssociateFilter, AssociateRecord, CustomerLookup, CustomerRecord, CustomerStore } from "../store/index.js";

/** Most customers one findCustomers answers: enough for a household sharing a phone, too few to list the customer base. */
export const FIND_CUSTOMERS_LIMIT = 20;

/** Finding customers by what staff are told at a till or on the phone, and listing staff. */
export class CustomerDirectory {
  constructor(private readonly store: CustomerStore) {}

  /** Customers matching every detail given exactly; at least one detail, none of them empty. */
  findCustomers(lookup: Required<CustomerLookup>): Promise<CustomerRecord[]> {
    const { email, phone, loyaltyNumber } = lookup;
    if (email == null && phone == null && loyaltyNumber == null) {
      throw new BadUserInputError("Give at least one of email, phone or loyaltyNumber.", ["email"]);
    }
    if (email != null && !requireText(email, { field: ["email"], kind: "email" }))
      throw new BadUserInputError("email is empty.", ["email"]);
    if (phone != null && !phoneKey(phone)) throw new BadUserInputError("phone has no digits.", ["phone"]);
    if (loyaltyNumber != null && !loyaltyNumber.trim()) throw new BadUserInputError("loyaltyNumber is empty.", ["loyaltyNumber"]);
    return this.store.findCustomers({ email, phone, loyaltyNumber }, FIND_CUSTOMERS_LIMIT);
  }

  listAssociates(filter: AssociateFilter): Promise<AssociateRecord[]> {
    return this.store.listAssociates(filter);
  }
}

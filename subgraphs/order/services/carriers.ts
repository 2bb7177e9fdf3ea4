/** Carriers whose tracking pages we link to: the number goes at the end of the address. */
const TRACKING_PAGES: Record<string, string> = {
  UPS: "https://www.ups.com/track?tracknum=",
  FEDEX: "https://www.fedex.com/fedextrack/?trknbr=",
  USPS: "https://tools.usps.com/go/TrackConfirmAction?tLabels=",
  DHL: "https://www.dhl.com/us-en/home/tracking.html?tracking-id=",
};

/** The carriers a tracking page is known for, as clients name them. */
export const KNOWN_CARRIERS = Object.keys(TRACKING_PAGES);

/** A carrier's name as recorded: trimmed, upper case ("ups " → "UPS"). */
export function carrierName(carrier: string): string {
  return carrier.trim().toUpperCase();
}

/** The carrier's tracking page for a number; null for a carrier not in the table. */
export function trackingUrl(carrier: string, number: string): string | null {
  const page = TRACKING_PAGES[carrierName(carrier)];
  return page ? page + encodeURIComponent(number) : null;
}

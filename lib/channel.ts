/** The channel through which a request, cart, order or interaction happened. */
export enum SalesChannel {
  WEB = "WEB",
  MOBILE_APP = "MOBILE_APP",
  KIOSK = "KIOSK",
  CALL_CENTER = "CALL_CENTER",
  STORE = "STORE",
  PARTNER = "PARTNER",
}

import type { AddressRecord } from "../store/index.js";

/**
 * Approximate centroids of the demo metro's ZIP codes (Chicago and the suburbs the stores serve). Sourcing only
 * needs "which shipping location is nearer", so a ZIP centroid is precise enough; a geocoding service replaces this
 * table when the network grows beyond one metro.
 */
const ZIP_CENTROIDS: Record<string, { lat: number; lng: number }> = {
  "60601": { lat: 41.8858, lng: -87.6181 },
  "60602": { lat: 41.883, lng: -87.629 },
  "60603": { lat: 41.88, lng: -87.627 },
  "60604": { lat: 41.878, lng: -87.629 },
  "60605": { lat: 41.867, lng: -87.617 },
  "60606": { lat: 41.882, lng: -87.638 },
  "60607": { lat: 41.874, lng: -87.651 },
  "60608": { lat: 41.849, lng: -87.67 },
  "60610": { lat: 41.903, lng: -87.633 },
  "60611": { lat: 41.895, lng: -87.619 },
  "60613": { lat: 41.954, lng: -87.657 },
  "60614": { lat: 41.922, lng: -87.649 },
  "60615": { lat: 41.802, lng: -87.602 },
  "60616": { lat: 41.847, lng: -87.625 },
  "60618": { lat: 41.946, lng: -87.704 },
  "60622": { lat: 41.902, lng: -87.683 },
  "60625": { lat: 41.971, lng: -87.702 },
  "60637": { lat: 41.781, lng: -87.603 },
  "60640": { lat: 41.972, lng: -87.663 },
  "60647": { lat: 41.921, lng: -87.701 },
  "60657": { lat: 41.94, lng: -87.653 },
  "60660": { lat: 41.991, lng: -87.663 },
  "60201": { lat: 42.054, lng: -87.694 },
  "60202": { lat: 42.03, lng: -87.69 },
  "60076": { lat: 42.036, lng: -87.733 },
  "60077": { lat: 42.034, lng: -87.756 },
  "60301": { lat: 41.889, lng: -87.799 },
  "60302": { lat: 41.894, lng: -87.79 },
  "60304": { lat: 41.873, lng: -87.789 },
  "60007": { lat: 42.008, lng: -87.997 },
  "60173": { lat: 42.052, lng: -88.049 },
  "60193": { lat: 42.014, lng: -88.093 },
  "60523": { lat: 41.838, lng: -87.954 },
  "60540": { lat: 41.766, lng: -88.141 },
  "60563": { lat: 41.797, lng: -88.169 },
  "60462": { lat: 41.627, lng: -87.839 },
  "60436": { lat: 41.493, lng: -88.136 },
};

/** Where a shipping address roughly is: the centroid of its US ZIP code; null when the table does not know it. */
export function geocode(address: Pick<AddressRecord, "postalCode" | "country">): { lat: number; lng: number } | null {
  if (address.country.trim().toUpperCase() !== "US") return null;
  const zip = /^\s*(\d{5})(?:-\d{4})?\s*$/.exec(address.postalCode)?.[1];
  return (zip && ZIP_CENTROIDS[zip]) || null;
}

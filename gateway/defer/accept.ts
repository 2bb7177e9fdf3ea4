/** The multipart response's own content type: the boundary and format Apollo Client, urql and GraphiQL read. */
export const MULTIPART_CONTENT_TYPE = 'multipart/mixed; boundary="-"; deferSpec=20220824';

/**
 * Whether the client reads deferred parts: its Accept offers `multipart/mixed` with `deferSpec=20220824`, or with no
 * deferSpec at all (urql and GraphiQL send it bare, and read this format), and not with q=0. Any other incremental
 * format (incrementalSpec=v0.2) is not this one: such a client gets the whole answer at once.
 */
export function acceptsDeferredParts(accept: string | null | undefined): boolean {
  if (!accept || !accept.includes("multipart/mixed")) return false;
  for (const range of accept.split(",")) {
    const [type, ...params] = range.split(";").map((piece) => piece.trim().toLowerCase());
    if (type !== "multipart/mixed") continue;
    let spec: string | undefined;
    let quality = 1;
    for (const param of params) {
      const [name, value = ""] = param.split("=").map((piece) => piece.trim().replace(/^"|"$/g, ""));
      if (name === "deferspec") spec = value;
      else if (name === "q") quality = Number(value);
      else if (name === "incrementalspec") spec = `incremental:${value}`;
    }
    if (quality > 0 && (spec === undefined || spec === "20220824")) return true;
  }
  return false;
}

/**
 * Sends `items` in slices of `size`, with at most `inFlight` slices outstanding at once: bulk writes (seeding) keep
 * the connection busy without queueing the whole data set in the client at once. Slices may finish out of order; the
 * first failure stops further slices from being sent and is thrown once those already sent have settled.
 */
export async function inBatches<T>(
  items: readonly T[],
  size: number,
  inFlight: number,
  send: (slice: readonly T[]) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(size) || size < 1) throw new Error(`batch size must be a positive whole number, got ${size}`);
  if (!Number.isInteger(inFlight) || inFlight < 1) throw new Error(`inFlight must be a positive whole number, got ${inFlight}`);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const start = next;
      next += size;
      try {
        await send(items.slice(start, start + size));
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.min(inFlight, Math.ceil(items.length / size)) }, worker);
  const results = await Promise.allSettled(workers);
  const rejected = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (rejected) throw rejected.reason;
}

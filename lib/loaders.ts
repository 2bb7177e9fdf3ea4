import DataLoader from "dataloader";

/**
 * A per-request DataLoader over one batched store read. The store answers with one entry per key, in key order,
 * null where nothing exists (the dataloader contract); missing objects stay null rather than failing the batch.
 */
export function batchLoader<K, V>(read: (keys: readonly K[]) => Promise<readonly (V | null)[]>): DataLoader<K, V | null> {
  return keyOrderedLoader(read, "values");
}

/** Like batchLoader, for reads that return a list per key (orders of a customer, stock of a SKU). */
export function listLoader<K, V>(read: (keys: readonly K[]) => Promise<readonly (readonly V[])[]>): DataLoader<K, readonly V[]> {
  return keyOrderedLoader(read, "lists");
}

/** A DataLoader over a read that answers one `what` per key, in key order; any other count fails the batch. */
function keyOrderedLoader<K, V>(read: (keys: readonly K[]) => Promise<readonly V[]>, what: string): DataLoader<K, V> {
  return new DataLoader<K, V>(
    async (keys) => {
      const values = await read(keys);
      if (values.length !== keys.length) {
        throw new Error(`batched read returned ${values.length} ${what} for ${keys.length} keys`);
      }
      return values;
    },
    { maxBatchSize: 1000 },
  );
}

/** Loads many keys and drops the ones that do not exist. */
export async function loadExisting<K, V>(loader: DataLoader<K, V | null>, keys: readonly K[]): Promise<V[]> {
  const values = await loader.loadMany(keys);
  return values.filter((value): value is V => value !== null && !(value instanceof Error));
}

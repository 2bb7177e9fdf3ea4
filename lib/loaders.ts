import DataLoader from "dataloader";

/**
 * A per-request DataLoader over one batched store read. The store answers with one entry per key, in key order,
 * null where nothing exists (the dataloader contract); missing objects stay null rather than failing the batch.
 */
export function batchLoader<K, V>(read: (keys: readonly K[]) => Promise<readonly (V | null)[]>): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(
    async (keys) => {
      const values = await read(keys);
      if (values.length !== keys.length) {
        throw new Error(`batched read returned ${values.length} values for ${keys.length} keys`);
      }
      return values;
    },
    { maxBatchSize: 1000 },
  );
}

/** Like batchLoader, for reads that return a list per key (orders of a customer, stock of a SKU). */
export function listLoader<K, V>(read: (keys: readonly K[]) => Promise<readonly (readonly V[])[]>): DataLoader<K, readonly V[]> {
  return new DataLoader<K, readonly V[]>(
    async (keys) => {
      const values = await read(keys);
      if (values.length !== keys.length) {
        throw new Error(`batched read returned ${values.length} lists for ${keys.length} keys`);
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

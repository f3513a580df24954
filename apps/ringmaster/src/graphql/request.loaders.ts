import DataLoader from 'dataloader';

/**
 * DataLoaders of one request. Field resolvers that read the database ask for a loader by name and give the batch
 * function once; every call of the same request shares it, so N parents cost one query (no N+1).
 */
export class RequestLoaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  /** The request's loader called `name`, created with `batch` on first use. */
  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader<K, V>(batch) as DataLoader<unknown, unknown>;
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }

  /** Forgets every loader and what it cached: after a mutation, later reads of the request see its effect. */
  clear(): void {
    this.loaders.clear();
  }
}

/** Orders batch results like the keys: `byKey` maps a row to its key; missing keys get `missing`. */
export function orderByKeys<K, V, M>(keys: readonly K[], rows: readonly V[], byKey: (row: V) => K, missing: M) {
  const map = new Map<K, V>(rows.map((row) => [byKey(row), row]));
  return keys.map((key) => map.get(key) ?? missing);
}

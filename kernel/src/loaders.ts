import DataLoader from 'dataloader';

/** A batch function keyed by what its SQL filters on; missing keys are simply absent from the map. */
export interface LoaderDefinition<K, V> {
  name: string;
  batch(keys: readonly K[]): Promise<Map<K, V>>;
}

export function defineLoader<K, V>(name: string, batch: (keys: readonly K[]) => Promise<Map<K, V>>): LoaderDefinition<K, V> {
  return { name, batch };
}

/** The request's loaders, created on first use; results come back in key order, `null` for a missing key. */
export class Loaders {
  private readonly loaders = new Map<LoaderDefinition<unknown, unknown>, DataLoader<unknown, unknown>>();

  get<K, V>(definition: LoaderDefinition<K, V>): DataLoader<K, V | null> {
    let loader = this.loaders.get(definition as LoaderDefinition<unknown, unknown>);
    if (!loader) {
      loader = new DataLoader<K, V | null>(async (keys) => {
        const found = await definition.batch(keys);
        return keys.map((key) => found.get(key) ?? null);
      }) as DataLoader<unknown, unknown>;
      this.loaders.set(definition as LoaderDefinition<unknown, unknown>, loader);
    }
    return loader as DataLoader<K, V | null>;
  }
}

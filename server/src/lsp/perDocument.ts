/**
 * State kept per document URI. Every such map is made by one DocumentScopes, which forgets a
 * URI in all of them when its document closes and empties them all when the session ends, so
 * no handler has to know which maps exist.
 */

interface Forgettable {
  delete(uri: string): void;
  clear(): void;
}

export class PerDocument<T> implements Forgettable {
  private readonly values = new Map<string, T>();

  /** `release` frees what a value holds (a timer) when it is replaced or forgotten. */
  constructor(private readonly release?: (value: T) => void) {}

  get(uri: string): T | undefined {
    return this.values.get(uri);
  }

  has(uri: string): boolean {
    return this.values.has(uri);
  }

  set(uri: string, value: T): void {
    const old = this.values.get(uri);
    if (old !== undefined && old !== value) this.release?.(old);
    this.values.set(uri, value);
  }

  delete(uri: string): void {
    const old = this.values.get(uri);
    this.values.delete(uri);
    if (old !== undefined) this.release?.(old);
  }

  clear(): void {
    const old = [...this.values.values()];
    this.values.clear();
    if (this.release) old.forEach(this.release);
  }
}

export class DocumentScopes {
  private readonly maps: Forgettable[] = [];

  create<T>(release?: (value: T) => void): PerDocument<T> {
    const map = new PerDocument<T>(release);
    this.maps.push(map);
    return map;
  }

  /** The document closed: nothing is kept for its URI. */
  forget(uri: string): void {
    for (const map of this.maps) map.delete(uri);
  }

  dispose(): void {
    for (const map of this.maps) map.clear();
  }
}

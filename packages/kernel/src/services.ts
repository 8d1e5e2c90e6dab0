/** A typed name for a service one module provides and others use. */
export interface ServiceKey<T> {
  readonly name: string;
  readonly __type?: T;
}

export const serviceKey = <T>(name: string): ServiceKey<T> => ({ name });

/**
 * Where running services meet, without upward imports: the providing package exports the key,
 * the composition wires the instance. Asking for a service nobody provided is a programming error.
 */
export class ServiceRegistry {
  readonly #items = new Map<string, unknown>();

  provide<T>(key: ServiceKey<T>, impl: T): void {
    if (this.#items.has(key.name)) throw new Error(`Service ${key.name} is provided twice`);
    this.#items.set(key.name, impl);
  }

  get<T>(key: ServiceKey<T>): T {
    if (!this.#items.has(key.name)) throw new Error(`Service ${key.name} is not provided; is its module in the server's list?`);
    return this.#items.get(key.name) as T;
  }

  find<T>(key: ServiceKey<T>): T | undefined {
    return this.#items.get(key.name) as T | undefined;
  }
}

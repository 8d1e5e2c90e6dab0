import { ANY, LOCATION, type CompiledRule } from './compile.js';

/**
 * Rules by (entity type, attribute), so one update touches only the rules that watch one of
 * its attributes. `*` collects rules that watch every attribute (no-data on the entity,
 * threshold over an expression), `@location` the geofences.
 */
export class RuleIndex {
  readonly byId = new Map<string, CompiledRule>();
  readonly #byType = new Map<string, Map<string, CompiledRule[]>>();
  readonly #noData = new Map<string, CompiledRule[]>();
  readonly #needsAttributes = new Set<string>();

  set(rules: Iterable<CompiledRule>): void {
    this.byId.clear();
    for (const r of rules) this.byId.set(r.id, r);
    this.#rebuild();
  }

  put(rule: CompiledRule): void {
    this.byId.set(rule.id, rule);
    this.#rebuild();
  }

  remove(id: string): void {
    if (this.byId.delete(id)) this.#rebuild();
  }

  /** Rules of a type watching `attribute` (exact), or undefined. */
  watching(entityType: string, attribute: string): CompiledRule[] | undefined {
    return this.#byType.get(entityType)?.get(attribute);
  }

  any(entityType: string): CompiledRule[] | undefined {
    return this.#byType.get(entityType)?.get(ANY);
  }

  location(entityType: string): CompiledRule[] | undefined {
    return this.#byType.get(entityType)?.get(LOCATION);
  }

  noDataRules(): Iterable<[string, CompiledRule[]]> {
    return this.#noData.entries();
  }

  needsAttributes(entityType: string): boolean {
    return this.#needsAttributes.has(entityType);
  }

  get size(): number {
    return this.byId.size;
  }

  #rebuild(): void {
    this.#byType.clear();
    this.#noData.clear();
    this.#needsAttributes.clear();
    for (const r of this.byId.values()) {
      let attrs = this.#byType.get(r.entityType);
      if (!attrs) this.#byType.set(r.entityType, (attrs = new Map()));
      for (const a of new Set(r.watches)) {
        const list = attrs.get(a);
        if (list) list.push(r);
        else attrs.set(a, [r]);
      }
      if (r.noData) this.#noData.set(r.entityType, [...(this.#noData.get(r.entityType) ?? []), r]);
      if (r.needsAttributes) this.#needsAttributes.add(r.entityType);
    }
  }
}

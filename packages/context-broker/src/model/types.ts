/** An attribute instance as stored: core members by their NGSI-LD names, sub-attributes by expanded IRI. */
export interface Instance {
  type: AttributeKind;
  value?: unknown;
  object?: unknown;
  languageMap?: Record<string, string>;
  vocab?: unknown;
  json?: unknown;
  observedAt?: string;
  unitCode?: string;
  datasetId?: string;
  createdAt?: string;
  modifiedAt?: string;
  [subAttribute: string]: unknown;
}

export type AttributeKind = 'Property' | 'Relationship' | 'GeoProperty' | 'LanguageProperty' | 'VocabProperty' | 'JsonProperty' | 'ListProperty' | 'ListRelationship';

export const KINDS: ReadonlySet<string> = new Set(['Property', 'Relationship', 'GeoProperty', 'LanguageProperty', 'VocabProperty', 'JsonProperty', 'ListProperty', 'ListRelationship']);

/** Members of an attribute that are not sub-attributes. */
export const CORE_MEMBERS: ReadonlySet<string> = new Set([
  'type', 'value', 'object', 'languageMap', 'vocab', 'json', 'valueList', 'objectList', 'objectType', 'observedAt', 'unitCode', 'datasetId',
  'createdAt', 'modifiedAt', 'deletedAt', 'instanceId', 'previousValue', 'lang', '@context',
]);

/** An entity as stored: expanded types and attribute names. */
export interface StoredEntity {
  id: string;
  types: string[];
  scopes: string[] | null;
  attrs: Record<string, Instance>;
  datasets: Record<string, Instance[]> | null;
  createdAt: string;
  modifiedAt: string;
  departmentId: string | null;
  divisionCode: string | null;
}

/** Every instance of one attribute: the default one (if any) and those with a datasetId. */
export function instancesOf(e: Pick<StoredEntity, 'attrs' | 'datasets'>, iri: string): Instance[] {
  const out: Instance[] = [];
  const d = e.attrs[iri];
  if (d) out.push(d);
  const more = e.datasets?.[iri];
  if (more) out.push(...more);
  return out;
}

export function attributeNames(e: Pick<StoredEntity, 'attrs' | 'datasets'>): string[] {
  const names = new Set(Object.keys(e.attrs));
  if (e.datasets) for (const k of Object.keys(e.datasets)) names.add(k);
  return [...names];
}

export const GEO_ATTRIBUTES = new Set(['https://uri.etsi.org/ngsi-ld/location', 'https://uri.etsi.org/ngsi-ld/observationSpace', 'https://uri.etsi.org/ngsi-ld/operationSpace']);
export const LOCATION_IRI = 'https://uri.etsi.org/ngsi-ld/location';

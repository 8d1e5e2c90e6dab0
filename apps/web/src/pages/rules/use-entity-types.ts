import { useMemo } from 'react';
import { apiFetch } from '../../api/client';
import { useApi } from '../../hooks/use-api';

interface TypeInfo {
  typeName: string;
  attributeNames?: string[];
}

/** Attributes every entity carries that no rule compares. */
const NOT_MEASURED = new Set(['location', 'refDevice', 'dataProvider', 'name', 'simulated']);

/** The last segment of an expanded Smart Data Models IRI (`https://…/AirQualityObserved`). */
const short = (iri: string) => iri.slice(iri.lastIndexOf('/') + 1);

let cached: Promise<TypeInfo[]> | null = null;

/** `GET /ngsi-ld/v1/types?details=true` once per page load; suggestions only, so a failure is an empty list. */
function loadTypes(): Promise<TypeInfo[]> {
  cached ??= apiFetch<TypeInfo[]>('/ngsi-ld/v1/types?details=true').catch(() => {
    cached = null;
    return [];
  });
  return cached;
}

/** Entity types in use and the attributes of `entityType`, for the editor's suggestion lists. */
export function useEntityTypes(entityType: string): { types: string[]; attributes: string[] } {
  const { data } = useApi(() => loadTypes(), 'entity-types');
  return useMemo(() => {
    const list = data ?? [];
    const types = list.map((t) => short(t.typeName)).sort();
    const match = list.find((t) => short(t.typeName) === entityType);
    const attributes = (match?.attributeNames ?? []).map(short).filter((a) => !NOT_MEASURED.has(a)).sort();
    return { types, attributes };
  }, [data, entityType]);
}

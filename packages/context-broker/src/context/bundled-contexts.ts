import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The core context URL answers carry; every core-context URL a client names is served from the same local copy. */
export const CORE_CONTEXT_URL = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld';
const CORE_URL = /^https?:\/\/uri\.etsi\.org\/ngsi-ld\/v1\/ngsi-ld-core-context(-v1\.\d+)?\.jsonld$/;
const DATA_INTEGRITY_URL = /^https?:\/\/w3id\.org\/security\/data-integrity\/v2\/?$/;

const dataDir = fileURLToPath(new URL('../../data/', import.meta.url));
const read = (file: string) => JSON.parse(readFileSync(`${dataDir}${file}`, 'utf8')) as { '@context': unknown };

const core = read('ngsi-ld-core-context-v1.9.jsonld');
const dataIntegrity = read('security-data-integrity-v2.jsonld');

/** Smart Data Models domain contexts (CC BY 4.0), under their published URLs. */
const sdm = new Map<string, { '@context': unknown }>(
  readdirSync(`${dataDir}smart-data-models`)
    .filter((f) => f.endsWith('.jsonld'))
    .sort()
    .map((f) => [`https://raw.githubusercontent.com/smart-data-models/dataModel.${f.replace(/^context-|\.jsonld$/g, '')}/master/context.jsonld`, read(`smart-data-models/${f}`)]),
);

/**
 * The all-domains Smart Data Models context URL, served as the list of the bundled domain
 * contexts: what ingestion resolves short names with, and what clients name in a Link header
 * to see those short names.
 */
export const SDM_CONTEXT_URL = 'https://smartdatamodels.org/context.jsonld';
sdm.set(SDM_CONTEXT_URL, { '@context': [...sdm.keys()] });

/** A local document for `url`, or undefined when it must be fetched. */
export function bundledContext(url: string): { '@context': unknown } | undefined {
  if (CORE_URL.test(url)) return core;
  if (DATA_INTEGRITY_URL.test(url)) return dataIntegrity;
  return sdm.get(url);
}

export const isCoreContextUrl = (url: string) => CORE_URL.test(url);
export const coreContextDocument = () => core;

/** Every URL answered from a bundled copy (listed as kind Cached by GET /jsonldContexts). */
export const bundledContextUrls = (): string[] => [CORE_CONTEXT_URL, 'https://w3id.org/security/data-integrity/v2', ...sdm.keys()];

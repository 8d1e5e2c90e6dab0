import type { TermResolver } from '../context/term-map.js';
import { badData } from '../errors.js';
import { isUri, normalizeDateTime, checkName } from '../model/normalize.js';
import { parseGeoQuery, type GeoQuery } from '../query/geo-query.js';
import { parseQ } from '../query/q-parser.js';

/** A subscription as stored: names and types expanded, so it is independent of the context. */
export interface StoredSubscription {
  id: string;
  type: 'Subscription';
  subscriptionName?: string;
  description?: string;
  entities?: { id?: string; idPattern?: string; type?: string }[];
  watchedAttributes?: string[];
  q?: string;
  geoQ?: { georel: string; geometry: string; coordinates: unknown; geoproperty?: string };
  scopeQ?: string;
  notification: {
    attributes?: string[];
    format: 'normalized' | 'keyValues' | 'concise';
    sysAttrs?: boolean;
    endpoint: { uri: string; accept: 'application/json' | 'application/ld+json'; receiverInfo?: { key: string; value: string }[] };
  };
  throttling?: number;
  /** Periodic notifications every this many seconds, independent of changes (clause 5.2.12). */
  timeInterval?: number;
  /** What kinds of change notify; absent = DEFAULT_TRIGGERS. */
  notificationTrigger?: NotificationTrigger[];
  expiresAt?: string;
  isActive: boolean;
  lang?: string;
}

/** notificationTrigger values (clause 5.2.12). */
export const TRIGGERS = ['entityCreated', 'entityUpdated', 'entityDeleted', 'attributeCreated', 'attributeUpdated', 'attributeDeleted'] as const;
export type NotificationTrigger = (typeof TRIGGERS)[number];
/** The spec's default when a subscription gives no notificationTrigger. */
export const DEFAULT_TRIGGERS: readonly NotificationTrigger[] = ['attributeCreated', 'attributeUpdated'];

const FORMATS = new Set(['normalized', 'keyValues', 'concise']);

/**
 * Validates a subscription body (compacted with `r`) into the stored form. `partial` checks a
 * PATCH fragment; the caller merges it into the stored subscription and validates the result.
 */
export function normalizeSubscription(body: unknown, r: TermResolver, id: string | null): StoredSubscription {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badData('A subscription must be a JSON object.');
  const b = body as Record<string, unknown>;
  if (b.type !== undefined && b.type !== 'Subscription') throw badData('type must be "Subscription".');
  const sid = (b.id as string | undefined) ?? id;
  if (!sid || !isUri(sid)) throw badData('The subscription id must be a URI.');
  const out: StoredSubscription = { id: sid, type: 'Subscription', notification: undefined as never, isActive: b.isActive === undefined ? true : b.isActive === true };
  if (b.isActive !== undefined && typeof b.isActive !== 'boolean') throw badData('isActive must be true or false.');
  if (b.subscriptionName !== undefined) out.subscriptionName = String(b.subscriptionName);
  if (b.description !== undefined) out.description = String(b.description);
  if (b.entities !== undefined) {
    if (!Array.isArray(b.entities) || !b.entities.length) throw badData('entities must be a non-empty list.');
    out.entities = b.entities.map((x: unknown) => {
      const s = (x ?? {}) as Record<string, unknown>;
      if (typeof s.type !== 'string' || !s.type) throw badData('Each entities item needs a type.');
      checkName(s.type, 'type');
      const sel: { id?: string; idPattern?: string; type?: string } = { type: r.expand(s.type) };
      if (s.id !== undefined) {
        if (!isUri(s.id)) throw badData('entities[].id must be a URI.');
        sel.id = s.id;
      }
      if (s.idPattern !== undefined) {
        if (typeof s.idPattern !== 'string') throw badData('entities[].idPattern must be a regular expression.');
        try {
          new RegExp(s.idPattern);
        } catch {
          throw badData('entities[].idPattern is not a valid regular expression.');
        }
        sel.idPattern = s.idPattern;
      }
      return sel;
    });
  }
  if (b.watchedAttributes !== undefined) {
    if (!Array.isArray(b.watchedAttributes) || !b.watchedAttributes.length || !b.watchedAttributes.every((a) => typeof a === 'string')) {
      throw badData('watchedAttributes must be a non-empty list of attribute names.');
    }
    out.watchedAttributes = (b.watchedAttributes as string[]).map((a) => (checkName(a), r.expand(a)));
  }
  if (!out.entities && !out.watchedAttributes) throw badData('A subscription needs entities or watchedAttributes.');
  if (b.q !== undefined) {
    if (typeof b.q !== 'string') throw badData('q must be a string.');
    parseQ(b.q);
    out.q = b.q;
  }
  if (b.geoQ !== undefined) {
    const g = b.geoQ as Record<string, unknown>;
    const coords = typeof g.coordinates === 'string' ? g.coordinates : JSON.stringify(g.coordinates);
    parseGeoQuery({ georel: g.georel, geometry: g.geometry, coordinates: coords, geoproperty: g.geoproperty });
    out.geoQ = { georel: String(g.georel), geometry: String(g.geometry), coordinates: typeof g.coordinates === 'string' ? JSON.parse(g.coordinates) : g.coordinates, geoproperty: r.expand(typeof g.geoproperty === 'string' ? g.geoproperty : 'location') };
  }
  if (b.scopeQ !== undefined) out.scopeQ = String(b.scopeQ);
  if (b.lang !== undefined) out.lang = String(b.lang);
  const n = b.notification as Record<string, unknown> | undefined;
  if (!n || typeof n !== 'object') throw badData('A subscription needs a notification.');
  const ep = n.endpoint as Record<string, unknown> | undefined;
  if (!ep || typeof ep.uri !== 'string' || !/^(https?|mqtts?):\/\/[^\s]+$/.test(ep.uri)) throw badData('notification.endpoint.uri must be an http(s) or mqtt(s) URL.');
  const accept = ep.accept ?? 'application/json';
  if (accept !== 'application/json' && accept !== 'application/ld+json') throw badData('notification.endpoint.accept must be application/json or application/ld+json.');
  const format = (n.format ?? 'normalized') as string;
  if (!FORMATS.has(format)) throw badData(`notification.format ${format} is not supported.`);
  out.notification = { format: format as StoredSubscription['notification']['format'], endpoint: { uri: ep.uri, accept } };
  if (Array.isArray(ep.receiverInfo)) {
    out.notification.endpoint.receiverInfo = ep.receiverInfo.map((x: unknown) => {
      const kv = x as { key?: unknown; value?: unknown };
      if (typeof kv.key !== 'string' || typeof kv.value !== 'string') throw badData('receiverInfo items are {key, value} strings.');
      return { key: kv.key, value: kv.value };
    });
  }
  if (n.attributes !== undefined) {
    if (!Array.isArray(n.attributes) || !n.attributes.every((a) => typeof a === 'string')) throw badData('notification.attributes must be a list of names.');
    out.notification.attributes = (n.attributes as string[]).map((a) => r.expand(a));
  }
  if (n.sysAttrs === true) out.notification.sysAttrs = true;
  if (b.throttling !== undefined) {
    if (typeof b.throttling !== 'number' || !(b.throttling > 0)) throw badData('throttling must be a positive number of seconds.');
    out.throttling = b.throttling;
  }
  if (b.expiresAt !== undefined) out.expiresAt = normalizeDateTime(b.expiresAt, 'expiresAt');
  if (b.notificationTrigger !== undefined) {
    const t = b.notificationTrigger;
    if (!Array.isArray(t) || !t.length || !t.every((x) => typeof x === 'string')) throw badData('notificationTrigger must be a non-empty list of trigger names.');
    const unknown = t.filter((x) => !(TRIGGERS as readonly string[]).includes(x as string));
    if (unknown.length) throw badData(`Unknown notificationTrigger ${unknown.join(', ')}; use ${TRIGGERS.join(', ')}.`);
    out.notificationTrigger = [...new Set(t as NotificationTrigger[])];
  }
  if (b.timeInterval !== undefined) {
    if (typeof b.timeInterval !== 'number' || !(b.timeInterval > 0) || !Number.isFinite(b.timeInterval)) throw badData('timeInterval must be a positive number of seconds.');
    // Periodic notifications do not depend on changes: the spec forbids the change filters beside them.
    if (out.watchedAttributes) throw badData('timeInterval and watchedAttributes cannot both be given (clause 5.2.12).');
    if (out.throttling !== undefined) throw badData('timeInterval and throttling cannot both be given (clause 5.2.12).');
    out.timeInterval = b.timeInterval;
  }
  return out;
}

export function geoQueryOf(s: StoredSubscription): GeoQuery | null {
  if (!s.geoQ) return null;
  const g = parseGeoQuery({ georel: s.geoQ.georel, geometry: s.geoQ.geometry, coordinates: JSON.stringify(s.geoQ.coordinates) });
  return g ? { ...g, geoproperty: s.geoQ.geoproperty ?? 'https://uri.etsi.org/ngsi-ld/location' } : null;
}

import type { HttpApp } from '@zhicheng/kernel';
import type { Broker } from '../broker.js';
import { batchRoutes } from './batch-routes.js';
import { contextRoutes } from './context-routes.js';
import { csourceRoutes } from './csource-routes.js';
import { entityRoutes } from './entity-routes.js';
import { ngsiErrorHandler } from './error-handler.js';
import { subscriptionRoutes } from './subscription-routes.js';
import { temporalRoutes } from './temporal-routes.js';
import { typeRoutes } from './type-routes.js';

/** Every body type NGSI-LD accepts is JSON; anything else is 415 (Fastify's own check). */
const JSON_TYPES = ['application/ld+json', 'application/merge-patch+json'];

/**
 * /ngsi-ld/v1 in its own Fastify scope: its parsers and error rendering do not leak into the
 * rest of the platform's API.
 */
export async function ngsiRoutes(app: HttpApp, b: Broker, extra: ((scope: HttpApp) => void)[] = []) {
  await app.register(async (scope) => {
    const s = scope as unknown as HttpApp;
    s.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, s.getDefaultJsonParser('error', 'error'));
    s.setErrorHandler(ngsiErrorHandler);
    entityRoutes(s, b);
    batchRoutes(s, b);
    typeRoutes(s, b);
    temporalRoutes(s, b);
    subscriptionRoutes(s, b, b.subscriptions);
    contextRoutes(s, b);
    csourceRoutes(s, b);
    for (const f of extra) f(s);
  }, { prefix: '/ngsi-ld/v1' });
}

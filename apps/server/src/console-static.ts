import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { defineModule } from '@zhicheng/kernel';

const DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const API_PREFIXES = ['/api/', '/ngsi-ld/', '/open311/', '/docs', '/healthz', '/metrics', '/catalog.'];

/**
 * Serves the built web console at `/` (public: the console signs in through the API) with a
 * fallback to index.html for the console's own routes; API paths keep their problem-details 404.
 */
export const consoleModule = defineModule({
  name: 'console',
  async routes(app, ctx) {
    if (!existsSync(`${DIST}index.html`)) {
      ctx.log.warn({ dist: DIST }, 'web console is not built; run `npm run build:web` (npm install builds it)');
      return;
    }
    await app.register(async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.config = { ...(route.config ?? {}), public: true };
      });
      await scope.register(fastifyStatic, {
        root: DIST,
        prefix: '/',
        // wildcard: files are looked up per request, so a rebuilt console is served without a restart;
        // the build writes .br/.gz copies that are sent to clients that accept them.
        wildcard: true,
        preCompressed: true,
        cacheControl: false,
        index: ['index.html'],
        // Hashed assets never change; index.html must be revalidated so a new build shows at once.
        setHeaders: (res, path) => {
          res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    });
    app.notFoundFallbacks.push((req, reply) => {
      const path = req.url.split('?')[0]!;
      const wantsHtml = (req.headers.accept ?? '').includes('text/html');
      if (req.method !== 'GET' || !wantsHtml || API_PREFIXES.some((p) => path.startsWith(p))) return false;
      // Read per request (it is small): a console rebuilt while the server runs shows at once.
      void reply.status(200).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(readFileSync(`${DIST}index.html`));
      return true;
    });
  },
});

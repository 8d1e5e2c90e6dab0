import { authorizationServiceKey } from '@zhicheng/identity';
import { defineModule } from '@zhicheng/kernel';
import { startEntityFeed } from './entity-feed.js';
import { createRealtimeService, realtimeScopeCheckKey, realtimeServiceKey } from './realtime-service.js';
import { streamRoutes } from './stream-routes.js';

export { realtimeServiceKey, realtimeScopeCheckKey, type Audience, type RealtimeService, type ScopeCheck } from './realtime-service.js';

/** One feed per platform instance (tests boot several in one process). */
const feeds = new WeakMap<object, () => Promise<void>>();

export default defineModule({
  name: 'realtime',
  init(ctx) {
    const rt = createRealtimeService(ctx.bus);
    ctx.services.provide(realtimeServiceKey, rt);
    // Object-level visibility of events is the identity package's decision, as for every query.
    const authz = ctx.services.find(authorizationServiceKey);
    if (authz) ctx.services.provide(realtimeScopeCheckKey, (p, permission, place) => authz.canAccess(p, permission, place));
  },
  routes: streamRoutes,
  start(ctx) {
    feeds.set(ctx, startEntityFeed(ctx.bus, ctx.services.get(realtimeServiceKey), (err) => ctx.log.warn({ err }, 'entity feed publish failed')));
  },
  async stop(ctx) {
    await feeds.get(ctx)?.();
    feeds.delete(ctx);
  },
});

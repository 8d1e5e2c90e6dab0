import { Type } from '@sinclair/typebox';
import type { HttpApp, ModuleContext } from '@zhicheng/kernel';
import { HistoryQuery, IndicatorCurrent, IndicatorValue } from './indicator-schemas.js';
import type { IndicatorsService } from './indicators-service.js';

export function indicatorRoutes(app: HttpApp, ctx: ModuleContext, service: IndicatorsService, now: () => Date) {
  const tags = ['indicators'];
  app.get('/api/v1/indicators', {
    config: { permission: 'indicators:read' },
    schema: { tags, summary: 'City vital signs: current value and status of each indicator, per county where meaningful', response: { 200: Type.Object({ items: Type.Array(IndicatorCurrent) }) } },
  }, async () => ({ items: await service.current() as never[] }));

  app.get('/api/v1/indicators/:id/history', {
    config: { permission: 'indicators:read' },
    schema: {
      tags, summary: 'Values of one indicator over time (default the last 7 days, the whole region)',
      params: Type.Object({ id: Type.String({ maxLength: 100 }) }), querystring: HistoryQuery,
      response: { 200: Type.Object({ items: Type.Array(IndicatorValue) }) },
    },
  }, async (req) => {
    const to = req.query.to ? new Date(req.query.to) : now();
    const from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - 7 * 86_400_000);
    return { items: await service.history(req.params.id, req.query.scope ?? ctx.config.ZC_REGION_CODE, from, to, req.query.limit) as never[] };
  });
}

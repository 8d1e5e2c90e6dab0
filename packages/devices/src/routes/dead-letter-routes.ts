import { Type } from '@sinclair/typebox';
import { auditServiceKey } from '@zhicheng/audit';
import { authorizationServiceKey } from '@zhicheng/identity';
import { notFound, type HttpApp, type ModuleContext } from '@zhicheng/kernel';
import type { DeadLettersRepository } from '../ingest/dead-letters-repository.js';
import type { IngestService } from '../ingest/ingest-service.js';
import { parseTopic } from '../transports/topics.js';
import { DeadLetterList, DeadLetterQuery } from '../schemas.js';

/** `/api/v1/dead-letters`: what ingestion could not store as observations, and replay after a fix. */
export function deadLetterRoutes(app: HttpApp, ctx: ModuleContext, repo: DeadLettersRepository, ingest: IngestService) {
  const authz = ctx.services.get(authorizationServiceKey);
  const audit = ctx.services.get(auditServiceKey);
  const tags = ['devices'];

  app.get('/api/v1/dead-letters', {
    config: { permission: 'devices:read' },
    schema: { tags, summary: 'Dead letters, newest first (those of unknown devices only for a region-wide scope)', querystring: DeadLetterQuery, response: { 200: DeadLetterList } },
  }, async (req) => {
    const scope = await authz.sqlFilter(req.principal, 'devices:read', { departmentColumn: 'd.department_id', divisionColumn: 'd.division_code', firstParam: 1 });
    return repo.list(req.query, scope);
  });

  app.post('/api/v1/dead-letters/:id/replay', {
    config: { permission: 'devices:manage' },
    schema: {
      tags, summary: 'Run a dead letter through the pipeline again (after fixing the profile or registering the device)',
      params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
      response: { 200: Type.Object({ id: Type.Integer(), result: Type.Union([Type.Literal('stored'), Type.Literal('failed')]), code: Type.Optional(Type.String()), reason: Type.Optional(Type.String()) }) },
    },
  }, async (req) => {
    const dl = await repo.get(req.params.id);
    if (!dl) throw notFound('ERR_INGEST_DEAD_LETTER_NOT_FOUND', `Dead letter ${req.params.id} does not exist or is not yours to see.`);
    await authz.assertAccess(req.principal, 'devices:manage', { departmentId: dl.departmentId, divisionCode: dl.divisionCode }, 'ERR_INGEST_DEAD_LETTER_NOT_FOUND', `Dead letter ${req.params.id}`);
    const t = dl.topic ? parseTopic(dl.topic) : null;
    const p = await ingest.prepare({
      transport: 'replay', deviceId: dl.deviceId, topic: dl.topic, kind: t?.kind === 'attributes' ? 'attributes' : 'telemetry', payload: dl.raw, receivedAt: Date.parse(dl.receivedAt),
    });
    let out: { id: number; result: 'stored' | 'failed'; code?: string; reason?: string };
    if (p.ok) {
      await ingest.write(p);
      out = { id: dl.id, result: 'stored' };
    } else out = { id: dl.id, result: 'failed', code: p.dead.reasonCode, reason: p.dead.reason };
    await repo.markReplayed(dl.id, out.result === 'stored' ? 'stored' : `${out.code}: ${out.reason}`);
    await audit.record({ action: 'devices.dead-letter.replayed', outcome: out.result === 'stored' ? 'success' : 'failure', objectType: 'dead-letter', objectId: String(dl.id) }, req);
    return out;
  });
}

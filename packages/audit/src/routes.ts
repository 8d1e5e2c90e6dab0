import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { HttpApp, ModuleContext } from '@zhicheng/kernel';
import { AuditExportQuery, AuditList, AuditQuery, VerifyResult } from './audit-schemas.js';
import { auditServiceKey } from './audit-service.js';

/** Read side of the audit log: for the audit administrator only (`audit:read`, `audit:export`). */
export function auditRoutes(app: HttpApp, ctx: ModuleContext) {
  const audit = ctx.services.get(auditServiceKey);
  const tags = ['audit'];

  app.get('/api/v1/audit', {
    config: { permission: 'audit:read' },
    schema: { tags, summary: 'Search the audit log (newest first)', querystring: AuditQuery, response: { 200: AuditList } },
  }, async (req) => {
    const { limit, offset, ...filter } = req.query;
    return audit.list(filter, { limit, offset });
  });

  app.get('/api/v1/audit/verify', {
    config: { permission: 'audit:read' },
    schema: { tags, summary: 'Check the hash chain of the whole audit log', response: { 200: VerifyResult } },
  }, async (req) => {
    const result = await audit.verify();
    await audit.record({ action: 'audit.verified', outcome: result.ok ? 'success' : 'failure', detail: { checked: result.checked, firstBad: result.firstBad?.seq ?? null } }, req);
    return result;
  });

  app.get('/api/v1/audit/export', {
    config: { permission: 'audit:export' },
    schema: {
      tags, summary: 'Export the audit log as CSV or JSON (oldest first); the export itself is audited',
      querystring: AuditExportQuery,
      response: { 200: Type.String({ description: 'text/csv or application/json' }) },
    },
  }, async (req, reply) => {
    const { format, ...filter } = req.query;
    await audit.record({ action: 'audit.exported', outcome: 'success', detail: { format, filter } }, req);
    const stamp = new Date().toISOString().slice(0, 10);
    void reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="zhicheng-audit-${stamp}.${format}"`)
      .header('cache-control', 'no-store');
    // Streamed page by page; the schema documents the text, the stream avoids holding a large export in memory.
    return reply.send(Readable.from(audit.export(filter, format)) as never);
  });
}

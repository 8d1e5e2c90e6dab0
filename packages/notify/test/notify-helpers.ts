import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineModule } from '@zhicheng/kernel';
import { realtimeServiceKey, type Audience } from '@zhicheng/realtime';
import type { RuleSignal } from '@zhicheng/rules';
import { SMTPServer } from 'smtp-server';

/** A realtime double that records what would go to consoles. */
export function realtimeDouble() {
  const sent: { topic: string; data: unknown; audience: Audience }[] = [];
  const module = defineModule({ name: 'test-realtime', init: (ctx) => ctx.services.provide(realtimeServiceKey, { publish: async (topic, data, audience) => void sent.push({ topic, data, audience }) }) });
  return { sent, module };
}

/** A real HTTP receiver that answers the given statuses in turn and checks each call's signature. */
export async function startReceiver(secretOf: () => string, statuses: number[]) {
  const calls: { status: number; valid: boolean; event: string; body: unknown }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const ts = String(req.headers['x-zhicheng-timestamp']);
      const expected = `sha256=${createHmac('sha256', secretOf()).update(`${ts}.${body}`).digest('hex')}`;
      const got = String(req.headers['x-zhicheng-signature'] ?? '');
      const valid = got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected));
      const status = statuses[calls.length] ?? 200;
      calls.push({ status, valid, event: String(req.headers['x-zhicheng-event']), body: JSON.parse(body) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { calls, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A real SMTP server on a free port that keeps every message. */
export async function startSmtp() {
  const messages: { from: string; to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return { messages, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export const signal = (over: Partial<RuleSignal>): RuleSignal => ({
  type: 'raise', ruleId: 'rule_n', ruleVersion: 1, ruleName: 'Water level high', ruleDepartmentId: 'dept-water', severity: 'critical', sourceId: 'urn:ngsi-ld:WaterLevel:anning-1',
  sourceType: 'WaterLevel', departmentId: 'dept-water', divisionCode: '513401001', at: '2026-05-01T15:00:00Z', value: 3.2, reason: 'test',
  message: { zh: '安宁河水位超警戒', en: 'Anning river above warning level' }, ...over,
});

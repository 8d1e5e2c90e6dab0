import { Type } from '@sinclair/typebox';
import type { HttpApp } from '@zhicheng/kernel';
import { Alarm, AlarmHistoryEntry, AlarmIdParams, AlarmList, AssignBody, CommentBody, ListAlarmsQuery, TransitionBody } from './alarm-schemas.js';
import type { AlarmsService } from './alarms-service.js';

export function alarmRoutes(app: HttpApp, alarms: AlarmsService) {
  const tags = ['alarms'];
  const read = { permission: 'alarms:read' };
  const ack = { permission: 'alarms:ack' };

  app.get('/api/v1/alarms', {
    config: read,
    schema: { tags, summary: 'Alarms in the caller’s scope, newest first (filter by severity, state, division, department, rule, time)', querystring: ListAlarmsQuery, response: { 200: AlarmList } },
  }, (req) => alarms.list(req, req.query));

  app.get('/api/v1/alarms/:id', {
    config: read,
    schema: { tags, summary: 'One alarm (404 when it is not in the caller’s scope)', params: AlarmIdParams, response: { 200: Alarm } },
  }, (req) => alarms.get(req, req.params.id));

  app.get('/api/v1/alarms/:id/history', {
    config: read,
    schema: { tags, summary: 'Every transition and comment of an alarm, oldest first', params: AlarmIdParams, response: { 200: Type.Object({ items: Type.Array(AlarmHistoryEntry) }) } },
  }, async (req) => ({ items: await alarms.history(req, req.params.id) }));

  app.post('/api/v1/alarms/:id/acknowledge', {
    config: ack,
    schema: { tags, summary: 'Acknowledge an alarm (stops its escalation)', params: AlarmIdParams, body: Type.Union([TransitionBody, Type.Null()]), response: { 200: Alarm } },
  }, (req) => alarms.acknowledge(req, req.params.id, req.body?.comment));

  app.post('/api/v1/alarms/:id/clear', {
    config: ack,
    schema: { tags, summary: 'Clear an alarm by hand', params: AlarmIdParams, body: Type.Union([TransitionBody, Type.Null()]), response: { 200: Alarm } },
  }, (req) => alarms.clear(req, req.params.id, req.body?.comment));

  app.post('/api/v1/alarms/:id/assign', {
    config: ack,
    schema: { tags, summary: 'Assign an alarm to a user (null unassigns)', params: AlarmIdParams, body: AssignBody, response: { 200: Alarm } },
  }, (req) => alarms.assign(req, req.params.id, req.body.assignee, req.body.comment));

  app.post('/api/v1/alarms/:id/comments', {
    config: ack,
    schema: { tags, summary: 'Add a comment to an alarm', params: AlarmIdParams, body: CommentBody, response: { 200: Alarm } },
  }, (req) => alarms.comment(req, req.params.id, req.body.comment));
}

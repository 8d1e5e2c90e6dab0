import audit from '@zhicheng/audit';
import contextBroker from '@zhicheng/context-broker';
import devices from '@zhicheng/devices';
import geo from '@zhicheng/geo';
import identity from '@zhicheng/identity';
import type { ModuleManifest } from '@zhicheng/kernel';
import realtime from '@zhicheng/realtime';
import alarms from '@zhicheng/alarms';
import indicators from '@zhicheng/indicators';
import notify from '@zhicheng/notify';
import environment from '@zhicheng/pack-environment';
import rules from '@zhicheng/rules';
import { createDemoSimulatorModule } from '@zhicheng/simulator';
import { consoleModule } from './console-static.js';

/**
 * The one list of modules this server runs, in dependency order (platform first, then
 * solution packs). Adding a pack is one line here; removing the line removes it.
 * The console comes last so its fallback route does not shadow API routes.
 */
export const modules: ModuleManifest[] = [
  geo,
  // audit before identity (identity records into it); identity before every module that
  // uses its authorisation service. geo comes first so identity's seed finds the divisions.
  audit,
  identity,
  // The NGSI-LD broker and temporal store: after identity (its authorisation service) and geo (locate).
  contextBroker,
  // Device access and telemetry ingestion: writes through the context broker's bulk writer.
  devices,
  realtime,
  // Monitoring and early warning. indicators first (alarms and packs register indicator
  // providers in init); alarms before rules so, stopping in reverse, the engine's last
  // signals still reach the alarm writer; packs after rules (they register rule kinds).
  indicators,
  alarms,
  rules,
  notify,
  environment,
  // The demo prefecture's simulated fleet (ZC_DEMO=on): a client of the device APIs above.
  createDemoSimulatorModule(),
  consoleModule,
];

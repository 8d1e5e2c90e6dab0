import { inSchedule } from './calendar.js';
import type { CompiledRule, RuleEntityState } from './compile.js';
import { EngineStore, GROUP_PREFIX, type KnownEntity, type StateRow } from './engine-store.js';

export type { StateRow } from './engine-store.js';
import { RuleIndex } from './rule-index.js';
import { UpdateQueue } from './update-queue.js';
import type { EntityUpdate, RuleSignal, Verdict } from './types.js';

export interface EngineOptions {
  /** Receives the signals of one processing slice (one batch). */
  emit(signals: RuleSignal[]): void | Promise<void>;
  /** Wall clock in epoch ms (tests inject one). */
  now?: () => number;
  onError?(ruleId: string, err: unknown): void;
  /** Updates processed before the loop yields to I/O. */
  sliceSize?: number;
}

export interface EngineStats {
  rulesLoaded: number;
  lastProcessedAt: number | null;
  pointsProcessed: number;
  updatesProcessed: number;
  signalsEmitted: number;
  errors: Map<string, { count: number; lastError: string; lastAt: number }>;
}

/** Refresh signals for an active alarm are paced to one a minute (of data time). */
const REFRESH_MS = 60_000;

/**
 * The incremental rule engine: updates are queued as they arrive, evaluated in slices
 * against only the rules watching their attributes, and turned into raise/clear/refresh
 * signals. Window state lives in memory and is exported/imported for snapshots.
 */
export class RuleEngine {
  readonly index = new RuleIndex();
  readonly #store = new EngineStore();
  readonly #queue: UpdateQueue<EntityUpdate>;
  #out: RuleSignal[] = [];
  #stamp = 0;
  readonly #stamps = new Map<string, number>();
  readonly #now: () => number;
  readonly stats: EngineStats = { rulesLoaded: 0, lastProcessedAt: null, pointsProcessed: 0, updatesProcessed: 0, signalsEmitted: 0, errors: new Map() };

  constructor(private readonly opts: EngineOptions) {
    this.#now = opts.now ?? Date.now;
    this.#queue = new UpdateQueue((u) => this.#evaluate(u), () => this.#emit(), this.#now, opts.sliceSize ?? 2000);
  }

  // ---- rules -------------------------------------------------------------------------

  setRules(rules: CompiledRule[]): void {
    this.index.set(rules);
    for (const id of [...this.#store.states.keys()]) if (!this.index.byId.has(id)) this.#store.states.delete(id);
    this.stats.rulesLoaded = this.index.size;
  }

  /** A new version of a rule: its state carries over (no re-raise), pending durations restart. */
  putRule(rule: CompiledRule): void {
    const prior = this.index.byId.get(rule.id);
    this.index.put(rule);
    if (prior && (prior.kind !== rule.kind || prior.entityType !== rule.entityType)) this.#clearAll(prior, 'rule changed');
    for (const st of this.#store.states.get(rule.id)?.values() ?? []) st.pendingSince = null;
    this.stats.rulesLoaded = this.index.size;
  }

  /** A rule disabled or deleted: its active conditions clear. */
  removeRule(id: string, reason = 'rule disabled'): void {
    const prior = this.index.byId.get(id);
    if (prior) this.#clearAll(prior, reason);
    this.index.remove(id);
    this.#store.states.delete(id);
    this.stats.rulesLoaded = this.index.size;
    this.#flushSoon();
  }

  // ---- input -------------------------------------------------------------------------

  /** Queues an update; evaluation happens on the next turn of the loop. */
  enqueue(u: EntityUpdate): void {
    this.#queue.push(u);
  }

  /** Resolves when everything queued so far is evaluated and emitted. */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  /** Evaluates updates immediately, in order (replay of history, preview). */
  async process(updates: Iterable<EntityUpdate>): Promise<void> {
    for (const u of updates) await this.#evaluate(u);
    await this.#emit();
  }

  /** `devices.device.offline|online`: no-data rules that accept device events raise or clear at once. */
  async deviceEvent(kind: 'offline' | 'online', e: { entityId: string; entityType?: string | null; at?: number }): Promise<void> {
    if (e.entityType) this.know({ entityId: e.entityId, entityType: e.entityType, departmentId: null, divisionCode: null });
    const known = this.#store.entities.get(e.entityId);
    const type = e.entityType ?? known?.type;
    if (!type) return;
    const at = e.at ?? this.#now();
    for (const [t, rules] of this.index.noDataRules()) {
      if (t !== type) continue;
      for (const r of rules) {
        if (!r.noData!.deviceEvents || !this.#store.inScope(r, e.entityId, known?.divisionCode ?? null)) continue;
        const st = this.#store.state(r.id, e.entityId, at);
        if (kind === 'offline' && !st.active && inSchedule(r.schedule, at)) {
          st.active = true;
          this.#signal('raise', r, e.entityId, type, known, at, null, 'device offline', st);
        } else if (kind === 'online' && st.active) {
          st.active = false;
          st.lastAt = at;
          this.#signal('clear', r, e.entityId, type, known, at, null, 'device online', st);
        }
      }
    }
    await this.#emit();
  }

  /** Timer-driven rules (no data): raises for every known entity silent past its timeout. */
  async tick(nowMs = this.#now()): Promise<void> {
    for (const [type, rules] of this.index.noDataRules()) {
      for (const [entityId, ent] of this.#store.entities) {
        if (ent.type !== type) continue;
        for (const r of rules) {
          if (!this.#store.inScope(r, entityId, ent.divisionCode)) continue;
          const st = this.#store.state(r.id, entityId, nowMs);
          if (!st.active && nowMs - st.lastAt > r.noData!.timeoutMs && inSchedule(r.schedule, nowMs)) {
            st.active = true;
            this.#signal('raise', r, entityId, type, ent, nowMs, null, `no data for ${Math.round((nowMs - st.lastAt) / 1000)} s`, st);
          }
        }
      }
    }
    await this.#emit();
  }

  /** Makes an entity known (for no-data timers) without an observation, e.g. from the data hub's registry at start. */
  know(e: { entityId: string; entityType: string; departmentId: string | null; divisionCode: string | null }): void {
    this.#store.know(e);
  }

  // ---- snapshots ---------------------------------------------------------------------

  exportStates(onlyDirty: boolean): StateRow[] {
    return this.#store.export(onlyDirty);
  }

  importStates(rows: StateRow[]): void {
    this.#store.import(rows, (id) => this.index.byId.get(id));
  }

  // ---- evaluation --------------------------------------------------------------------

  queueStats(): { depth: number; oldestWaitingMs: number } {
    return this.#queue.stats();
  }

  async #evaluate(u: EntityUpdate): Promise<void> {
    const stamp = ++this.#stamp;
    let ent = this.#store.entities.get(u.entityId);
    if (!ent) this.#store.entities.set(u.entityId, (ent = { type: u.entityType, departmentId: u.departmentId, divisionCode: u.divisionCode, attrs: null }));
    else {
      ent.departmentId = u.departmentId ?? ent.departmentId;
      ent.divisionCode = u.divisionCode ?? ent.divisionCode;
    }
    if (this.index.needsAttributes(u.entityType)) ent.attrs = { ...(ent.attrs ?? {}), ...u.attributes };
    const attrs = ent.attrs ?? u.attributes;
    let points = 0;
    for (const name in u.attributes) {
      points++;
      const rules = this.index.watching(u.entityType, name);
      if (rules) for (const r of rules) {
        const p = this.#run(r, u, ent, attrs, stamp);
        if (p) await p;
      }
    }
    this.stats.pointsProcessed += points;
    this.stats.updatesProcessed++;
    const any = this.index.any(u.entityType);
    if (any) for (const r of any) {
      const p = this.#run(r, u, ent, attrs, stamp);
      if (p) await p;
    }
    if (u.location) {
      const geo = this.index.location(u.entityType);
      if (geo) for (const r of geo) {
        const p = this.#run(r, u, ent, attrs, stamp);
        if (p) await p;
      }
    }
    this.stats.lastProcessedAt = this.#now();
  }

  #run(r: CompiledRule, u: EntityUpdate, ent: KnownEntity, attrs: Record<string, unknown>, stamp: number): void | Promise<void> {
    // A rule watching several attributes of one update runs once.
    if (r.watches.length > 1) {
      if (this.#stamps.get(r.id) === stamp) return;
      this.#stamps.set(r.id, stamp);
    }
    if (r.entityIds && !r.entityIds.has(u.entityId)) return;
    if (r.divisionCode && !this.#store.inScope(r, u.entityId, ent.divisionCode)) return;
    const m = this.#store.of(r.id);
    const existing = m.get(u.entityId);
    if (existing && u.at < existing.lastAt) return; // late data never rewrites the present
    // Most series sit quietly below their thresholds: they get state only once they are
    // not plainly clear, which keeps memory in proportion to what is happening.
    const st = existing ?? { active: false, pendingSince: null, lastAt: u.at, lastValue: null };
    const keep = (v: Verdict) => {
      if (!existing) {
        if (r.lazyState && (v.kind === 'clear' || v.kind === 'skip')) return;
        m.set(u.entityId, st);
      }
      this.#apply(r, u, ent, st, v);
    };
    try {
      const v = r.evaluate(u, attrs, st);
      if (v instanceof Promise) return v.then(keep, (err: unknown) => this.#error(r.id, err));
      keep(v);
    } catch (err) {
      this.#error(r.id, err);
    }
  }

  #apply(r: CompiledRule, u: EntityUpdate, ent: KnownEntity, st: RuleEntityState, verdict: Verdict): void {
    if (verdict.kind === 'skip') return;
    (st as { dirty?: boolean }).dirty = true;
    st.departmentId = ent.departmentId;
    st.divisionCode = ent.divisionCode;
    if (!inSchedule(r.schedule, u.at)) verdict = { kind: 'clear', value: verdict.value, detail: 'outside schedule' };
    if (st.pendingSince !== null && u.at - st.lastAt > r.maxGapMs) st.pendingSince = null;
    st.lastAt = u.at;
    st.lastValue = verdict.value;
    const wasActive = st.active;
    if (verdict.kind === 'raise') {
      if (st.active) {
        if (!r.composite && u.at - (st.signalledAt ?? 0) >= REFRESH_MS) this.#signal('refresh', r, u.entityId, u.entityType, ent, u.at, verdict.value, 'still active', st);
      } else {
        st.pendingSince ??= u.at;
        if (u.at - st.pendingSince >= r.forMs) {
          st.active = true;
          st.pendingSince = null;
          if (!r.composite) this.#signal('raise', r, u.entityId, u.entityType, ent, u.at, verdict.value, verdict.detail ?? 'condition met', st);
        }
      }
    } else {
      st.pendingSince = null;
      if (verdict.kind === 'clear' && st.active) {
        st.active = false;
        if (!r.composite) this.#signal('clear', r, u.entityId, u.entityType, ent, u.at, verdict.value, verdict.detail ?? 'condition no longer met', st);
      }
    }
    if (r.composite && wasActive !== st.active) this.#group(r, ent, u.at);
  }

  /** Composite: counts the members of the entity's group that match and raises/clears the group. */
  #group(r: CompiledRule, ent: KnownEntity, at: number): void {
    const len = r.composite!.groupBy === 'county' ? 6 : 9;
    const code = ent.divisionCode && ent.divisionCode.length >= len ? ent.divisionCode.slice(0, len) : null;
    if (!code) return;
    let count = 0;
    for (const [id, st] of this.#store.states.get(r.id) ?? []) {
      if (!st.active || id.startsWith(GROUP_PREFIX)) continue;
      const d = this.#store.entities.get(id)?.divisionCode ?? st.divisionCode;
      if (d && d.startsWith(code)) count++;
    }
    const gid = GROUP_PREFIX + code;
    const gs = this.#store.state(r.id, gid, at);
    (gs as { dirty?: boolean }).dirty = true;
    gs.lastAt = at;
    gs.lastValue = count;
    const group = { type: 'AdministrativeArea', departmentId: r.departmentId, divisionCode: code, attrs: null };
    if (!gs.active && count >= r.composite!.minCount) {
      gs.active = true;
      this.#signal('raise', r, gid, 'AdministrativeArea', group, at, count, `${count} entities match in ${code}`, gs);
    } else if (gs.active && count < r.composite!.minCount) {
      gs.active = false;
      this.#signal('clear', r, gid, 'AdministrativeArea', group, at, count, `${count} entities match in ${code}`, gs);
    }
  }

  #clearAll(r: CompiledRule, reason: string): void {
    const at = this.#now();
    for (const [entityId, st] of this.#store.states.get(r.id) ?? []) {
      if (!st.active) continue;
      st.active = false;
      if (r.composite && !entityId.startsWith(GROUP_PREFIX)) continue;
      const ent = this.#store.entities.get(entityId) ?? null;
      this.#signal('clear', r, entityId, entityId.startsWith(GROUP_PREFIX) ? 'AdministrativeArea' : r.entityType, ent, at, null, reason, st);
    }
  }

  #signal(type: RuleSignal['type'], r: CompiledRule, sourceId: string, sourceType: string, ent: Pick<KnownEntity, 'departmentId' | 'divisionCode'> | null | undefined, at: number, value: unknown, reason: string, st: RuleEntityState): void {
    st.signalledAt = at;
    this.#out.push({
      type, ruleId: r.id, ruleVersion: r.version, ruleName: r.name, ruleDepartmentId: r.departmentId, severity: r.severity, sourceId, sourceType,
      departmentId: ent?.departmentId ?? r.departmentId, divisionCode: ent?.divisionCode ?? null, at: new Date(at).toISOString(), value, reason, message: r.message,
    });
  }

  #flushSoon(): void {
    if (this.#out.length) setImmediate(() => void this.#emit());
  }

  async #emit(): Promise<void> {
    if (!this.#out.length) return;
    const batch = this.#out;
    this.#out = [];
    this.stats.signalsEmitted += batch.length;
    try {
      await this.opts.emit(batch);
    } catch (err) {
      this.#error('(emit)', err);
    }
  }

  #error(ruleId: string, err: unknown): void {
    const e = this.stats.errors.get(ruleId) ?? { count: 0, lastError: '', lastAt: 0 };
    e.count++;
    e.lastError = err instanceof Error ? err.message : String(err);
    e.lastAt = this.#now();
    this.stats.errors.set(ruleId, e);
    this.opts.onError?.(ruleId, err);
  }
}

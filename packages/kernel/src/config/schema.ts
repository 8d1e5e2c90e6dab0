import { Type, type Static } from '@sinclair/typebox';

/**
 * Every setting the platform reads, written once: this schema validates the environment,
 * types the config object, and prints the configuration table (`zhicheng config`).
 * Names are the environment variables themselves so documentation and errors say the same word.
 */
const port = (def: number, description: string) =>
  Type.Integer({ minimum: 0, maximum: 65535, default: def, description });
const flag = (def: '0' | '1', description: string) =>
  Type.Union([Type.Literal('0'), Type.Literal('1')], { default: def, description });

export const ConfigSchema = Type.Object({
  PORT: port(8080, 'HTTP port of the console and APIs (0 = any free port).'),
  HOST: Type.String({ default: '0.0.0.0', minLength: 1, description: 'Address the HTTP server binds to.' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info', description: 'pino log level.' },
  ),
  ZC_DATA_DIR: Type.String({ default: './var', minLength: 1, description: 'Data folder of the embedded mode (PGlite database, backups).' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL 15+ connection URL; unset = embedded PGlite under ZC_DATA_DIR.' })),
  ZC_DB_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10, description: 'Connections in the PostgreSQL pool.' }),
  ZC_DB_PREPARE: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on', description: 'on = statements that repeat are prepared once per PostgreSQL connection (one round trip instead of two); off behind a pooler in transaction mode (PgBouncer).' }),
  MQTT_PORT: port(1883, 'Port of the embedded MQTT broker (ignored when MQTT_URL is set; 0 = any free port).'),
  MQTT_URL: Type.Optional(Type.String({ pattern: '^(mqtts?|wss?|tcp)://', description: 'External MQTT broker (Mosquitto, EMQX); unset = embedded broker.' })),
  NATS_URL: Type.Optional(Type.String({ pattern: '^(nats|tls)://', description: 'NATS JetStream server(s), comma-separated; unset = in-process bus.' })),
  ZC_ROLES: Type.String({ default: 'all', pattern: '^(all|(api|ingest|rules|worker)(,(api|ingest|rules|worker))*)$', description: 'Roles this process runs: all, or a comma list of api, ingest, rules, worker.' }),
  ZC_REGION_CODE: Type.String({ default: '513400', pattern: '^\\d{6}$', description: 'GB/T 2260 code of the city or prefecture this platform serves.' }),
  ZC_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 8, description: 'Password of the first administrator `admin`; unset = generated and printed once at first start.' })),
  ZC_DEMO: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on', description: 'on = demo accounts and simulated fleet; off = reference data only.' }),
  ZC_DEMO_PASSWORD: Type.Optional(Type.String({ minLength: 8, description: 'Password of the demo accounts; unset = generated and printed once.' })),
  ZC_BOOTSTRAP_API_KEY: Type.Optional(Type.String({ minLength: 24, description: 'Registers at start an API key with data permissions over the whole region (no user administration).' })),
  ZC_ALLOW_PRIVATE_CALLBACKS: flag('0', '1 = allow outgoing callbacks to loopback and private addresses.'),
  ZC_LDCONTEXT_HOSTS: Type.String({ default: '', description: 'Hosts user @contexts may be fetched from (comma list, * for any).' }),
  ZC_SESSION_IDLE_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 30, description: 'Idle timeout of console sessions.' }),
  ZC_SESSION_MAX_HOURS: Type.Integer({ minimum: 1, maximum: 720, default: 12, description: 'Absolute lifetime of console sessions.' }),
  ZC_LOCKOUT_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 100, default: 5, description: 'Failed logins before an account is locked.' }),
  ZC_LOCKOUT_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 10, description: 'How long a locked account stays locked.' }),
  ZC_SECURITY_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 8, description: 'Password of the security administrator `secadmin`; unset = generated and printed once at first start (changed at first login).' })),
  ZC_AUDIT_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 8, description: 'Password of the audit administrator `auditadmin`; unset = generated and printed once at first start (changed at first login).' })),
  ZC_PASSWORD_MIN_LENGTH: Type.Integer({ minimum: 8, maximum: 64, default: 8, description: 'Shortest password accepted.' }),
  ZC_PASSWORD_MIN_CLASSES: Type.Integer({ minimum: 1, maximum: 4, default: 3, description: 'Kinds of characters a password needs, of lower case, upper case, digits and symbols.' }),
  ZC_PASSWORD_MAX_AGE_DAYS: Type.Integer({ minimum: 0, maximum: 3650, default: 0, description: 'Days after which a password must be changed (0 = never).' }),
  ZC_LOGIN_RATE_LIMIT: Type.Integer({ minimum: 1, maximum: 100000, default: 30, description: 'Login attempts (and other sign-in calls) per minute from one IP address.' }),
  ZC_API_KEY_MAX_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 365, description: 'Longest lifetime of an API key.' }),
  ZC_AUDIT_RETENTION_DAYS: Type.Integer({ minimum: 180, maximum: 36500, default: 180, description: 'Days audit records are kept (at least 180); older ones are pruned daily, the chain stays verifiable.' }),
  ZC_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'Public base URL of this platform (OIDC redirect URL is <ZC_PUBLIC_URL>/api/v1/auth/oidc/callback).' })),
  ZC_OIDC_ISSUER: Type.Optional(Type.String({ pattern: '^https?://', description: 'OpenID Connect issuer URL (e.g. a Keycloak realm); unset = no single sign-on.' })),
  ZC_OIDC_CLIENT_ID: Type.Optional(Type.String({ minLength: 1, description: 'OIDC client id of this platform at the issuer.' })),
  ZC_OIDC_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1, description: 'OIDC client secret (confidential client).' })),
  ZC_OIDC_GROUPS_CLAIM: Type.String({ default: 'groups', minLength: 1, description: 'ID-token/userinfo claim holding the user\'s groups.' }),
  ZC_OIDC_SCOPES: Type.String({ default: 'openid profile email', pattern: '(^|\\s)openid(\\s|$)', description: 'Scopes asked of the OIDC issuer (space-separated, must include openid).' }),
  ZC_OIDC_GROUP_MAP: Type.String({ default: '{}', description: 'JSON: issuer group → { "department": "<id>", "roles": ["operator"], "divisionScope"?: "513401", "departmentScope"?: "<id>" }.' }),
  ZC_RULES_SNAPSHOT_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 30, description: 'How often the rule engine snapshots its window state to the database (also at stop).' }),
  ZC_RULES_TAIL_MINUTES: Type.Integer({ minimum: 0, maximum: 1440, default: 60, description: 'History re-read into the rule engine at start, after its last snapshot, capped at this many minutes.' }),
  ZC_ALARM_ESCALATION_MINUTES: Type.String({ default: 'critical=15,major=30,minor=120,warning=480', pattern: '^(critical|major|minor|warning)=\\d+(,(critical|major|minor|warning)=\\d+)*$', description: 'Minutes an alarm may stay unacknowledged before it escalates, per severity.' }),
  ZC_ALARM_ESCALATION_MAX_LEVEL: Type.Integer({ minimum: 0, maximum: 10, default: 3, description: 'Highest escalation level an unacknowledged alarm climbs to.' }),
  ZC_SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://', description: 'SMTP server for e-mail notifications (smtp://user:pass@host:587 or smtps://…); unset = no e-mail channel.' })),
  ZC_SMTP_FROM: Type.String({ default: 'Zhicheng <noreply@zhicheng.local>', minLength: 3, description: 'Sender address of notification e-mails.' }),
  ZC_SMS_PROVIDER: Type.Union([Type.Literal('log'), Type.Literal('off')], { default: 'log', description: 'SMS provider: log = demo provider that only writes the message to the log (nothing is sent); off = no SMS channel.' }),
  ZC_NOTIFY_RATE_PER_HOUR: Type.Integer({ minimum: 1, maximum: 100000, default: 30, description: 'Notifications one user receives per channel per hour before further ones are held back (critical alarms included).' }),
  ZC_WEBHOOK_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 50, default: 8, description: 'Delivery attempts of one webhook call (exponential backoff from 10 s) before it is given up.' }),
  ZC_SIMULATOR: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on', description: 'With ZC_DEMO=on: run the simulated Liangshan fleet in process, through the device APIs.' }),
  ZC_SIMULATOR_DEVICES: Type.Integer({ minimum: 13, maximum: 1_000_000, default: 400, description: 'Size of the in-process simulated fleet.' }),
  ZC_SIMULATOR_SPEED: Type.Number({ exclusiveMinimum: 0, maximum: 10_000, default: 1, description: 'Simulated seconds per real second of the in-process fleet.' }),
  ZC_SIMULATOR_BACKFILL_DAYS: Type.Integer({ minimum: 0, maximum: 400, default: 7, description: 'Days of history the in-process fleet replays at its first start (through the telemetry API).' }),
  ZC_SECRET_KEY: Type.Optional(Type.String({ minLength: 32, description: 'Key that encrypts secrets at rest (32 bytes, base64 or hex); unset = a key file created once in ZC_DATA_DIR.' })),
  ZC_TRUST_PROXY: Type.String({ default: 'off', pattern: '^(off|true|\\d+|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$', description: 'Reverse proxies whose X-Forwarded-For is trusted for client addresses (rate limits, audit): off, true, a hop count, or a comma list of addresses/CIDRs.' }),
  ZC_MIGRATE: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on', description: 'on = apply pending migrations at start; off = the database role may not change the schema (two-role setup): the start stops if any migration is pending.' }),
  ZC_SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600000, default: 15000, description: 'Longest graceful shutdown before the process exits anyway.' }),
  ZC_NGSI_HISTORY_DAYS: Type.Integer({ minimum: 1, maximum: 36500, default: 400, description: 'Days the NGSI-LD broker keeps raw attribute history (whole day partitions are dropped after).' }),
  ZC_NGSI_ROLLUP_DAYS: Type.Integer({ minimum: 1, maximum: 36500, default: 3650, description: 'Days the NGSI-LD broker keeps hourly rollups of numeric attributes.' }),
  ZC_NGSI_RETENTION: Type.String({ default: '{}', description: 'JSON: entity type (short name) → { "historyDays"?: n, "rollupDays"?: n }, overriding the two defaults per type.' }),
  ZC_INGEST_MAX_QUEUED: Type.Integer({ minimum: 100, maximum: 1000000, default: 50000, description: 'Telemetry messages held in memory awaiting their durable write; beyond it MQTT reading pauses and HTTP telemetry answers 503.' }),
  ZC_INGEST_BATCH: Type.Integer({ minimum: 1, maximum: 100000, default: 5000, description: 'Telemetry messages written per database transaction (group commit).' }),
  ZC_INGEST_WRITERS: Type.Integer({ minimum: 1, maximum: 16, default: 1, description: 'Telemetry batches written at the same time (PGlite always uses 1); batches of the same devices contend for the same entity rows, so more than 1 rarely helps.' }),
  ZC_INGEST_SHARED_GROUP: Type.String({ default: 'zhicheng-ingest', pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'MQTT 5 shared-subscription group the ingest processes join on an external broker ($share/<group>/…).' }),
  ZC_INGEST_HANDOFF: Type.Union([Type.Literal('auto'), Type.Literal('direct')], { default: 'auto', description: 'auto = with NATS_URL, ingest processes hand telemetry batches to a JetStream stream (file storage) and worker processes write them; direct = ingest processes write to the database themselves.' }),
  ZC_INGEST_STREAM: Type.String({ default: 'ZC_INGEST', pattern: '^[A-Z][A-Z0-9_]{0,31}$', description: 'Name of the ingestion JetStream stream (its subject and writer consumer derive from it); distinct per platform sharing one NATS.' }),
  ZC_INGEST_STREAM_REPLICAS: Type.Integer({ minimum: 1, maximum: 5, default: 1, description: 'Replicas of the ingestion JetStream stream (3 on a clustered NATS).' }),
  ZC_BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, maximum: 268435456, default: 1048576, description: 'Largest request body accepted by the HTTP API.' }),
});

export type Config = Static<typeof ConfigSchema>;

import { Value } from '@sinclair/typebox/value';
import { ConfigError } from '../errors.js';
import { ConfigSchema, type Config } from './schema.js';

/**
 * Reads the settings once from an environment-like record, validates and types them.
 * Modules receive the result; they never read `process.env` themselves.
 * Empty strings count as unset so `FOO=` in a shell does not turn into an invalid value.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.properties)) {
    const v = env[key];
    if (v !== undefined && v.trim() !== '') raw[key] = v.trim();
  }
  const withDefaults = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, raw));
  const first = Value.Errors(ConfigSchema, withDefaults).First();
  if (first) {
    const setting = first.path.replace(/^\//, '') || 'configuration';
    const got = raw[setting];
    const spec = (ConfigSchema.properties as Record<string, { description?: string }>)[setting];
    throw new ConfigError(
      setting,
      `${first.message}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}${spec?.description ? ` — ${spec.description}` : ''}`,
    );
  }
  return withDefaults as Config;
}

/** Rows for the configuration table (README, `zhicheng config`). */
export function describeConfig(): { name: string; default: string; description: string }[] {
  return Object.entries(ConfigSchema.properties).map(([name, s]) => {
    const spec = s as { default?: unknown; description?: string };
    return { name, default: spec.default === undefined ? '' : String(spec.default), description: spec.description ?? '' };
  });
}

export function rolesOf(config: Config): Set<'api' | 'ingest' | 'rules' | 'worker'> {
  const all = ['api', 'ingest', 'rules', 'worker'] as const;
  if (config.ZC_ROLES === 'all') return new Set(all);
  return new Set(config.ZC_ROLES.split(',') as (typeof all)[number][]);
}

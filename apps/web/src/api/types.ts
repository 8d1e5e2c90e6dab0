/**
 * Response shapes of the server's API, as the console uses them.
 *
 * These mirror the server's schemas (apps/server and packages/identity, packages/geo) and
 * will be replaced by `import type` from those packages once they export their TypeBox
 * types; until then keep them to the fields the console reads.
 */
import type { FeatureCollection, Geometry } from 'geojson';

/** RFC 7807 problem details, with the platform's stable error code. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  instance?: string;
  /** Validation problems name each failing field: `{ path: 'body/username', message }`. */
  errors?: FieldError[];
}

export interface FieldError {
  path: string;
  message: string;
}

export interface LoginRequest {
  username: string;
  password: string;
  totp?: string;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  mustChangePassword: boolean;
  /** Administrators must enrol an authenticator app (TOTP) before using the API. */
  mustEnrollTotp?: boolean;
}

export interface CurrentUser {
  id: string;
  kind?: 'user' | 'apiKey';
  username: string;
  displayName: string;
  department: { id: string; name: string } | null;
  roles: string[];
  permissions: string[];
  mustChangePassword?: boolean;
  mustEnrollTotp?: boolean;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** `POST /api/v1/auth/totp/enroll`: a new secret, confirmed with a code from the app. */
export interface TotpEnrolment {
  secret: string;
  otpauthUrl: string;
}

/** `GET /api/v1/system/info` (kernel `SystemInfoSchema`; public). */
export interface SystemInfo {
  product: string;
  version: string;
  regionCode: string;
  /** The prefecture's name, e.g. 凉山彝族自治州; null before divisions are loaded. */
  regionName: string | null;
  demo: boolean;
  engines: { database: string; broker: string; bus: string };
  /** Raster tiles under the console map (ZC_MAP_TILE_URL), or null: the boundaries are the base. */
  map?: { tileUrl: string | null; tileAttribution: string | null };
}

export type HealthStatus = 'ok' | 'degraded' | 'down';

/** One component's check; `off` when it is not configured (e.g. no MQTT broker). */
export interface HealthCheck {
  status: 'ok' | 'degraded' | 'down' | 'off';
  engine?: string;
  latencyMs?: number;
  mode?: string;
  port?: number;
  error?: string;
}

/** `GET /healthz` (kernel `HealthSchema`; 503 with the same body when down). */
export interface HealthReport {
  status: HealthStatus;
  checks: Record<string, HealthCheck | undefined>;
  version: string;
  uptimeSeconds: number;
}

export type DivisionLevel = 'province' | 'prefecture' | 'county' | 'township' | 'village';

export interface Division {
  code: string;
  name: string;
  level: DivisionLevel | string;
  parentCode: string | null;
}

export interface DivisionList {
  items: Division[];
  total: number;
}

export interface BoundaryProperties extends Division {
  /** Label point [lon, lat]; null when the import had none. */
  center: [number, number] | null;
  areaKm2?: number | null;
}

export type BoundaryCollection = FeatureCollection<Geometry, BoundaryProperties>;

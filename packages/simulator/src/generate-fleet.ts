import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import destination from '@turf/destination';
import { CHEMICAL_SITES, CROPS, FOREST_COUNTIES, G5, MINES, NATIONAL_ROADS, NOISE_ZONES, QIONGHAI, RIVERS, SCENIC_SPOTS } from './places.js';
import { mulberry32 } from './random.js';
import { ENTITY_TYPES, MIX, type CountyShape, type Defect, type DeviceKind, type SimDevice } from './fleet-types.js';

export interface FleetOptions {
  seed: number;
  /** Total devices (default 400, the demo); kinds keep their shares. */
  devices?: number;
  /** Share of devices with a realistic defect (silent, drift, spike, malformed). */
  defectRate?: number;
}

const XICHANG = '513401';

/**
 * Places a deterministic fleet inside the county boundaries, near plausible places: county
 * seats, river valleys, the G5 and national roads, scenic spots, mines and chemical parks.
 * Every position is checked with point-in-polygon against its county.
 */
export function generateFleet(counties: CountyShape[], opts: FleetOptions): SimDevice[] {
  const total = Math.max(13, opts.devices ?? 400);
  const rng = mulberry32(opts.seed);
  const byCode = new Map(counties.map((c) => [c.code, c]));
  const countyAt = (lon: number, lat: number) => counties.find((c) => booleanPointInPolygon([lon, lat], c.geometry))?.code ?? null;
  const devices: SimDevice[] = [];
  // Devices numbered per kind and county (a count, not a scan: fleets of 100,000 are generated).
  const perPlace = new Map<string, number>();

  /** A point within `km` of the anchor and inside `county` (or any county when null). */
  const near = (lon: number, lat: number, km: number, county: string | null): [number, number, string] | null => {
    for (let i = 0; i < 60; i++) {
      const p = destination([lon, lat], Math.sqrt(rng()) * km, rng() * 360 - 180, { units: 'kilometers' }).geometry.coordinates as [number, number];
      const c = county ? (booleanPointInPolygon(p, byCode.get(county)!.geometry) ? county : null) : countyAt(p[0], p[1]);
      if (c) return [round(p[0]), round(p[1]), c];
    }
    const c = countyAt(lon, lat);
    return c && (!county || c === county) ? [lon, lat, c] : null;
  };
  const alongLine = (line: [number, number][], km: number): [number, number, string] | null => {
    const i = Math.floor(rng() * (line.length - 1));
    const t = rng();
    const [a, b] = [line[i]!, line[i + 1]!];
    return near(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, km, null);
  };
  const seat = (code: string) => byCode.get(code)!.center;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const countyCodes = counties.map((c) => c.code).sort();

  const add = (kind: DeviceKind, at: [number, number, string] | null, props: Record<string, string | number> = {}, label?: string) => {
    if (!at) return;
    const n = (perPlace.get(`${kind}/${at[2]}`) ?? 0) + 1;
    perPlace.set(`${kind}/${at[2]}`, n);
    const id = `sim-${kind}-${at[2]}-${String(n).padStart(3, '0')}`;
    const countyName = byCode.get(at[2])?.name ?? at[2];
    devices.push({
      id, kind, entityType: ENTITY_TYPES[kind], entityId: `urn:ngsi-ld:${ENTITY_TYPES[kind]}:${id}`,
      name: `${label ?? countyName}${MIX[kind].label} ${n}`, county: at[2], lon: at[0], lat: at[1],
      intervalMs: MIX[kind].intervalMs, props, defect: null,
    });
  };

  const count = (kind: DeviceKind) => Math.max(1, Math.round(total * MIX[kind].share));
  for (let i = 0; i < count('air'); i++) {
    // Every county has a station; Xichang, the city, has more.
    const code = i < countyCodes.length ? countyCodes[i]! : rng() < 0.5 ? XICHANG : pick(countyCodes);
    add('air', near(...seat(code), code === XICHANG ? 8 : 4, code));
  }
  for (let i = 0; i < count('weather'); i++) {
    const code = countyCodes[i % countyCodes.length]!;
    add('weather', near(...seat(code), 15, code));
  }
  for (let i = 0; i < count('water'); i++) {
    if (i === 0) {
      add('water', near(QIONGHAI.lon, QIONGHAI.lat, 1.5, XICHANG), { waterbody: 'lake', targetClass: 'II', section: '邛海' }, '邛海');
      continue;
    }
    const river = RIVERS[i % RIVERS.length]!;
    add('water', alongLine(river.points, 1), { waterbody: 'river', targetClass: river.target, section: river.name }, river.name);
  }
  for (let i = 0; i < count('noise'); i++) {
    const z = NOISE_ZONES[i % NOISE_ZONES.length]!;
    add('noise', near(z.lon, z.lat, 1.2, XICHANG), { zone: z.zone, zoneLabel: z.label });
  }
  for (let i = 0; i < count('traffic'); i++) {
    const onG5 = i % 2 === 0;
    add('traffic', alongLine(onG5 ? G5 : pick(NATIONAL_ROADS), 0.3), { road: onG5 ? 'G5' : 'national', lanes: onG5 ? 4 : 2 });
  }
  for (let i = 0; i < count('parking'); i++) add('parking', near(...seat(XICHANG), 3, XICHANG), { category: 'onStreet' });
  for (let i = 0; i < count('streetlight'); i++) add('streetlight', near(...seat(i % 4 === 0 ? pick(countyCodes) : XICHANG), 4, null), { powerRatingW: 150 });
  for (let i = 0; i < count('manhole'); i++) add('manhole', near(...seat(XICHANG), 4, XICHANG), { controlledProperty: 'tilt' });
  for (let i = 0; i < count('farm'); i++) {
    const c = CROPS[i % CROPS.length]!;
    add('farm', near(...seat(c.county), 12, c.county), { crop: c.crop }, c.crop);
  }
  for (let i = 0; i < count('fire'); i++) {
    const code = FOREST_COUNTIES[i % FOREST_COUNTIES.length]!;
    add('fire', near(...seat(code), 30, code));
  }
  for (let i = 0; i < count('safety'); i++) {
    const isMine = i % 2 === 0;
    const site = isMine ? MINES[i % MINES.length]! : CHEMICAL_SITES[i % CHEMICAL_SITES.length]!;
    add('safety', near(site.lon, site.lat, 1, site.county), { site: site.name, siteKind: isMine ? 'mine' : 'chemical' }, site.name);
  }
  for (let i = 0; i < count('scenic'); i++) {
    const s = SCENIC_SPOTS[i % SCENIC_SPOTS.length]!;
    add('scenic', near(s.lon, s.lat, 0.8, s.county), { spot: s.name, capacity: s.capacity }, s.name);
  }
  for (let i = 0; i < count('wearable'); i++) {
    const code = rng() < 0.6 ? XICHANG : pick(countyCodes);
    // Synthetic wearers only: an age and nothing that identifies a person.
    add('wearable', near(...seat(code), 5, code), { wearerAge: 65 + Math.floor(rng() * 30), synthetic: 'yes' });
  }

  const rate = opts.defectRate ?? 0.02;
  const defects: Defect[] = ['silent', 'drift', 'spike', 'malformed'];
  for (const d of devices) if (rng() < rate) d.defect = pick(defects);
  return devices;
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;

import type { IdentityContext } from './identity-context.js';
import type { DepartmentKind } from './departments-repository.js';

/** Functional departments of a prefecture-level government (key → name after the place name). */
const PREFECTURE_BUREAUS: [string, string, DepartmentKind][] = [
  ['bdc', '大数据中心', 'centre'], ['ioc', '城市运行管理中心', 'centre'], ['eeb', '生态环境局', 'bureau'], ['agri', '农业农村局', 'bureau'],
  ['forestry', '林业和草原局', 'bureau'], ['transport', '交通运输局', 'bureau'], ['urban', '城市管理局', 'bureau'], ['emergency', '应急管理局', 'bureau'],
  ['market', '市场监督管理局', 'bureau'], ['health', '卫生健康委员会', 'bureau'], ['civil', '民政局', 'bureau'], ['police', '公安局', 'bureau'],
  ['culture', '文化广电旅游局', 'bureau'],
];

/** County-level: a smaller set; cities have a 城市管理局, counties a 综合行政执法局 for the same work. */
const COUNTY_BUREAUS: [string, string, DepartmentKind][] = [
  ['emergency', '应急管理局', 'bureau'], ['agri', '农业农村局', 'bureau'], ['transport', '交通运输局', 'bureau'], ['health', '卫生健康局', 'bureau'],
  ['civil', '民政局', 'bureau'], ['market', '市场监督管理局', 'bureau'], ['police', '公安局', 'bureau'],
];

/** The name governments use for themselves where it differs from the division's full name. */
const SHORT_NAMES: Record<string, string> = { '513400': '凉山州' };

export const departmentId = (divisionCode: string, key: string) => `dept_${divisionCode}_${key}`;

/**
 * The region's org tree as reference data, seeded in every mode (a city needs its
 * departments before anyone can be placed in one): the region's government with its
 * bureaus, and each county-level government below it with a few bureaus of its own.
 * Existing departments are left as they are, so local changes survive restarts.
 */
export async function seedDepartments(c: IdentityContext): Promise<number> {
  const region = c.config.ZC_REGION_CODE;
  let rows: { code: string; name: string; level: string; parent_code: string | null }[] = [];
  try {
    rows = await c.db.query('select code, name, level, parent_code from geo.divisions where code = $1 or (parent_code = $1 and length(code) = 6) order by code', [region]);
  } catch {
    rows = [];
  }
  const top = rows.find((r) => r.code === region);
  const topName = SHORT_NAMES[region] ?? top?.name ?? `行政区划${region}`;
  let created = 0;
  const add = async (id: string, name: string, kind: DepartmentKind, parent: { id: string; path: string[] } | null, division: string) => {
    if (await c.departments.insert({ id, name, kind, parentId: parent?.id ?? null, divisionCode: division }, parent?.path ?? null)) created++;
    return { id, path: [...(parent?.path ?? []), id] };
  };
  const gov = await add(departmentId(region, 'gov'), `${topName}人民政府`, 'government', null, region);
  for (const [key, name, kind] of PREFECTURE_BUREAUS) await add(departmentId(region, key), `${topName}${name}`, kind, gov, region);
  for (const county of rows.filter((r) => r.code !== region)) {
    const cgov = await add(departmentId(county.code, 'gov'), `${county.name}人民政府`, 'government', gov, county.code);
    const isCity = county.name.endsWith('市');
    const own: [string, string, DepartmentKind][] = [...COUNTY_BUREAUS, isCity ? ['urban', '城市管理局', 'bureau'] : ['urban', '综合行政执法局', 'bureau']];
    for (const [key, name, kind] of own) await add(departmentId(county.code, key), `${county.name}${name}`, kind, cgov, county.code);
  }
  if (created) {
    c.subtrees.invalidateDepartments();
    c.log.info({ created, region }, 'seeded the department tree of the region');
  }
  return created;
}

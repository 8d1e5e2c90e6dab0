/**
 * Anchor places of Liangshan the fleet is placed near. Coordinates are approximate public
 * map positions (WGS84, ~1 km), good enough for a demonstration fleet; county seats come from
 * the boundary data's `center` instead. Rivers are polylines of a few points along the valley.
 */
export interface Anchor {
  name: string;
  county: string;
  lon: number;
  lat: number;
}

export const SCENIC_SPOTS: (Anchor & { capacity: number })[] = [
  { name: '邛海—泸山', county: '513401', lon: 102.295, lat: 27.83, capacity: 60_000 },
  { name: '泸沽湖', county: '513423', lon: 100.79, lat: 27.71, capacity: 25_000 },
  { name: '会理古城', county: '513402', lon: 102.245, lat: 26.655, capacity: 30_000 },
  { name: '雷波马湖', county: '513437', lon: 103.72, lat: 28.36, capacity: 8_000 },
  { name: '螺髻山', county: '513428', lon: 102.37, lat: 27.59, capacity: 10_000 },
  { name: '灵山寺', county: '513433', lon: 102.12, lat: 28.48, capacity: 12_000 },
];

export const QIONGHAI: Anchor = { name: '邛海', county: '513401', lon: 102.3, lat: 27.815 };

/** River valleys as [lon, lat] points, upstream first, with the counties they cross. */
export const RIVERS: { name: string; points: [number, number][]; target: 'II' | 'III' }[] = [
  { name: '安宁河', target: 'III', points: [[102.17, 28.7], [102.18, 28.55], [102.2, 28.3], [102.23, 28.05], [102.22, 27.85], [102.18, 27.6], [102.17, 27.4], [102.1, 27.2]] },
  { name: '雅砻江', target: 'II', points: [[101.35, 28.7], [101.55, 28.3], [101.7, 27.95], [101.85, 27.6], [101.83, 27.3], [101.8, 27.05]] },
  { name: '金沙江', target: 'II', points: [[101.95, 26.4], [102.45, 26.35], [102.8, 26.55], [103.05, 26.95], [103.2, 27.35], [103.45, 27.75], [103.6, 28.05], [103.75, 28.3]] },
];

/** G5 Beijing–Kunming expressway through the Anning valley, north to south. */
export const G5: [number, number][] = [[102.17, 28.78], [102.17, 28.55], [102.2, 28.3], [102.25, 28.05], [102.27, 27.9], [102.2, 27.6], [102.17, 27.38]];
/** National roads: G108 (Xichang–Huili), G348 (Xichang–Zhaojue–Leibo), G227 (Xichang–Yanyuan). */
export const NATIONAL_ROADS: [number, number][][] = [
  [[102.26, 27.88], [102.25, 27.4], [102.24, 26.95], [102.25, 26.66]],
  [[102.3, 27.9], [102.6, 27.98], [102.84, 28.0], [103.2, 28.2], [103.57, 28.26]],
  [[102.25, 27.88], [101.9, 27.6], [101.52, 27.43]],
];

export const MINES: Anchor[] = [
  { name: '会理锌矿', county: '513402', lon: 102.13, lat: 26.58 },
  { name: '会东铅锌矿', county: '513426', lon: 102.58, lat: 26.63 },
  { name: '甘洛铅锌矿', county: '513435', lon: 102.77, lat: 28.98 },
  { name: '盐源煤矿', county: '513423', lon: 101.52, lat: 27.45 },
];
export const CHEMICAL_SITES: Anchor[] = [
  { name: '西昌钒钛产业园', county: '513401', lon: 102.18, lat: 27.77 },
  { name: '德昌化工园区', county: '513424', lon: 102.18, lat: 27.41 },
  { name: '冕宁稀土产业园', county: '513433', lon: 102.18, lat: 28.52 },
];

/** Counties with large forests, where fire-risk points stand. */
export const FOREST_COUNTIES = ['513422', '513423', '513433', '513424', '513426', '513427', '513428', '513401'];

/** Signature crops by county (the farm-plot soil sensors). */
export const CROPS: { county: string; crop: string }[] = [
  { county: '513402', crop: '会理石榴' },
  { county: '513423', crop: '盐源苹果' },
  { county: '513437', crop: '雷波脐橙' },
  { county: '513430', crop: '金阳青花椒' },
  { county: '513429', crop: '布拖乌洋芋' },
  { county: '513426', crop: '会东松露' },
];

/** Xichang's functional noise zones (GB 3096 classes) with a representative point each. */
export const NOISE_ZONES: { zone: '1' | '2' | '3' | '4a'; lon: number; lat: number; label: string }[] = [
  { zone: '1', lon: 102.265, lat: 27.9, label: '居住文教区' },
  { zone: '2', lon: 102.27, lat: 27.885, label: '商业混合区' },
  { zone: '3', lon: 102.19, lat: 27.775, label: '工业区' },
  { zone: '4a', lon: 102.28, lat: 27.87, label: '干线道路两侧' },
];

import { describe, expect, it } from 'vitest';
import { parseBoundaryGeoJson } from './boundary-import.js';

const square = (x: number, y: number, d = 0.1, clockwise = true) => {
  const ring = [[x, y], [x, y + d], [x + d, y + d], [x + d, y], [x, y]];
  return { type: 'Polygon', coordinates: [clockwise ? ring : ring.reverse()] };
};
const feature = (props: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties: props, geometry });

describe('parseBoundaryGeoJson', () => {
  it('turns valid features into rows with level, parent, bbox, area and RFC 7946 winding', () => {
    const { rows, errors } = parseBoundaryGeoJson({ type: 'FeatureCollection', features: [feature({ adcode: '513401', name: '西昌市' }, square(102, 27.8))] });
    expect(errors).toEqual([]);
    const r = rows[0]!;
    expect(r).toMatchObject({ code: '513401', name: '西昌市', level: 'county', parentCode: '513400' });
    r.bbox.forEach((v, i) => expect(v).toBeCloseTo([102, 27.8, 102.1, 27.9][i]!, 9));
    expect(r.areaKm2).toBeGreaterThan(100);
    expect(r.areaKm2).toBeLessThan(120);
    // exterior ring counter-clockwise after rewinding: signed area > 0
    const ring = (r.boundary.coordinates as number[][][])[0]!;
    let s = 0;
    for (let i = 0; i < ring.length - 1; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
    expect(s).toBeGreaterThan(0);
  });

  it('reports every invalid feature with its index and reason', () => {
    const { rows, errors } = parseBoundaryGeoJson({
      type: 'FeatureCollection',
      features: [
        feature({ name: 'no code' }, square(1, 1)),
        feature({ adcode: 'x1' }, square(1, 1)),
        feature({ adcode: '513402' }, { type: 'Point', coordinates: [1, 1] }),
        feature({ adcode: '513403' }, { type: 'Polygon', coordinates: [[[0, 0], [0, 1], [1, 1], [1, 0]]] }),
        feature({ adcode: '513404' }, { type: 'Polygon', coordinates: [[[500000, 3000000], [500000, 3000100], [500100, 3000100], [500000, 3000000]]] }),
        feature({ adcode: '513405' }, square(1, 1)),
        feature({ adcode: '513405' }, square(1, 1)),
      ],
    });
    expect(errors.map((e) => [e.index, e.reason.split(' ')[0]])).toEqual([
      [0, 'no'], [1, '"x1"'], [2, 'geometry'], [3, 'a'], [4, 'position'], [6, 'code'],
    ]);
    expect(rows).toHaveLength(1);
  });

  it('rejects what is not GeoJSON at all', () => {
    expect(parseBoundaryGeoJson({ hello: 1 }).errors[0]!.reason).toMatch(/FeatureCollection/);
    expect(parseBoundaryGeoJson(null).errors).toHaveLength(1);
  });
});

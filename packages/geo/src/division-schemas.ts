import { Type, type Static } from '@sinclair/typebox';

export const DivisionLevel = Type.Union([Type.Literal('province'), Type.Literal('prefecture'), Type.Literal('county'), Type.Literal('township'), Type.Literal('village')]);
export type DivisionLevel = 'province' | 'prefecture' | 'county' | 'township' | 'village';

export const DivisionCode = Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$', description: 'GB/T 2260 code (6 digits) or NBS statistical code (9 or 12 digits)' });

export const DivisionSummary = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: DivisionLevel,
  parentCode: Type.Union([Type.String(), Type.Null()]),
  center: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]),
});
export type DivisionSummary = Static<typeof DivisionSummary>;

export const DivisionDetail = Type.Composite([
  DivisionSummary,
  Type.Object({
    path: Type.Array(Type.String()),
    bbox: Type.Union([Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]), Type.Null()]),
    areaKm2: Type.Union([Type.Number(), Type.Null()]),
    hasBoundary: Type.Boolean(),
    source: Type.String(),
    childCount: Type.Integer(),
  }),
]);
export type DivisionDetail = Static<typeof DivisionDetail>;

export const DivisionList = Type.Object({ items: Type.Array(DivisionSummary), total: Type.Integer() });

export const ListDivisionsQuery = Type.Object({
  parent: Type.Optional(DivisionCode),
  level: Type.Optional(DivisionLevel),
  q: Type.Optional(Type.String({ maxLength: 50, description: 'Substring of the name' })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

export const BoundariesQuery = Type.Object({
  level: Type.Optional(DivisionLevel),
  parent: Type.Optional(DivisionCode),
  code: Type.Optional(DivisionCode),
});

export const LocateQuery = Type.Object({
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
});

const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 3 });
export const PolygonGeometry = Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Position)) });
export const MultiPolygonGeometry = Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Array(Type.Array(Position))) });
export type AreaGeometry = Static<typeof PolygonGeometry> | Static<typeof MultiPolygonGeometry>;

export const BoundaryFeature = Type.Object({
  type: Type.Literal('Feature'),
  properties: Type.Object({
    code: Type.String(),
    name: Type.String(),
    level: DivisionLevel,
    parentCode: Type.Union([Type.String(), Type.Null()]),
    center: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]),
    areaKm2: Type.Union([Type.Number(), Type.Null()]),
  }),
  geometry: Type.Union([PolygonGeometry, MultiPolygonGeometry]),
});
export const BoundaryCollection = Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(BoundaryFeature) });

export const ImportQuery = Type.Object({
  codeProperty: Type.String({ default: 'adcode', maxLength: 64, description: 'Feature property holding the division code (falls back to `code`).' }),
  nameProperty: Type.String({ default: 'name', maxLength: 64 }),
});

export const ImportResult = Type.Object({
  inserted: Type.Integer(),
  updated: Type.Integer(),
  errors: Type.Array(Type.Object({ index: Type.Integer(), code: Type.Union([Type.String(), Type.Null()]), reason: Type.String() })),
});
export type ImportResult = Static<typeof ImportResult>;

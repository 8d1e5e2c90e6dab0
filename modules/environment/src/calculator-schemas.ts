import { Type } from '@sinclair/typebox';

const Conc = (description: string) => Type.Optional(Type.Number({ description }));

export const AqiQuery = Type.Object({
  pm25: Conc('PM2.5, µg/m³'),
  pm10: Conc('PM10, µg/m³'),
  so2: Conc('SO2, µg/m³'),
  no2: Conc('NO2, µg/m³'),
  co: Conc('CO, mg/m³'),
  o3: Conc('O3 1-hour (daily maximum for period=day), µg/m³'),
  o3_8h: Conc('O3 8-hour moving average (daily maximum for period=day), µg/m³'),
  so2_24h: Conc('SO2 24-hour average, µg/m³: needed only when SO2 1h exceeds 800 (HJ 633 footnote)'),
  period: Type.Union([Type.Literal('hour'), Type.Literal('day')], {
    default: 'hour',
    description: 'hour = real-time report (1-hour SO2/NO2/CO rows; PM uses the 24-hour rows, common practice, not a rule of the standard); day = daily report.',
  }),
  at: Type.Optional(Type.String({ format: 'date-time', description: 'Observation time; chooses the HJ 633 edition in force (default now).' })),
});

const Zh = Type.Object({ zh: Type.String(), en: Type.String() });
const Keyed = Type.Record(Type.String(), Type.Number());

export const AqiResponse = Type.Object({
  aqi: Type.Integer(),
  level: Type.Integer({ minimum: 1, maximum: 6 }),
  category: Zh,
  categoryKey: Type.String(),
  color: Type.Object({ hex: Type.String(), rgb: Type.Tuple([Type.Integer(), Type.Integer(), Type.Integer()]) }),
  primaryPollutants: Type.Array(Type.String()),
  exceedingPollutants: Type.Array(Type.String()),
  iaqi: Keyed,
  basis: Type.Record(Type.String(), Type.String()),
  edition: Type.String(),
});

const Param = (description: string) => Type.Optional(Type.Number({ description }));
export const WaterQuery = Type.Object({
  ph: Param('pH'),
  do: Param('dissolved oxygen, mg/L'),
  codmn: Param('permanganate index, mg/L'),
  cod: Param('chemical oxygen demand, mg/L'),
  bod5: Param('five-day BOD, mg/L'),
  nh3n: Param('ammonia nitrogen, mg/L'),
  tp: Param('total phosphorus, mg/L'),
  tn: Param('total nitrogen, mg/L (evaluated for lakes and reservoirs only)'),
  waterbody: Type.Union([Type.Literal('river'), Type.Literal('lake')], { default: 'river' }),
});

export const WaterResponse = Type.Object({
  class: Type.String(),
  classNumber: Type.Integer({ minimum: 1, maximum: 6 }),
  label: Zh,
  worstParameters: Type.Array(Type.String()),
  perParameter: Type.Record(Type.String(), Type.Object({ value: Type.Number(), class: Type.String(), classNumber: Type.Integer() })),
  notEvaluated: Type.Array(Type.String()),
  standard: Type.String(),
});

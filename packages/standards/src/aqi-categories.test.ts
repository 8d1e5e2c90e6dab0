import { describe, it, expect } from 'vitest';
import { AQI_CATEGORIES, aqiCategory } from './aqi-categories.js';

describe('AQI categories', () => {
  it('matches the listed categories and colours', () => {
    expect(AQI_CATEGORIES.map((c) => [c.level, c.category.zh, c.key, c.color.rgb, c.color.hex])).toEqual([
      [1, '优', 'excellent', [0, 228, 0], '#00E400'],
      [2, '良', 'good', [255, 255, 0], '#FFFF00'],
      [3, '轻度污染', 'lightly', [255, 126, 0], '#FF7E00'],
      [4, '中度污染', 'moderately', [255, 0, 0], '#FF0000'],
      [5, '重度污染', 'heavily', [153, 0, 76], '#99004C'],
      [6, '严重污染', 'severely', [126, 0, 35], '#7E0023'],
    ]);
  });

  it('hex agrees with rgb', () => {
    for (const c of AQI_CATEGORIES) {
      const hex = `#${c.color.rgb.map((n) => n.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
      expect(c.color.hex).toBe(hex);
    }
  });

  it.each([
    [0, 1], [50, 1], [51, 2], [100, 2], [101, 3], [150, 3], [151, 4], [200, 4], [201, 5], [300, 5], [301, 6], [500, 6],
  ])('AQI %i is level %i', (aqi, level) => {
    expect(aqiCategory(aqi).level).toBe(level);
  });

  it('rejects negative and non-finite AQI', () => {
    expect(() => aqiCategory(-1)).toThrow();
    expect(() => aqiCategory(Number.NaN)).toThrow();
  });
});

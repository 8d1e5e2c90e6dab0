/**
 * Map colours come from the theme's CSS variables (styles/theme.css, `--map-*`),
 * so the map follows the light and dark themes like the rest of the page.
 */
export interface MapPalette {
  background: string;
  countyFill: string;
  countyFillHover: string;
  countyFillSelected: string;
  countyLine: string;
  countySelectedLine: string;
  prefectureLine: string;
}

const VARIABLES: Record<keyof MapPalette, string> = {
  background: '--map-background',
  countyFill: '--map-county-fill',
  countyFillHover: '--map-county-fill-hover',
  countyFillSelected: '--map-county-fill-selected',
  countyLine: '--map-county-line',
  countySelectedLine: '--map-county-selected-line',
  prefectureLine: '--map-prefecture-line',
};

export function readPalette(element: Element = document.documentElement): MapPalette {
  const style = getComputedStyle(element);
  const palette = {} as MapPalette;
  for (const [key, variable] of Object.entries(VARIABLES) as [keyof MapPalette, string][]) {
    palette[key] = style.getPropertyValue(variable).trim() || '#888888';
  }
  return palette;
}

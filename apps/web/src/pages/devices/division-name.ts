/**
 * The name of a device's division: a county by its own name, a township (9 digits) by its
 * county's, since the console loads the region's counties only.
 */
export function divisionName(names: Map<string, string>, code: string | null): string | null {
  if (!code) return null;
  return names.get(code) ?? names.get(code.slice(0, 6)) ?? code;
}

/** 24×24 stroke icons (drawn for this console), referenced by name from the page registry. */
export const ICON_PATHS = {
  map: 'M9 4 3 6v14l6-2 6 2 6-2V4l-6 2-6-2Zm0 0v14m6-12v14',
  activity: 'M3 12h4l3-8 4 16 3-8h4',
  globe: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm-9 9h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3Z',
  sun: 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8Zm0-5v2m0 14v2M3 12h2m14 0h2M5.6 5.6l1.4 1.4m10 10 1.4 1.4M5.6 18.4 7 17m10-10 1.4-1.4',
  moon: 'M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5Z',
  user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm-7 8c.8-3.4 3.6-5 7-5s6.2 1.6 7 5',
  logout: 'M15 4h4v16h-4M10 8l-4 4 4 4m-4-4h11',
  key: 'M14 10a4 4 0 1 0-3.2 3.9L13 16h2v2h2v2h3v-3l-6.1-6.1c.1-.3.1-.6.1-.9Z',
  close: 'M6 6l12 12M18 6 6 18',
  chevronDown: 'm6 9 6 6 6-6',
  refresh: 'M20 12a8 8 0 1 1-2.3-5.7M20 4v4h-4',
  plus: 'M12 5v14M5 12h14',
  users: 'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Zm-6 9c.6-3 3-4.5 6-4.5s5.4 1.5 6 4.5m1-9.2a3 3 0 1 0 0-5.6M18 15.6c1.6.6 2.7 2 3 4.4',
  building: 'M4 21V5l8-2v18m0-12h8v12M4 21h17M7 8h2m-2 4h2m-2 4h2m6-3h2m-2 4h2',
  shield: 'M12 3 5 6v5c0 4.5 3 8.3 7 10 4-1.7 7-5.5 7-10V6l-7-3Zm-3 9 2 2 4-4',
  monitor: 'M3 5h18v11H3zM8 20h8m-4-4v4',
  fileText: 'M6 3h8l4 4v14H6zM14 3v4h4M9 12h6m-6 4h6',
  chevronRight: 'm9 6 6 6-6 6',
  download: 'M12 4v11m-5-5 5 5 5-5M5 20h14',
  check: 'm5 12 5 5 9-10',
  alert: 'M12 4 2.5 20h19L12 4Zm0 6v4m0 3v.5',
  cpu: 'M7 7h10v10H7zM10 10h4v4h-4zM10 3v4m4-4v4m-4 10v4m4-4v4M3 10h4m-4 4h4m10-4h4m-4 4h4',
  inbox: 'M3 13h5l1.5 3h5l1.5-3h5M6 5h12l3 8v6H3v-6l3-8Z',
  database: 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3Zm0 0v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
} as const;

export type IconName = keyof typeof ICON_PATHS;

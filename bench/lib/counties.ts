/**
 * The 17 county-level divisions of Liangshan Yi Autonomous Prefecture (GB/T 2260; 513402 Huili
 * became a city in 2021, replacing 513425), for benchmark data spread over the prefecture.
 */
export const LIANGSHAN_COUNTIES = ['513401', '513402', '513422', '513423', '513424', '513426', '513427', '513428', '513429', '513430', '513431', '513432', '513433', '513434', '513435', '513436', '513437'];

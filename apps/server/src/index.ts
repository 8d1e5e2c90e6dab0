export { startServer, type RunningServer } from './start-server.js';
export { modules } from './modules.js';
export { VERSION } from './version.js';

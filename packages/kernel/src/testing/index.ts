export * from './test-databases.js';
export * from './test-platform.js';
export * from './describe-each-engine.js';
export * from './header-auth-module.js';
export type { InjectOptions } from 'fastify';

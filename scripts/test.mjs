#!/usr/bin/env node
// `npm test` after the type check and the lint: every Vitest project, in two processes at once —
// the browser tests (one file at a time: each drives its own Chromium against its own server)
// beside the unit, console and integration tests (several files at a time). Vitest runs a
// project whose files go one at a time after all the others, so in one process the browser
// files would wait for the last integration file; on two cores most tests wait on I/O (servers,
// brokers, timers), and the two processes overlap. Exits with the first failure's status.
// Arguments are passed to both processes (e.g. `npm test -- -t shutdown`).
import { spawn } from 'node:child_process';

const args = process.argv.slice(2);
const vitest = (projects) => new Promise((resolve) => {
  const p = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--passWithNoTests', ...projects.flatMap((n) => ['--project', n]), ...args], { stdio: 'inherit' });
  p.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
});
const codes = await Promise.all([vitest(['unit', 'web', 'integration']), vitest(['browser'])]);
process.exit(codes.find((c) => c !== 0) ?? 0);

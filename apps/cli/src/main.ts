import { Command } from 'commander';
import { describeConfig } from '@zhicheng/kernel';
import { configMarkdown } from './config-markdown.js';
import { VERSION } from '@zhicheng/server';
import { auditExport, auditVerify } from './commands/audit.js';
import { backup, restore } from './commands/backup.js';
import { devicesImport, type DevicesImportOptions } from './commands/devices-import.js';
import { importBoundaries, migrate, seedDemo } from './commands/maintenance.js';
import { simulate, type SimulateOptions } from './commands/simulate.js';
import { start } from './commands/start.js';
import { runCommand } from './run-command.js';

const program = new Command('zhicheng')
  .description('Zhicheng (智城) smart-city platform. Settings come from the environment; see `zhicheng config`.')
  .version(VERSION);

program.command('start').description('Run the platform (console, APIs, MQTT) until SIGTERM/SIGINT').action(() => runCommand(start));
program.command('migrate').description('Apply pending database migrations and exit').action(() => runCommand(migrate));
program.command('seed-demo').description('Load the demo prefecture (reference data, demo accounts and data) and exit').action(() => runCommand(seedDemo));
program
  .command('import-boundaries <file>')
  .description("Import a city's own division boundaries from a GeoJSON FeatureCollection (all or nothing)")
  .option('--code-property <name>', 'feature property holding the division code', 'adcode')
  .option('--name-property <name>', 'feature property holding the name', 'name')
  .action((file: string, opts: { codeProperty: string; nameProperty: string }) => runCommand(() => importBoundaries(file, opts)));
program
  .command('backup')
  .description('Back up the whole database (embedded: stop the server first; PostgreSQL: pg_dump)')
  .option('-o, --out <file>', 'where to write the backup')
  .action((opts: { out?: string }) => runCommand(() => backup(opts)));
program.command('restore <file>').description('Restore a backup made by `backup` (embedded: stop the server first)').action((file: string) => runCommand(() => restore(file)));
const audit = program.command('audit').description('The tamper-evident audit log (embedded mode: stop the server first)');
audit.command('verify').description('Check the hash chain; exit code 1 names the first changed, inserted or deleted record').action(() => runCommand(auditVerify));
audit
  .command('export')
  .description('Export the audit log (oldest first) as CSV or JSON; the export is itself audited')
  .option('-f, --format <format>', 'csv or json', 'csv')
  .option('-o, --out <file>', 'write to a file instead of stdout')
  .option('--from <time>', 'records at or after this date/time')
  .option('--to <time>', 'records before this date/time')
  .option('--actor <name>', 'user name, key name or id')
  .option('--action <action>', 'exact action, or a prefix ending in a dot (auth.)')
  .option('--outcome <outcome>', 'success, failure or denied')
  .action((opts: { format: string; out?: string; from?: string; to?: string; actor?: string; action?: string; outcome?: string }) => runCommand(() => auditExport(opts)));
program
  .command('config')
  .description('Print every setting with its default and meaning')
  .option('--markdown', 'as the Markdown table of the README')
  .action((opts: { markdown?: boolean }) =>
    runCommand(async () => {
      console.log(opts.markdown ? configMarkdown() : describeConfig().map((r) => `${r.name.padEnd(28)} ${(r.default || '-').padEnd(10)} ${r.description}`).join('\n'));
    }),
  );

const devicesCmd = program.command('devices').description('Device registry of a running server');
devicesCmd
  .command('import <file>')
  .description('Register or update devices from a CSV or XLSX file (columns: id,name,profileId,departmentId,divisionCode,lon,lat,entityId,vendor,model,firmware,tags,token); idempotent')
  .option('--url <url>', 'the server', 'http://localhost:8080')
  .option('--api-key <key>', 'API key with devices:manage (default: ZC_BOOTSTRAP_API_KEY)')
  .option('--credentials', 'print the generated tokens as CSV (shown once)')
  .action((file: string, opts: DevicesImportOptions) => runCommand(() => devicesImport(file, opts)));

program
  .command('simulate')
  .description('Run the simulated Liangshan fleet against a Zhicheng server through its device APIs (also the load generator of the benchmarks)')
  .option('--url <url>', 'the server', 'http://localhost:8080')
  .option('--api-key <key>', 'API key with devices:manage, telemetry:write, entities:write (default: ZC_SIMULATOR_API_KEY or ZC_BOOTSTRAP_API_KEY)')
  .option('--devices <n>', 'fleet size', '400')
  .option('--seed <n>', 'seed of the fleet and its values', '2026')
  .option('--interval <duration>', 'report interval of every device (e.g. 60s); default: each kind its own')
  .option('--speed <x>', 'simulated seconds per real second', '1')
  .option('--scenario <name...>', 'start scenarios: pollution-episode, forest-fire, chemical-leak, flood, scenic-overcrowding, highway-accident')
  .option('--backfill-days <n>', 'first replay this many past days of history')
  .option('--duration <duration>', 'stop after this long (default: until Ctrl-C)')
  .option('--no-provision', 'skip registering the devices')
  .option('--transport <http|mqtt>', 'send readings over the HTTP telemetry API or as MQTT devices', 'http')
  .option('--mqtt-url <url>', 'the platform\'s MQTT broker (default: the server\'s host, port 1883)')
  .action((opts: SimulateOptions) => runCommand(() => simulate(opts)));

await program.parseAsync(process.argv);

import { describeConfig } from '@zhicheng/kernel';

/** The README's configuration table, generated from the config schema so the two never drift. */
export function configMarkdown(): string {
  const rows = describeConfig().map((r) => `| \`${r.name}\` | ${r.default ? `\`${r.default}\`` : '—'} | ${r.description.replace(/\|/g, '\\|')} |`);
  return ['| Setting | Default | Meaning |', '|---|---|---|', ...rows].join('\n');
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configMarkdown } from './config-markdown.js';

describe('README configuration table', () => {
  it('matches the config schema (regenerate with `npm run docs:config`)', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('<!-- config:start -->');
    const end = readme.indexOf('<!-- config:end -->');
    expect(start).toBeGreaterThan(0);
    expect(readme.slice(start + '<!-- config:start -->'.length, end).trim()).toBe(configMarkdown());
  });
});

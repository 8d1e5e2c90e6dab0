import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { artifactPath } from './harness';

/**
 * A screenshot artifact, after checking that neither the page nor any element matching
 * `scrollers` (the page's tables) scrolls sideways: a layout fault the picture alone can hide.
 */
export async function checkedScreenshot(p: Page, name: string, scrollers: readonly string[]): Promise<void> {
  await p.waitForTimeout(300);
  const overflow = await p.evaluate((selectors) =>
    ['html', 'main#main-content', ...selectors]
      .flatMap((selector) => [...document.querySelectorAll(selector)])
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth - el.clientWidth}`)
      .filter((line) => !line.endsWith(': 0') && !/: -\d+$/.test(line)), [...scrollers]);
  expect(overflow, `${name}: horizontal overflow`).toEqual([]);
  await p.screenshot({ path: artifactPath(name) });
}

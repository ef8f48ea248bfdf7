import type { Page } from 'playwright-core';
import { accessibilityViolations } from './journey.ts';

/** The widths a page is read at: a desktop, and WCAG 2.2 1.4.10's 320 CSS pixels. */
export const READING_WIDTHS = [1280, 320] as const;

/** How far the document scrolls sideways at the page's width: 0 when it reflows. */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return Number(
    await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    ),
  );
}

/**
 * The first elements reaching past the viewport's right edge outside a scrolling region: what a
 * failure names (the script runs in the page; this project's TypeScript has no DOM types).
 */
const WIDEST_ELEMENTS = `(() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const element of document.body.querySelectorAll('*')) {
    const right = element.getBoundingClientRect().right;
    if (right <= width + 1) continue;
    if (element.parentElement && element.parentElement.closest('[role="region"][tabindex="0"]')) continue;
    const classes = typeof element.className === 'string' && element.className
      ? '.' + element.className.trim().split(/\\s+/).join('.') : '';
    found.push(element.tagName.toLowerCase() + classes + ' (right edge ' + Math.round(right) + ' px)');
    if (found.length >= 5) break;
  }
  return found;
})()`;

/**
 * WCAG 2.2 1.4.10 and A/AA, issue 13: the page as it is now, read at each of READING_WIDTHS
 * (the viewport is resized; the page is not reloaded): what scrolls sideways and each axe
 * violation, as lines naming the page (`label`) and the width; none when it passes. The viewport
 * is back at 1280 px afterwards.
 */
export async function problemsAtWidths(page: Page, label: string): Promise<string[]> {
  const problems: string[] = [];
  for (const width of READING_WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await sidewaysOverflow(page);
    if (overflow > 0) {
      const widest = await page.evaluate<string[]>(WIDEST_ELEMENTS);
      problems.push(
        `${label} at ${width} px scrolls ${overflow} px sideways: ${widest.join(', ')}`,
      );
    }
    for (const violation of await accessibilityViolations(page))
      problems.push(`${label} at ${width} px: ${violation}`);
  }
  await page.setViewportSize({ width: READING_WIDTHS[0], height: 900 });
  return problems;
}

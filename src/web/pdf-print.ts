import fs from 'node:fs';
import { AppError } from '../errors.ts';

/**
 * Issue 13: a page as PDF — Chromium (Debian's, at CHROMIUM_PATH) prints the same HTML the
 * browser shows, with the print stylesheet. Without a Chromium the download is refused with a
 * 503 that says so and what to use instead; playwright-core is loaded only when a PDF is asked
 * for.
 */
export async function printPdf(html: string, chromiumPath: string): Promise<Buffer> {
  if (!fs.existsSync(chromiumPath)) {
    throw new AppError(
      'pdf_unavailable',
      `PDF downloads are not available on this server: no Chromium is installed at ${chromiumPath}. Download the Word document, or print the page from your browser.`,
    );
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    // The page is self-contained (its stylesheet inline): nothing is fetched while printing.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '20mm', bottom: '20mm', left: '18mm', right: '18mm' },
    });
  } finally {
    await browser.close();
  }
}

// Chromium (Debian's) driven by playwright-core, and the few workbench gestures the UI tests use.
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './env.mjs';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Opens a browser context on a persistent profile in `profileDir` (secrets and workspace state of the
 * web workbench live in the browser profile, so a reload test must reuse it). Returns `{ context, page }`.
 */
export async function launchBrowser(profileDir) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1400, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/** Waits until the workbench has rendered. Default timeout 60 s. */
export async function waitForWorkbench(page, timeout = 60_000) {
  await page.locator('.monaco-workbench').waitFor({ timeout });
  await page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout });
}

/**
 * Runs a command by its palette title (F1, type, Enter on the matching row). Enter waits until the
 * focused row is that command: while the filter catches up, the focus can still be on the most
 * recently used command, and Enter would run that one instead.
 */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** The status bar part. */
export function statusBar(page) {
  return page.locator('#workbench\\.parts\\.statusbar');
}

/** Notification toasts whose message contains `text`. */
export function toast(page, text) {
  return page.locator('.notifications-toasts .notification-list-item-message', { hasText: text });
}

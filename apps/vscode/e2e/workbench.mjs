// Workbench gestures shared by the UI test files: open a file, the Jobs view, a row's context menu,
// Set API Key from the palette, the modal dialog, screenshots.
import { join } from 'node:path';
import { runCommand, toast } from './browser.mjs';
import { SHOTS_DIR } from './env.mjs';

/** Upper bound for one UI wait, ms (a safety net, not a speed assertion). Default 60 000. */
export const UI_WAIT = 60_000;

/**
 * Waits until `check()` returns a truthy value and returns it (polls every 200 ms, up to UI_WAIT);
 * for state outside the page (files, the simulator's counters) that catches up a little later.
 */
export async function eventually(what, check) {
  const until = Date.now() + UI_WAIT;
  while (Date.now() < until) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Saves a screenshot as `<repo>/.e2e/shots/<name>.png` and returns its path. */
export async function shot(page, name) {
  const path = join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Opens a workspace file by name through Quick Open and waits for its editor tab. */
export async function openFile(page, fileName) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(fileName);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab', { hasText: fileName }).waitFor();
  await page.locator('.monaco-editor .view-lines').first().waitFor();
}

/**
 * Shows the LTX Jobs view and returns its "Jobs" pane. Clicks the activity bar icon only while the pane
 * is hidden and its container is not the open one (a click on the open container's icon hides the side
 * bar), and checks again after each click: a command may open the view at the same moment.
 */
export async function openJobsView(page) {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Jobs' }) });
  const icon = page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="LTX Jobs"]') });
  const until = Date.now() + UI_WAIT;
  while (Date.now() < until) {
    if (await pane.isVisible()) return pane;
    const open = (await icon.getAttribute('class').catch(() => ''))?.split(/\s+/).includes('checked');
    // force: the running-jobs badge sits on top of the icon
    if (!open) await icon.locator('a').click({ force: true });
    await pane.waitFor({ timeout: 2_000 }).catch(() => undefined);
  }
  throw new Error(`the Jobs view did not show within ${UI_WAIT} ms`);
}

/** A title button of the Jobs view (the side bar's title when it is the container's only view). */
export function jobsTitleButton(page, label) {
  return page.locator(`.part.sidebar .title-actions .action-label[aria-label^="${label}"]`);
}

/** Right-clicks `row` and returns the labels of its context menu (then closes it). */
export async function contextMenu(page, row, shotName) {
  const menu = await openContextMenu(page, row);
  const labels = (await menu.locator('.action-label').allTextContents()).map((l) => l.trim()).filter(Boolean);
  if (shotName) await shot(page, shotName);
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached', timeout: UI_WAIT });
  return labels;
}

/**
 * Clicks the item labelled `label` of the open menu. A click that lands while the menu is still
 * settling (the tree redraws a running job every second) can be dropped with the item left
 * highlighted: then Enter runs it.
 */
export async function clickMenuItem(page, label) {
  const menu = page.locator('.context-view .monaco-menu');
  const item = menu.locator('.action-label', { hasText: label }).first();
  await item.click();
  const closed = await menu
    .waitFor({ state: 'detached', timeout: 3_000 })
    .then(() => true)
    .catch(() => false);
  if (!closed) {
    await item.hover();
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached', timeout: UI_WAIT });
  }
}

/** Right-clicks `row` and runs the context menu item labelled `label`. */
export async function runMenuItem(page, row, label) {
  await openContextMenu(page, row);
  await clickMenuItem(page, label);
}

/**
 * Right-clicks `row` until its context menu shows and returns the menu. A right-click can be lost
 * when the row is redrawn under the pointer (a running job's row changes every second, a busy
 * machine delays the menu), so it is repeated every few seconds, up to UI_WAIT.
 */
export async function openContextMenu(page, row) {
  const menu = page.locator('.context-view .monaco-menu');
  const until = Date.now() + UI_WAIT;
  for (;;) {
    await row.click({ button: 'right', timeout: Math.max(1, until - Date.now()) });
    const shown = await menu
      .waitFor({ timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (shown) return menu;
    if (Date.now() >= until)
      throw new Error(`no context menu within ${UI_WAIT} ms of right-clicking the row`);
    await page.keyboard.press('Escape');
  }
}

/**
 * Shows `relativePath` (a file under the workspace, "frames/first.png") in the Explorer, expanding its
 * folders, and returns its row. A click on a folder row can be lost while the tree refreshes (a file
 * watcher event, a download landing), so each folder is clicked again until it reads expanded.
 */
export async function explorerRow(page, relativePath) {
  await runCommand(page, 'View: Show Explorer');
  const explorer = page.locator('.explorer-folders-view');
  const parts = relativePath.split('/');
  const exact = (name) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const until = Date.now() + UI_WAIT;
  for (const [index, name] of parts.entries()) {
    const row = explorer.locator('.monaco-list-row', { hasText: exact(name) }).first();
    await row.waitFor({ timeout: Math.max(1, until - Date.now()) });
    if (index === parts.length - 1) return row;
    const child = explorer.locator('.monaco-list-row', { hasText: exact(parts[index + 1]) }).first();
    while (!(await child.isVisible())) {
      if (Date.now() >= until)
        throw new Error(`"${parts[index + 1]}" did not show under "${name}" in the Explorer`);
      if ((await row.getAttribute('aria-expanded')) !== 'true') {
        await row.click();
        // the click selected the folder but did not open it (the tree was busy): the keyboard does
        if (
          !(await child.waitFor({ timeout: 1_500 }).then(
            () => true,
            () => false,
          ))
        ) {
          await page.keyboard.press('ArrowRight');
        }
      }
      await child.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
  }
  throw new Error('unreachable');
}

/**
 * "LTX Jobs: Set API Key" as a user runs it: pick the provider whose row starts with `provider`, type
 * the key into the password box, wait for the "saved" message.
 */
export async function setKeyFromPalette(page, provider, key) {
  await runCommand(page, 'LTX Jobs: Set API Key');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: provider }).first().click();
  const input = page.locator('.quick-input-widget input[type="password"]');
  await input.waitFor();
  await input.fill(key);
  await page.keyboard.press('Enter');
  await toast(page, `API key for ${provider}`).waitFor({ timeout: UI_WAIT });
}

/** The modal dialog of the workbench (e.g. "Submit again (billed again)?"). */
export function dialog(page) {
  return page.locator('.monaco-dialog-box');
}

/** The text of the element that has the keyboard focus (what Enter would press). */
export function focusedText(page) {
  return page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
}

/** Runs `fn`; when it throws, saves `<name>-failed.png` first, so a failure shows where it stuck. */
export async function shotOnFailure(page, name, fn) {
  try {
    return await fn();
  } catch (error) {
    await shot(page, `${name}-failed`).catch(() => undefined);
    throw error;
  }
}

/**
 * Waits until no toast has come or gone for `quietMs`, then clears every notification. VS Code shows
 * at most 3 new toasts per 800 ms and keeps the rest off the screen (spam protection): a test that
 * waits for a toast must not start its action inside a burst of others (jobs told finished at once).
 */
export async function quietNotifications(page, quietMs = 1_500, timeout = UI_WAIT) {
  const toasts = page.locator('.notifications-toasts');
  const until = Date.now() + timeout;
  let last = await toasts.textContent({ timeout: 1_000 }).catch(() => '');
  let since = Date.now();
  while (Date.now() < until && Date.now() - since < quietMs) {
    await page.waitForTimeout(250);
    const now = await toasts.textContent({ timeout: 1_000 }).catch(() => '');
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
  await runCommand(page, 'Notifications: Clear All Notifications');
}

/**
 * Waits until a notification whose message contains `text` was shown: as a toast, or (a toast hides
 * after a while, and only a few show at once) in the notification centre, which it closes again.
 */
export async function notificationShown(page, text, timeout = UI_WAIT) {
  const inToasts = page.locator('.notifications-toasts .notification-list-item-message', { hasText: text });
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    if ((await inToasts.count()) > 0) return;
    await runCommand(page, 'Notifications: Show Notifications');
    const center = page.locator('.notifications-center .notification-list-item-message', { hasText: text });
    const found = await center
      .first()
      .waitFor({ timeout: 2_000 })
      .then(() => true)
      .catch(() => false);
    await runCommand(page, 'Notifications: Hide Notifications');
    if (found) return;
    await page.waitForTimeout(1_000);
  }
  throw new Error(`no notification "${text}" within ${timeout} ms`);
}

import { expect, test } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, navigation, signUpCompany, uniqueEmail, verifyCompany } from './helpers';

// The bell's notification centre: a merge invitation sent from another browser arrives without
// a reload (the bell polls; the test moves the page's clock past one poll instead of waiting),
// as an action whose "Fix now" leads to the invitation itself and as a notification that is
// filtered, marked read, read by following it, and all marked read.
test('the notification centre brings actions and notifications without a reload', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  await page.clock.install();
  const a = uniqueEmail(testInfo, 'alpine');
  // Only verified companies merge: both are verified first (the approval is one notification).
  const stamp = `${testInfo.project.name} ${Date.now()}`;
  await signUpCompany(page, a, `Alpine Ski House ${stamp}`);
  await verifyCompany(page, browser, testInfo, `Alpine Ski House ${stamp}`);
  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Identifiers' }).click();
  const partner = page.locator('details').filter({ has: page.getByRole('heading', { name: 'Partner ID' }) });
  const aPartnerId = (await partner.locator('code').textContent())!.trim();

  // The bell opens on the Actions tab, focused; nothing about a merge yet.
  const bell = page.getByRole('button', { name: 'Notifications (2 unread)' });
  await bell.click();
  const panel = page.getByRole('region', { name: 'Notifications' });
  const actionsTab = panel.getByRole('tab', { name: /^Actions/ });
  await expect(actionsTab).toHaveAttribute('aria-selected', 'true');
  await expect(actionsTab).toBeFocused();
  await expect(panel.getByRole('tabpanel')).not.toContainText('Answer the invitation to merge');
  await expect(panel.getByRole('link', { name: 'My preferences' })).toHaveAttribute('href', '/settings/preferences');

  // Another company invites this one, from another browser.
  const other = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'en-GB' });
  const b = await other.newPage();
  await signUpCompany(b, uniqueEmail(testInfo, 'wingtip'), `Wingtip Toys ${stamp}`);
  await verifyCompany(b, browser, testInfo, `Wingtip Toys ${stamp}`);
  await b.goto('/settings/account-merge');
  await b.getByLabel('Its global partner ID').fill(aPartnerId);
  await b.getByRole('button', { name: 'Find' }).click();
  await expect(b.locator('#merge-found-name')).toHaveText(`Alpine Ski House ${stamp}`);
  await b.getByLabel('Message to its administrators').fill('Alpine is part of Wingtip now.');
  await b.getByLabel('Your password').fill('a long passphrase for vera');
  await b.getByRole('button', { name: 'Invite to merge into this account' }).click();
  await expect(b.getByText('Invitation sent.')).toBeVisible();
  await other.close();

  // One poll later the badge counts it and the open panel shows the action, without a reload.
  await page.clock.fastForward('00:31');
  await expect(page.getByRole('button', { name: 'Notifications (3 unread)' })).toBeVisible();
  const action = panel.getByRole('listitem').filter({ hasText: 'Answer the invitation to merge' });
  await expect(action).toBeVisible();
  await expect(action).toContainText('Recommended');
  await expect(panel.getByRole('status').filter({ hasText: 'New items arrived in the notification centre.' })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // "Fix now" leads to the invitation itself, which gets the focus.
  await action.getByRole('link', { name: 'Fix now' }).click();
  await expect(page).toHaveURL(/\/settings\/account-merge#merge-\d+$/);
  await expect(panel).toBeHidden();
  const invitation = page.locator('li.merge').first();
  await expect(invitation).toBeFocused();
  await expect(invitation).toContainText(`Invited us: Wingtip Toys ${stamp}`);

  // The Notifications tab, by keyboard: all three are unread, and the filter keeps the merges.
  await page.getByRole('button', { name: 'Notifications (3 unread)' }).click();
  await expect(actionsTab).toBeFocused();
  await page.keyboard.press('ArrowRight');
  const notificationsTab = panel.getByRole('tab', { name: /^Notifications/ });
  await expect(notificationsTab).toHaveAttribute('aria-selected', 'true');
  await expect(notificationsTab).toBeFocused();
  const items = panel.getByRole('tabpanel').getByRole('listitem');
  await expect(items).toHaveCount(3);
  await expect(items.filter({ hasText: 'Unread' })).toHaveCount(3);
  await panel.getByLabel('Category').selectOption({ label: 'Merges' });
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('Invitation to merge');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // Mark that one read: it says so, and the count drops.
  await items.first().getByRole('button', { name: /^Mark as read/ }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Marked as read.' })).toBeVisible();
  await expect(items.first()).not.toContainText('Unread');
  await expect(items.first().getByRole('link', { name: 'Invitation to merge' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Notifications (2 unread)' })).toBeVisible();

  // Every category again; following an unread notification's link reads it.
  await panel.getByLabel('Category').selectOption({ label: 'All categories' });
  await expect(items).toHaveCount(3);
  const unread = items.filter({ hasText: 'Unread' });
  await expect(unread).toHaveCount(2);
  await unread.first().getByRole('link').first().click();
  await expect(panel).toBeHidden();
  await page.getByRole('button', { name: 'Notifications (1 unread)' }).click();
  await notificationsTab.click();
  await expect(items).toHaveCount(3);
  await expect(unread).toHaveCount(1);

  // Then all read.
  await panel.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'All marked as read.' })).toBeVisible();
  await expect(items.filter({ hasText: 'Unread' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();

  // The invitation is only recommended: archived, it leaves this user's Actions.
  await notificationsTab.focus();
  await page.keyboard.press('Home');
  await expect(actionsTab).toHaveAttribute('aria-selected', 'true');
  await action.getByRole('button', { name: 'Archive' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Archived.' })).toBeVisible();
  await expect(panel.getByRole('tabpanel')).not.toContainText('Answer the invitation to merge');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
});

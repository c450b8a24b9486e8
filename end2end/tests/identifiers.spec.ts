import { expect, test } from '@playwright/test';
import { demoEmail, expectAccessible, expectNoHorizontalScroll, navigation, signIn } from './helpers';

test('identifiers are listed in sections and copied with one click or from the keyboard', async ({ page, context }, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, demoEmail('developer'));
  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Identifiers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Identifiers' })).toBeVisible();
  const partner = page.locator('details').filter({ has: page.getByRole('heading', { name: 'Partner ID' }) });
  const partnerId = (await partner.locator('code').textContent())!.trim();
  expect(partnerId).toMatch(/^[1-9][0-9]{6}$/);

  await partner.getByRole('button', { name: 'Copy Partner ID' }).click();
  await expect(partner.getByRole('status')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(partnerId);

  // The keyboard path: focus the button and press Enter.
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await partner.getByRole('button', { name: 'Copy Partner ID' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(partnerId);

  await expect(page.getByText('Not issued yet: the commercial marketplace publisher program')).toBeVisible();
  // A section folds away.
  await partner.locator('summary').click();
  await expect(partner.locator('code')).toBeHidden();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
});

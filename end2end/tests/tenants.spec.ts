import { expect, test } from '@playwright/test';
import { demoEmail, expectAccessible, expectNoHorizontalScroll, navigation, signIn } from './helpers';

test('a Global admin associates the demo developer tenant through the directory, then removes it', async ({ page }, testInfo) => {
  await signIn(page, demoEmail('global-admin'));
  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Tenants' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tenants' })).toBeVisible();
  await expect(page.getByText("A tenant ID is also your account's Microsoft ID")).toBeVisible();

  // The primary tenant cannot be removed, and the page says why.
  const panel = page.getByRole('tabpanel');
  const primary = panel.getByRole('listitem').filter({ hasText: '6a1f3c2e-8d4b-4f7a-9c21-5e0b7d3a9f14' });
  await expect(primary.getByText('Primary', { exact: true })).toBeVisible();
  await expect(primary.getByRole('button', { name: /^Remove/ })).toBeDisabled();
  await expect(primary.getByText('The primary tenant cannot be removed.')).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // The Developer tab, reached from the keyboard.
  await page.getByRole('tab', { name: /^Partner/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: /^Developer/ })).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByText('No tenant of this kind is associated.')).toBeVisible();

  // Someone of the tenant without its admin role cannot associate it: the page says so.
  await panel.getByRole('button', { name: 'Associate a developer tenant' }).click();
  await expect(page.getByRole('heading', { name: 'Fictional directory' })).toBeVisible();
  // The directory's page is styled (its own stylesheet): each person a card of their own lines.
  const employee = page.getByRole('button', { name: /employee@contoso-partner\.example/ });
  await expect(employee).toHaveCSS('flex-direction', 'column');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await employee.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tenants' })).toBeVisible();
  await expect(page.getByText('The person who signed in is not an administrator of that tenant')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Back to tenants' }).click();
  await page.getByRole('tab', { name: /^Developer/ }).click();
  await expect(panel.getByText('No tenant of this kind is associated.')).toBeVisible();

  // Sign in at the fictional directory as the developer tenant's administrator.
  await panel.getByRole('button', { name: 'Associate a developer tenant' }).click();
  await expect(page.getByRole('heading', { name: 'Fictional directory' })).toBeVisible();
  await page.getByRole('button', { name: /admin@contoso-dev\.example/ }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Tenants' })).toBeVisible();
  await expect(page.getByText('Tenant associated: contoso-dev.example')).toBeVisible();
  await page.getByRole('tab', { name: /^Developer/ }).click();
  const developer = page.getByRole('tabpanel').getByRole('listitem').filter({ hasText: 'b2e9d7a4-1c3f-4e8b-a6d5-7f0c2b9e4a31' });
  await expect(developer).toBeVisible();
  await expect(developer.getByText('global-admin@contoso.example')).toBeVisible();

  // Rename it, then remove it after confirming.
  await developer.getByRole('button', { name: /^Rename/ }).click();
  await page.getByLabel('Display name').fill('   ');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#tenant-display-name-error')).toHaveText('This field is required.');
  await page.getByLabel('Display name').fill('Contoso developer lab');
  await page.getByRole('button', { name: 'Save' }).click();
  const renamed = page.getByRole('tabpanel').getByRole('listitem').filter({ hasText: 'Contoso developer lab' });
  await expect(renamed).toBeVisible();
  page.once('dialog', (dialog) => dialog.accept());
  await renamed.getByRole('button', { name: /^Remove/ }).click();
  await expect(page.getByRole('tabpanel').getByText('No tenant of this kind is associated.')).toBeVisible();
});

test('a Developer sees the tenants read-only', async ({ page }, testInfo) => {
  await signIn(page, demoEmail('developer'));
  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Tenants' }).click();
  await expect(page.getByRole('note')).toContainText('Global admin');
  await expect(page.getByRole('tabpanel').getByText('6a1f3c2e-8d4b-4f7a-9c21-5e0b7d3a9f14')).toBeVisible();
  await expect(page.getByRole('button', { name: /Associate/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Remove/ })).toHaveCount(0);
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
});

import { expect, test } from '@playwright/test';
import { demoEmail, expectAccessible, expectNoHorizontalScroll, navigation, signIn } from './helpers';

test('the company profile is validated as you type, saves, and reloads in French', async ({ page }, testInfo) => {
  await signIn(page, demoEmail('account-admin'));
  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Company profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Company profile' })).toBeVisible();

  // Start from an empty choice (the other viewport's run may have saved a profile already).
  for (const name of ['Independent software vendor', 'Services partner']) {
    await page.getByRole('checkbox', { name }).setChecked(false);
  }
  const removeButtons = page.getByRole('button', { name: /^Remove / });
  while ((await removeButtons.count()) > 0) await removeButtons.first().click();

  // A first save with a bad number shows the problems; fixing one clears its message at once.
  await page.getByLabel('Number of customers').fill('lots');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#customers-error')).toHaveText('Enter a whole number, like 250.');
  await expect(page.locator('#partnership-types-error')).toHaveText('This field is required.');
  await page.getByLabel('Number of customers').fill('1 250');
  await expect(page.locator('#customers-error')).toHaveText('');
  await expectAccessible(page);

  await page.getByRole('checkbox', { name: 'Independent software vendor' }).check();
  await page.getByRole('checkbox', { name: 'Services partner' }).check();
  await page.getByLabel('Annual revenue').selectOption('1m-10m');
  await page.getByLabel('Revenue currency').selectOption('EUR');
  await page.getByLabel('Company size (employees)').selectOption('51-250');
  await page.getByRole('checkbox', { name: 'Build applications' }).check();
  await page.getByLabel('Add a country').selectOption('FR');
  await page.getByLabel('Add a country').selectOption('BE');
  await page.getByRole('button', { name: 'Remove Belgium' }).click();
  await page.getByLabel('Add a country').selectOption('DE');
  await page.getByRole('checkbox', { name: 'North America' }).check();

  // Leaving with unsaved changes asks first; staying keeps everything typed.
  page.once('dialog', (dialog) => dialog.dismiss());
  await (await navigation(page, testInfo)).getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Company profile' })).toBeVisible();
  await expect(page.getByLabel('Number of customers')).toHaveValue('1 250');

  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // Switch to French and reload: the saved profile reads back in French.
  await page.getByRole('button', { name: /^Your account/ }).click();
  await page.getByRole('button', { name: 'Français' }).click();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: "Profil de l'entreprise" })).toBeVisible();
  await expect(page.getByLabel('Nombre de clients')).toHaveValue('1250');
  await expect(page.getByRole('checkbox', { name: 'Éditeur de logiciels indépendant' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Partenaire de services' })).toBeChecked();
  await expect(page.getByLabel("Chiffre d'affaires annuel")).toHaveValue('1m-10m');
  await expect(page.getByRole('listitem').filter({ hasText: 'France' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Allemagne' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Belgique' })).toHaveCount(0);
  await expectAccessible(page);

  // Back to English for the other tests of this browser profile.
  await page.getByRole('button', { name: /^Votre compte/ }).click();
  await page.getByRole('button', { name: 'English' }).click();
});

test('a business contributor sees the company profile read-only', async ({ page }) => {
  await signIn(page, demoEmail('business-contributor'));
  await page.goto('/settings/company-profile');
  await expect(page.getByRole('note')).toContainText('Only these roles can change them');
  await expect(page.getByLabel('Number of customers')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await expectAccessible(page);
});

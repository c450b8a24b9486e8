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
  // "Copied" clears after a few seconds.
  await expect(partner.getByRole('status')).toHaveText('Copied');
  await expect(partner.getByRole('status')).toHaveText('', { timeout: 8_000 });

  await expect(page.getByText('Not issued yet: the commercial marketplace publisher program')).toBeVisible();
  // A section folds away.
  await partner.locator('summary').click();
  await expect(partner.locator('code')).toBeHidden();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
});

test('the publisher display name and the company approver are updated in their sections, checked beside each field', async ({ page }, testInfo) => {
  await signIn(page, demoEmail('account-admin'));
  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Identifiers' }).click();

  const publisher = page.getByRole('region', { name: 'Publisher display name' });
  await publisher.getByRole('button', { name: 'Update Publisher display name' }).click();
  await publisher.getByRole('textbox', { name: 'Publisher display name' }).fill('   ');
  await publisher.getByRole('button', { name: 'Save' }).click();
  await expect(publisher.locator('#publisher-display-name-error')).toHaveText('This field is required.');
  await expect(publisher.getByRole('textbox', { name: 'Publisher display name' })).toBeFocused();
  await publisher.getByRole('textbox', { name: 'Publisher display name' }).fill('Contoso Apps');
  await publisher.getByRole('button', { name: 'Save' }).click();
  await expect(publisher.getByText('Saved.')).toBeVisible();
  await expect(publisher.locator('dd')).toHaveText('Contoso Apps');
  await expect(publisher.getByText('Last changed by account-admin@contoso.example')).toBeVisible();

  const approver = page.getByRole('region', { name: 'Company approver' });
  await approver.getByRole('button', { name: 'Update Company approver' }).click();
  await approver.getByLabel('Name').fill('Grace Hopper');
  await approver.getByLabel('Email').fill('grace@contoso.example');
  await approver.getByLabel('Phone').fill('01 23 45 67 89');
  await approver.getByRole('button', { name: 'Save' }).click();
  await expect(approver.locator('#approver-phone-error')).not.toBeEmpty();
  await expect(approver.getByLabel('Name')).toHaveValue('Grace Hopper');
  await approver.getByLabel('Phone').fill('+33 1 23 45 67 89');
  await approver.getByRole('button', { name: 'Save' }).click();
  await expect(approver.getByText('+33 1 23 45 67 89')).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
});

test('a Developer updates the publisher display name but only sees the seller contact', async ({ page }, testInfo) => {
  await signIn(page, demoEmail('developer'));
  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Identifiers' }).click();
  await expect(page.getByRole('button', { name: 'Update Publisher display name' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Seller contact' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Update Seller contact' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Update Company approver' })).toHaveCount(0);
});

test('two people who change different fields of the seller contact at once both keep their change', async ({ page, browser }, testInfo) => {
  const tag = `${testInfo.project.name}${Date.now()}`;
  await signIn(page, demoEmail('account-admin'));
  await page.goto('/settings/identifiers');
  const mine = page.getByRole('region', { name: 'Seller contact' });
  await mine.getByRole('button', { name: 'Update Seller contact' }).click();
  await mine.getByLabel('Name').fill('Lin Seller');
  await mine.getByLabel('Email').fill('sales@contoso.example');
  await mine.getByLabel('Phone').fill('+33 1 23 45 67 89');
  await mine.getByLabel('Country').selectOption('FR');
  await mine.getByLabel('Street address').fill('5 place Bellecour');
  await mine.getByLabel('City').fill('Lyon');
  await mine.getByLabel('Postal code').fill('69002');
  await mine.getByRole('button', { name: 'Save' }).click();
  await expect(mine.getByText('Saved.')).toBeVisible();

  // Both open the section on the same version.
  await mine.getByRole('button', { name: 'Update Seller contact' }).click();
  const other = await (await browser.newContext()).newPage();
  await signIn(other, demoEmail('global-admin'));
  await other.goto('/settings/identifiers');
  const theirs = other.getByRole('region', { name: 'Seller contact' });
  await theirs.getByRole('button', { name: 'Update Seller contact' }).click();

  // The other person changes the email and saves first; this user changes the name.
  await theirs.getByLabel('Email').fill(`sales-${tag}@contoso.example`);
  await theirs.getByRole('button', { name: 'Save' }).click();
  await expect(theirs.getByText('Saved.')).toBeVisible();
  await mine.getByLabel('Name').fill(`Lin ${tag}`);
  await mine.getByRole('button', { name: 'Save' }).click();

  const conflict = page.getByRole('alert').filter({ hasText: 'Someone else saved this first' });
  await expect(conflict).toContainText('global-admin@contoso.example');
  await expect(conflict.getByRole('row', { name: /Email/ })).toContainText(`sales-${tag}@contoso.example`);
  await expectAccessible(page);
  await conflict.getByRole('button', { name: 'Reapply my changes on top' }).click();
  await expect(mine.getByText('Saved.')).toBeVisible();

  // The untouched email took the other person's value instead of overwriting it.
  await expect(mine.getByText(`Lin ${tag}`)).toBeVisible();
  await expect(mine.getByText(`sales-${tag}@contoso.example`)).toBeVisible();
  await other.reload();
  await expect(theirs.getByText(`Lin ${tag}`)).toBeVisible();
  await expect(theirs.getByText(`sales-${tag}@contoso.example`)).toBeVisible();
  await expect(theirs.getByText('Lin Seller')).toHaveCount(0);
});

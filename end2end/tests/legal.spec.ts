import { expect, test } from '@playwright/test';
import {
  demoEmail,
  expectAccessible,
  expectNoHorizontalScroll,
  mailedLink,
  navigation,
  signIn,
  signUpCompany,
  uniqueEmail,
} from './helpers';

test('a Russian address typed by hand gets the standard form suggested, and accepting it saves it', async ({ page }, testInfo) => {
  // A company of its own: its first location becomes its legal address, which must not move
  // the demo's Contoso (verified, in France) that other specs rely on.
  const company = `Tverskaya ${testInfo.project.name} ${Date.now()}`;
  await signUpCompany(page, uniqueEmail(testInfo, 'ivan'), company);
  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Legal info' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Legal info' })).toBeVisible();
  await expect(page.getByText(company).first()).toBeVisible();

  const name = `Moscow office ${testInfo.project.name} ${Date.now()}`;
  await page.getByRole('button', { name: 'Add location' }).click();
  const editor = page.getByRole('form', { name: 'Add location' });
  await page.getByLabel('Location name').fill(name);
  await page.getByLabel('Country').selectOption('RU');
  await page.getByLabel('Street address').fill('ул. Тверская, 7');
  await page.getByLabel('City').fill('Москва');
  await page.getByLabel('Region, state or province').fill('moskva');
  await page.getByLabel('Postal code').fill('12');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#location-postal-code-error')).toContainText("This postal code can't exist in this country");
  await page.getByLabel('Postal code').fill('125009');
  await editor.getByRole('button', { name: 'Save' }).click();

  const suggestion = page.getByRole('alert').filter({ hasText: 'We found the standard form of this address' });
  await expect(suggestion).toBeVisible();
  // The region typed in Latin is offered in Cyrillic, like the city beside it.
  await expect(suggestion.getByRole('row').filter({ hasText: 'Region, state or province' })).toContainText('Москва');
  await expect(suggestion.getByRole('row').filter({ hasText: 'City' })).toContainText('МОСКВА');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await suggestion.getByRole('button', { name: 'Use the suggested address' }).click();

  const saved = page.getByRole('listitem').filter({ hasText: name });
  await expect(saved).toContainText('УЛ. ТВЕРСКАЯ, 7');
  await expect(saved).toContainText('Москва');
  await expect(saved).not.toContainText('Moskva');
  await expectAccessible(page);
});

test('the primary and legal contacts are checked beside each field, and a new primary email waits for its confirmation link', async ({ page, browser }, testInfo) => {
  await signIn(page, demoEmail('global-admin'));
  await page.goto('/settings/legal-info');
  const contacts = page.getByRole('region', { name: 'Contacts' });
  const primary = contacts.getByRole('group', { name: 'Primary contact' });
  const legal = contacts.getByRole('group', { name: 'Primary legal contact' });
  const inUse = await primary.getByLabel('Email').inputValue();
  const newEmail = `paula.${testInfo.project.name}.${Date.now()}@contoso.example`;
  await primary.getByLabel('Name').fill('Paula Primary');
  await primary.getByLabel('Email').fill(newEmail);
  await primary.getByLabel('Phone').fill('01 23 45 67 89');
  await legal.getByLabel('Name').fill('Lou Legal');
  await legal.getByLabel('Email').fill('legal@contoso.example');
  await legal.getByLabel('Phone').fill('+33 1 00 00 00 02');
  await contacts.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#primary-phone-error')).toContainText('international form');
  await expect(primary.getByLabel('Phone')).toBeFocused();
  await primary.getByLabel('Phone').fill('+33 1 23 45 67 89');
  await contacts.getByRole('button', { name: 'Save' }).click();
  await expect(contacts.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  // The new address is pending; the one in use stays until the link is followed.
  const pending = contacts.getByRole('region', { name: 'Pending confirmation' });
  await expect(pending).toContainText(newEmail);
  // (With no address confirmed yet, the field shows the one waiting.)
  await expect(primary.getByLabel('Email')).toHaveValue(inUse || newEmail);
  await expectAccessible(page);
  await page.reload();
  await expect(page.getByRole('group', { name: 'Primary contact' }).getByLabel('Phone')).toHaveValue('+33 1 23 45 67 89');
  await expect(page.getByRole('region', { name: 'Pending confirmation' })).toContainText(newEmail);

  // The owner of the new address confirms it from the mail (the demo mailbox shows the
  // company's mail to its signed-in user), in a browser of their own.
  const link = await mailedLink(page, newEmail);
  const owner = await (await browser.newContext()).newPage();
  await owner.goto(link);
  await expect(owner.getByRole('heading', { level: 1, name: 'Confirm an email address' })).toBeVisible();
  await expect(owner.getByRole('status')).toContainText(newEmail);
  await expect(owner.getByRole('status')).toContainText('is now the primary contact email of Contoso Ltd');
  await expectAccessible(owner);
  // The link works once.
  await owner.reload();
  await expect(owner.getByRole('alert')).toContainText('already used');

  await page.reload();
  await expect(page.getByRole('group', { name: 'Primary contact' }).getByLabel('Email')).toHaveValue(newEmail);
  await expect(page.getByRole('region', { name: 'Pending confirmation' })).toHaveCount(0);
});

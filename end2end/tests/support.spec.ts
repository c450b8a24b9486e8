import { expect, test } from '@playwright/test';
import { demoEmail, expectAccessible, expectNoHorizontalScroll, navigation, signIn } from './helpers';

test('support details: the phone is typed nationally, the website must be https, a free-mail address only warns', async ({ page }, testInfo) => {
  await signIn(page, demoEmail('marketer'));
  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Support details' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Support details' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Support contact' });
  const hours = `Mon–Fri, 9:00–18:00 CET (${testInfo.project.name} ${Date.now()})`;
  await form.getByLabel('Email').fill('contoso.help@gmail.com');
  await expect(page.locator('#support-email-warning')).toContainText('gmail.com is a free-mail provider');
  await form.getByLabel('Country or region').selectOption('FR');
  await form.getByLabel('Phone number').fill('01 23 45 67 89');
  await form.getByLabel('Support website').fill('http://contoso.example/support');
  await form.getByLabel('Support hours (English)').fill(hours);
  await form.getByLabel('Support hours (French)').fill('Du lundi au vendredi, 9 h – 18 h');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#support-website-error')).toContainText('https://');
  await expect(form.getByLabel('Support website')).toBeFocused();
  await form.getByLabel('Support website').fill('https://contoso.example/support');
  await expect(page.locator('#support-website-error')).toBeEmpty();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  // Stored in international form, shown in groups; the warning stays visible but did not stop the save.
  await expect(form.getByLabel('Phone number')).toHaveValue('+33 1 23 45 67 89');
  await page.reload();
  await expect(page.getByLabel('Support hours (English)')).toHaveValue(hours);
  await expect(page.locator('#support-email-warning')).toContainText('free-mail');

  // A Developer sees the same page read-only.
  const developer = await (await page.context().browser()!.newContext()).newPage();
  await signIn(developer, demoEmail('developer'));
  await developer.goto('/settings/support-details');
  await expect(developer.getByRole('note')).toContainText('Only these roles can change them');
  await expect(developer.getByLabel('Support hours (English)')).toHaveValue(hours);
  await expect(developer.getByLabel('Support hours (English)')).toBeDisabled();
  await expect(developer.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await expectAccessible(developer);
});

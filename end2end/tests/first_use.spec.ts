import { expect, test } from '@playwright/test';
import { expectAccessible, leaveAndStay, signIn, signUpCompany, uniqueEmail, verifyCompany } from './helpers';

// What a new user tripped over on the forms: each must stay fixed. Fabrikam's demo users, so
// Contoso's pages stay as the other specs expect them.
const fabrikam = (role: string) => `${role}@fabrikam.example`;

test('support details stay editable after a save: a second change is saved too', async ({ page }, testInfo) => {
  await signIn(page, fabrikam('marketer'));
  await page.goto('/settings/support-details');
  const form = page.getByRole('form', { name: 'Support contact' });
  const hours = form.getByLabel('Support hours (English)');
  const first = `Mon–Fri 9–17 (${testInfo.project.name} ${Date.now()})`;
  await form.getByLabel('Email').fill('help@fabrikam.example');
  await form.getByLabel('Country or region').selectOption('FR');
  await form.getByLabel('Phone number').fill('01 23 45 67 89');
  await form.getByLabel('Support website').fill('https://fabrikam.example/help');
  await hours.fill(first);
  await form.getByLabel('Support hours (French)').fill('Du lundi au vendredi, 9 h – 17 h');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  const second = `${first}, Sat 10–12`;
  await hours.fill(second);
  await expect(hours).toHaveValue(second);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('button', { name: 'Save' })).toHaveText('Save');
  await expect(form.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Support hours (English)')).toHaveValue(second);
});

test('a payout account saved without the password says so beside the password field', async ({ page }) => {
  await signIn(page, fabrikam('billing-admin'));
  await page.goto('/settings/payout');
  await page.getByRole('button', { name: /^(Enter a|Change) payout account$/ }).click();
  const form = page.getByRole('form', { name: 'Enter a payout account' });
  await form.getByLabel('Account holder').fill('Fabrikam Inc');
  await form.getByLabel('Country of the bank').selectOption('DE');
  await form.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
  await form.getByLabel('BIC (SWIFT code)').fill('COBADEFFXXX');
  await form.getByLabel('Payout currency').selectOption('EUR');
  await form.getByRole('button', { name: 'Save payout account' }).click();
  await expect(page.locator('#payout-password-error')).not.toBeEmpty();
  await expect(form.getByLabel('Your password')).toBeFocused();
  await expect(form.getByLabel('IBAN')).toHaveValue('DE89 3704 0044 0532 0130 00');
  await expectAccessible(page);
  await form.getByRole('button', { name: 'Cancel' }).click();
});

for (const { page: where, role, region, field, value } of [
  { page: 'legal-info', role: 'account-admin', region: 'Contacts', field: 'Phone', value: '+33 1 98 76 54 32' },
  { page: 'incentives', role: 'incentive-admin', region: null, field: 'Incentive payment contact name', value: 'Someone new' },
]) {
  test(`leaving ${where} with an unsaved change asks first`, async ({ page }, testInfo) => {
    await signIn(page, fabrikam(role));
    await page.goto(`/settings/${where}`);
    const scope = region ? page.getByRole('region', { name: region }) : page.locator('main');
    const input = scope.getByLabel(field).first();
    await expect(input).toBeEnabled();
    await input.fill(value);
    await leaveAndStay(page, testInfo);
    await expect(input).toHaveValue(value);
  });
}

test('the sections of Legal info follow each other: a new legal address is listed under Locations, and a verified company sent back to review says so at once', async ({ page, browser }, testInfo) => {
  const company = `Sections ${testInfo.project.name} ${Date.now()}`;
  await signUpCompany(page, uniqueEmail(testInfo, 'sections'), company);
  await page.goto('/settings/legal-info');
  const locations = page.getByRole('region', { name: 'Locations' });
  await expect(locations).toContainText('No location yet');

  const card = page.getByRole('region', { name: 'Legal identity' });
  await card.getByRole('button', { name: 'Edit legal identity' }).click();
  const editor = page.getByRole('form', { name: 'Edit legal identity' });
  await editor.getByRole('radio', { name: 'Enter manually' }).check();
  await editor.getByLabel('Street address').fill('5 place Bellecour');
  await editor.getByLabel('City').fill('Lyon');
  await editor.getByLabel('Postal code').fill('69002');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(card).toContainText('5 place Bellecour, 69002 Lyon, France');
  await expect(locations).toContainText('5 place Bellecour');
  await expect(locations).not.toContainText('No location yet');

  await verifyCompany(page, browser, testInfo, company);
  const verification = page.getByRole('region', { name: 'Verification' });
  await card.getByRole('button', { name: 'Edit legal identity' }).click();
  await editor.getByRole('radio', { name: 'Enter manually' }).check();
  await editor.getByLabel('Company legal name').fill(`${company} SAS`);
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(card).toContainText(`${company} SAS`);
  await expect(verification.locator('.tag')).not.toHaveText('Verified');
});

test('a page or section a role may only view says who can change it, and a page it may not open says who can', async ({ page, browser }) => {
  // A Billing admin sees Legal info read-only, told who can change it, and not asked to add an address.
  await signIn(page, fabrikam('billing-admin'));
  await page.goto('/settings/legal-info');
  await expect(page.getByRole('note').filter({ hasText: 'Only these roles can change them' })).toContainText('Account admin');
  await expect(page.getByRole('region', { name: 'Locations' })).not.toContainText('Add your legal address first');
  await expect(page.getByRole('button', { name: 'Add location' })).toHaveCount(0);
  await expectAccessible(page);

  // A Developer names the publisher, but only sees the seller contact and the approver.
  const developer = await (await browser.newContext()).newPage();
  await signIn(developer, fabrikam('developer'));
  await developer.goto('/settings/identifiers');
  const seller = developer.getByRole('region', { name: 'Seller contact' });
  await expect(seller.getByRole('note')).toContainText('Only these roles can change them: Global admin, Account admin');
  await expect(seller.getByRole('button', { name: /^Update/ })).toHaveCount(0);
  const publisher = developer.getByRole('region', { name: 'Publisher display name' });
  await expect(publisher.getByRole('button', { name: /^Update/ })).toBeVisible();
  await expect(publisher.getByRole('note')).toHaveCount(0);
  await expectAccessible(developer);

  // A Developer reaching the tax profile by its address is told which roles open it.
  await developer.goto('/settings/tax');
  const refusal = developer.getByRole('alert').filter({ hasText: "You don't have permission" });
  await expect(refusal).toContainText('These roles can open this page: Global admin');
  await expect(refusal).toContainText('Billing admin');
  await expect(refusal).toContainText('Financial contributor');
});

test("an alternate email at another company's domain is refused beside the field", async ({ page }) => {
  await signIn(page, fabrikam('billing-admin'));
  await page.goto('/settings/preferences');
  const alternate = page.getByRole('region', { name: 'Alternate email for overdue invoices and late payments' });
  await alternate.getByRole('button', { name: /^Edit Alternate email/ }).click();
  const input = alternate.getByRole('textbox', { name: 'Alternate email' });
  await input.fill('payables@contoso.example');
  await alternate.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#alternate-email-input-error')).toContainText(
    "contoso.example is not one of your organisation's own domains",
  );
  await expect(input).toHaveValue('payables@contoso.example');
  await expectAccessible(page);
  await alternate.getByRole('button', { name: 'Cancel' }).click();
});

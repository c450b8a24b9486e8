import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, demoEmail, expectAccessible, expectNoHorizontalScroll, navigation, signIn } from './helpers';

// A valid French IBAN (mod 97 checks out) and the same with one digit mistyped.
const IBAN = 'FR76 3000 6000 0112 3456 7890 189';
const MISTYPED_IBAN = 'FR76 3000 6000 0112 3456 7890 188';
const FULL_NUMBER = /3000\s?6000\s?0112\s?3456\s?7890/;

test('payout and billing: a Billing admin enters a payout account with their password, it stays masked and pending; billing information is checked beside its fields', async ({ page }, testInfo) => {
  await signIn(page, demoEmail('billing-admin'));
  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Payout and billing' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Payout and billing' })).toBeVisible();

  await page.getByRole('button', { name: /^(Enter a|Change) payout account$/ }).click();
  const form = page.getByRole('form', { name: 'Enter a payout account' });
  // Prefilled from the company (legal name, country, its currency); set here all the same,
  // since other specs may have changed the company's legal details.
  await expect(form.getByLabel('Account holder')).not.toHaveValue('');
  await form.getByLabel('Account holder').fill('Contoso Ltd');
  await form.getByLabel('Country of the bank').selectOption('FR');
  await form.getByLabel('Payout currency').selectOption('EUR');

  // A mistyped IBAN is refused beside its field, in the browser, and nothing typed is lost.
  await form.getByLabel('IBAN').fill(MISTYPED_IBAN);
  await form.getByLabel('BIC (SWIFT code)').fill('AGRIFRPP');
  await form.getByLabel('Your password').fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: 'Save payout account' }).click();
  await expect(page.locator('#payout-iban-error')).toContainText("check digits don't match");
  await expect(form.getByLabel('IBAN')).toBeFocused();
  await expect(form.getByLabel('BIC (SWIFT code)')).toHaveValue('AGRIFRPP');
  await expect(form.getByLabel('Your password')).toHaveValue(DEMO_PASSWORD);
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // A wrong password is refused by the server beside the password field; nothing is saved.
  await form.getByLabel('IBAN').fill(IBAN);
  await expect(page.locator('#payout-iban-error')).toBeEmpty();
  await form.getByLabel('Your password').fill('not my password');
  await form.getByRole('button', { name: 'Save payout account' }).click();
  await expect(page.locator('#payout-password-error')).toContainText("This isn't your password");
  await expect(form.getByLabel('IBAN')).toHaveValue(IBAN);

  await form.getByLabel('Your password').fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: 'Save payout account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'pending validation by the platform' })).toBeVisible();
  const pending = page.getByRole('region', { name: /New payout account/ });
  await expect(pending).toContainText('Pending validation');
  await expect(pending).toContainText('•••• 0189');
  await expect(pending).toContainText('AGRIFRPP');
  await expect(pending).toContainText('payouts keep going to the approved account');
  await expect(page.locator('main')).not.toContainText(FULL_NUMBER);
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // Billing information: a purchase order number with a space is refused beside its field.
  await page.getByRole('button', { name: 'Edit billing information' }).click();
  const billing = page.getByRole('form', { name: 'Edit billing information' });
  await expect(billing.getByLabel('Country')).not.toHaveValue('');
  await billing.getByLabel('Country').selectOption('FR');
  await billing.getByLabel('Street').fill('1 rue de la Paix');
  await billing.getByLabel('City').fill('Paris');
  await billing.getByLabel('Postal code').fill('75002');
  await billing.getByLabel('Billing contact email').fill('billing@contoso.example');
  await expect(billing).toContainText('Fixed by your company\'s legal country');
  await billing.getByLabel('Purchase order number (optional)').fill('PO 2026');
  await billing.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#billing-po-error')).toContainText('no spaces');
  await expect(billing.getByLabel('Purchase order number (optional)')).toBeFocused();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  const po = `PO-${testInfo.project.name}-${Date.now()}`;
  await billing.getByLabel('Purchase order number (optional)').fill(po);
  await billing.getByRole('button', { name: 'Save' }).click();
  const billingCard = page.getByRole('region', { name: 'Billing information' });
  await expect(billingCard.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(billingCard).toContainText(po);
  await expect(billingCard).toContainText('1 rue de la Paix');

  // A Financial contributor sees both, read-only and masked.
  const viewer = await (await page.context().browser()!.newContext()).newPage();
  await signIn(viewer, demoEmail('financial-contributor'));
  const viewerNav = await navigation(viewer, testInfo);
  await viewerNav.getByRole('link', { name: 'Payout and billing' }).click();
  await expect(viewer.getByRole('heading', { level: 1, name: 'Payout and billing' })).toBeVisible();
  await expect(viewer.getByRole('note').first()).toContainText('Only these roles can change them');
  await expect(viewer.getByRole('region', { name: /New payout account/ })).toContainText('•••• 0189');
  await expect(viewer.getByRole('region', { name: 'Billing information' })).toContainText(po);
  await expect(viewer.getByRole('button', { name: /payout account$/ })).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: 'Edit billing information' })).toHaveCount(0);
  await expect(viewer.locator('main')).not.toContainText(FULL_NUMBER);
  await expectAccessible(viewer);
  await expectNoHorizontalScroll(viewer);
});

test('a payout account entered while someone else saved one says so, without showing their details, and goes in on top with the password again', async ({ page, browser }) => {
  await signIn(page, demoEmail('billing-admin'));
  await page.goto('/settings/payout');
  await page.getByRole('button', { name: /^(Enter a|Change) payout account$/ }).click();
  const mine = page.getByRole('form', { name: 'Enter a payout account' });

  // A Global admin enters another account while this form is open.
  const other = await (await browser.newContext()).newPage();
  await signIn(other, demoEmail('global-admin'));
  await other.goto('/settings/payout');
  await other.getByRole('button', { name: /^(Enter a|Change) payout account$/ }).click();
  const theirs = other.getByRole('form', { name: 'Enter a payout account' });
  await theirs.getByLabel('Account holder').fill('Contoso Ltd');
  await theirs.getByLabel('Country of the bank').selectOption('DE');
  await theirs.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
  await theirs.getByLabel('BIC (SWIFT code)').fill('COBADEFFXXX');
  await theirs.getByLabel('Payout currency').selectOption('EUR');
  await theirs.getByLabel('Your password').fill(DEMO_PASSWORD);
  await theirs.getByRole('button', { name: 'Save payout account' }).click();
  await expect(other.getByRole('region', { name: /New payout account/ })).toContainText('•••• 3000');

  await mine.getByLabel('Account holder').fill('Contoso Ltd');
  await mine.getByLabel('Country of the bank').selectOption('FR');
  await mine.getByLabel('IBAN').fill(IBAN);
  await mine.getByLabel('BIC (SWIFT code)').fill('AGRIFRPP');
  await mine.getByLabel('Payout currency').selectOption('EUR');
  await mine.getByLabel('Your password').fill(DEMO_PASSWORD);
  await mine.getByRole('button', { name: 'Save payout account' }).click();

  // Who saved and when; no table, since their bank details are never sent back.
  const conflict = page.getByRole('alert').filter({ hasText: 'Someone else saved this first' });
  await expect(conflict).toContainText('global-admin@contoso.example');
  await expect(conflict).toContainText('enter your password again');
  await expect(conflict.getByRole('table')).toHaveCount(0);
  await expect(page.locator('main')).not.toContainText('DE89');
  await expect(mine.getByLabel('Your password')).toHaveValue('');
  await expect(mine.getByLabel('IBAN')).toHaveValue(IBAN);
  await expectAccessible(page);

  // Reapplying keeps what was typed and asks for the password beside its field.
  await conflict.getByRole('button', { name: 'Reapply my changes on top' }).click();
  await expect(page.locator('#payout-password-error')).not.toBeEmpty();
  await expect(mine.getByLabel('Your password')).toBeFocused();
  await expect(mine.getByLabel('IBAN')).toHaveValue(IBAN);
  await mine.getByLabel('Your password').fill(DEMO_PASSWORD);
  await mine.getByRole('button', { name: 'Save payout account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'pending validation by the platform' })).toBeVisible();
  await expect(page.getByRole('region', { name: /New payout account/ })).toContainText('•••• 0189');
  await other.reload();
  await expect(other.getByRole('region', { name: /New payout account/ })).toContainText('•••• 0189');
});

import { expect, test } from '@playwright/test';
import { demoEmail, expectAccessible, expectNoHorizontalScroll, navigation, signIn } from './helpers';

test('invoices: the demo invoice past its due date is overdue and its notice went out once', async ({ page, browser }, testInfo) => {
  await signIn(page, demoEmail('financial-contributor'));
  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Invoices' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Invoices' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Invoices' })).toBeVisible();
  // The page's one table, whatever the language of its caption.
  const rows = page.getByRole('table').getByRole('row');
  // A header row and the three demo invoices, newest first.
  await expect(rows).toHaveCount(4);
  const overdue = rows.filter({ hasText: 'Overdue' });
  await expect(overdue).toHaveCount(1);
  await expect(overdue).toContainText('8,420.75 EUR');
  const number = (await overdue.getByRole('rowheader').innerText()).trim();
  expect(number).toMatch(/^CTS-\d{4}-\d{4}$/);
  // ("Paid" alone: "Unpaid" contains it.)
  await expect(rows.filter({ has: page.getByText('Paid', { exact: true }) })).toHaveCount(1);
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // French: amounts and statuses follow the language.
  await page.getByRole('button', { name: /^Your account/ }).click();
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Factures' })).toBeVisible();
  await expect(rows.filter({ hasText: 'En retard' })).toContainText('8\u202f420,75 EUR');
  // Back to English, for the other tests that sign in as this user (the menu is still open).
  await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Invoices' })).toBeVisible();

  // The overdue notice is in the demo mailbox, once, at the Billing admin's alternate email
  // for late payments (set in the demo), not at their sign-in email.
  // The demo mailbox shows a company's mail to its signed-in users: the Billing admin's here.
  const mailbox = await (await browser.newContext()).newPage();
  await signIn(mailbox, demoEmail('billing-admin'));
  await mailbox.goto('/mailbox');
  const notices = mailbox.getByRole('article').filter({ hasText: `invoice ${number} is overdue` });
  await expect(notices).toHaveCount(1);
  await expect(notices).toContainText('accounts-payable@contoso.example');

  // Roles the catalogue keeps out do not see the page.
  const marketer = await (await browser.newContext()).newPage();
  await signIn(marketer, demoEmail('marketer'));
  await expect((await navigation(marketer, testInfo)).getByRole('link', { name: 'Invoices' })).toHaveCount(0);
});

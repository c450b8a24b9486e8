import { expect, test } from '@playwright/test';
import { demoEmail, expectAccessible, expectNoHorizontalScroll, leaveAndStay, mailedLink, signIn } from './helpers';

// My preferences, reached as the issue describes: bell → My preferences → Contact details for
// notifications → Edit → Save. Every run uses fresh addresses, so desktop and phone (and
// reruns against the same server) never depend on each other.

test('a user changes their notification email from the bell and confirms it from the mailbox', async ({ page }, testInfo) => {
  await signIn(page, demoEmail('developer'));
  await page.getByRole('button', { name: /^Notifications/ }).click();
  await page.getByRole('region', { name: 'Notifications' }).getByRole('link', { name: 'My preferences' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My preferences' })).toBeVisible();

  const contact = page.getByRole('region', { name: 'Contact details for notifications' });
  await expect(contact).toContainText('Notification email');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  await contact.getByRole('button', { name: 'Edit Contact details for notifications' }).click();
  const newEmail = `dev.notices.${testInfo.project.name}.${Date.now()}@contoso.example`;
  // A malformed address is refused beside the field before anything is sent.
  await contact.getByLabel('Notification email').fill('not an address');
  await contact.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#notification-email-error')).toContainText('Enter an email address');
  await expect(contact.getByLabel('Notification email')).toBeFocused();
  await contact.getByLabel('Notification email').fill(newEmail);
  await contact.getByLabel('Job title').fill('Lead developer');
  await contact.getByLabel('Email language').selectOption('fr');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await contact.getByRole('button', { name: 'Save' }).click();

  // Saved, but the new address waits for its link: the one in use stays.
  await expect(contact.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  const pending = contact.getByRole('region', { name: 'Pending confirmation' });
  await expect(pending).toContainText(newEmail);
  await expect(contact.getByRole('definition').filter({ hasText: newEmail })).toHaveCount(0);
  await expect(contact).toContainText('Lead developer');
  await expect(contact).toContainText('Français');
  await expectAccessible(page);

  // The mailbox has the link; following it confirms the address.
  await page.goto('/mailbox');
  const mail = page.getByRole('article').filter({ hasText: newEmail }).first();
  await expect(mail).toContainText('confirm your notification email');
  const link = await mail.getByRole('link').first().getAttribute('href');
  await page.goto(link!.replace(/^https?:\/\/[^/]+/, ''));
  await expect(page.getByRole('heading', { level: 1, name: 'Confirm an email address' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(newEmail);
  await expect(page.getByRole('status')).toContainText('is now your notification email');
  await expectAccessible(page);
  // The link works once.
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('already used');
  // ... and says where a new one is asked for.
  await page.getByRole('link', { name: 'Open My preferences' }).click();
  const confirmed = page.getByRole('region', { name: 'Contact details for notifications' });
  await expect(confirmed.getByRole('definition').filter({ hasText: newEmail })).toBeVisible();
  await expect(confirmed.getByRole('region', { name: 'Pending confirmation' })).toHaveCount(0);
  await expectNoHorizontalScroll(page);
});

test('an onmicrosoft.com alternate email is refused beside the field with the reason', async ({ page }) => {
  // Fabrikam's Billing admin has no alternate email (Contoso's demo one has).
  await signIn(page, 'billing-admin@fabrikam.example');
  await page.goto('/settings/preferences');
  const alternate = page.getByRole('region', { name: 'Alternate email for overdue invoices and late payments' });
  await alternate.getByRole('button', { name: /^Edit Alternate email/ }).click();
  const field = alternate.getByRole('textbox', { name: 'Alternate email' });
  await field.fill('billing@contoso.onmicrosoft.com');
  await alternate.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#alternate-email-input-error')).toContainText(
    'Addresses at onmicrosoft.com are not accepted here: nobody reads mail sent to a tenant\'s default domain.',
  );
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toBeFocused();
  // A free-mail address is refused too.
  await field.fill('billing@gmail.com');
  await expect(page.locator('#alternate-email-input-error')).toContainText('gmail.com is a free-mail provider');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  // Nothing was saved.
  await alternate.getByRole('button', { name: 'Cancel' }).click();
  await expect(alternate).toContainText('None: overdue notices go to your sign-in email.');
});

test('a Billing admin without an alternate email is warned where overdue notices go', async ({ page }) => {
  await signIn(page, 'billing-admin@fabrikam.example');
  await page.goto('/settings/preferences');
  const warning = page.getByRole('note').filter({ hasText: 'No alternate email for overdue invoices' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('billing-admin@fabrikam.example');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
});

test('a user who is not a Billing admin sees no such warning', async ({ page }) => {
  await signIn(page, demoEmail('developer'));
  await page.goto('/settings/preferences');
  await expect(page.getByRole('region', { name: 'Alternate email for overdue invoices and late payments' })).toBeVisible();
  await expect(page.getByRole('note').filter({ hasText: 'No alternate email for overdue invoices' })).toHaveCount(0);
});

test('leaving My preferences with an unsaved change in any section asks first', async ({ page }, testInfo) => {
  await signIn(page, demoEmail('report-viewer'));
  await page.goto('/settings/preferences');
  // The first of the page's three editors: the guard covers every form on the page.
  const contact = page.getByRole('region', { name: 'Contact details for notifications' });
  await contact.getByRole('button', { name: 'Edit Contact details for notifications' }).click();
  await contact.getByLabel('Job title').fill('Analyst');
  await leaveAndStay(page, testInfo);
  await expect(page.getByRole('heading', { level: 1, name: 'My preferences' })).toBeVisible();
  await expect(contact.getByLabel('Job title')).toHaveValue('Analyst');
});

test('a new alternate email is used only once its owner follows the link mailed to it', async ({ page }, testInfo) => {
  const address = `payables.${testInfo.project.name}.${Date.now()}@fabrikam.example`;
  await signIn(page, 'incentive-user@fabrikam.example');
  await page.goto('/settings/preferences');
  const alternate = page.getByRole('region', { name: 'Alternate email for overdue invoices and late payments' });
  const inUse = await alternate.getByRole('definition').first().textContent();
  await alternate.getByRole('button', { name: /^Edit Alternate email/ }).click();
  await alternate.getByRole('textbox', { name: 'Alternate email' }).fill(address);
  await alternate.getByRole('button', { name: 'Save' }).click();

  // Saved as pending: the address in use stays until the link is followed.
  const pending = alternate.getByRole('region', { name: 'Pending confirmation' });
  await expect(pending).toContainText(address);
  await expect(pending).toContainText('Until it is confirmed, notices of overdue invoices and late payments keep going where they go now.');
  await expect(alternate.getByRole('definition').first()).toHaveText(inUse!);
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  await page.goto(await mailedLink(page, address, 'confirm your alternate email'));
  await expect(page.getByRole('status')).toContainText(address);
  await expect(page.getByRole('status')).toContainText('is now your alternate email');
  await page.getByRole('link', { name: 'Open My preferences' }).click();
  const confirmed = page.getByRole('region', { name: 'Alternate email for overdue invoices and late payments' });
  await expect(confirmed.getByRole('definition').first()).toHaveText(address);
  await expect(confirmed.getByRole('region', { name: 'Pending confirmation' })).toHaveCount(0);
});

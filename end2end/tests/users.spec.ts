import { Browser, expect, Page, test } from '@playwright/test';
import { demoEmail, expectAccessible, expectNoHorizontalScroll, navigation, signIn, uniqueEmail } from './helpers';

async function signedInPage(browser: Browser, role: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, demoEmail(role));
  return page;
}

test('a Global admin invites an Incentive user, who sets a password and sees Incentives read-only', async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo, 'zoe');

  // The Global admin adds the user from User management.
  await signIn(page, demoEmail('global-admin'));
  await page.goto('/settings/users');
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await page.getByRole('button', { name: 'Add user' }).click();
  await page.getByRole('button', { name: 'Send invitation', exact: true }).click();
  await expect(page.locator('#invite-name-error')).toHaveText('This field is required.');
  await expect(page.locator('#roles-error')).toHaveText('Choose at least one role.');
  await page.getByLabel('Name', { exact: true }).fill('Zoé Lambert');
  await page.getByLabel('Work email').fill(email);
  await page.getByRole('checkbox', { name: 'Incentive user' }).check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Send invitation', exact: true }).click();
  await expect(page.getByText('Invitation sent.')).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('Invited');
  await page.getByLabel('Search by name or email').fill('zoé');
  await expect(page.getByRole('row').filter({ hasText: email })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: demoEmail('marketer') })).toHaveCount(0);
  await page.getByLabel('Search by name or email').fill('');
  await page.getByLabel('Role', { exact: true }).selectOption('marketer');
  await expect(page.getByRole('row').filter({ hasText: demoEmail('marketer') })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: email })).toHaveCount(0);
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // The invitation is in the demo mailbox, which shows the admin their company's mail; its link
  // sets the password, in the invitee's own browser.
  const mailbox = await page.context().newPage();
  await mailbox.goto('/mailbox');
  const mail = mailbox.getByRole('article').filter({ hasText: email }).first();
  await expect(mail).toBeVisible();
  await expectAccessible(mailbox);
  const link = await mail.getByRole('link').first().getAttribute('href');
  await mailbox.close();
  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto(link!.replace(/^https?:\/\/[^/]+/, ''));
  await expect(invitee.getByRole('heading', { level: 1, name: 'Set your password' })).toBeVisible();
  await expect(invitee.getByText(email)).toBeVisible();
  await expectAccessible(invitee);
  await invitee.getByLabel('New password').fill('short');
  await invitee.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(invitee.locator('#new-password-error')).toHaveText('Enter at least 8 characters.');
  await invitee.getByLabel('New password').fill('a long passphrase for zoe');
  await invitee.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(invitee.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();

  // An Incentive user sees Incentives, read-only, and no User management.
  const nav = await navigation(invitee, testInfo);
  await expect(nav.getByRole('link')).toHaveText(['Overview', 'Incentives']);
  await nav.getByRole('link', { name: 'Incentives' }).click();
  await expect(invitee.getByRole('heading', { level: 1, name: 'Incentives' })).toBeVisible();
  await expect(invitee.getByRole('note')).toContainText('Only these roles can change them: Global admin, Incentive admin');
  await expect(invitee.getByLabel('Claims notification email')).toBeDisabled();
  await expect(invitee.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await expectAccessible(invitee);
  await invitee.goto('/settings/users');
  await expect(invitee.getByRole('alert')).toContainText("You don't have permission");

  // The link works once.
  const again = await (await browser.newContext()).newPage();
  await again.goto(link!.replace(/^https?:\/\/[^/]+/, ''));
  await expect(again.getByRole('alert')).toContainText('can no longer be used');
});

test('two people edit the same settings: the second gets the conflict screen and reapplying keeps both changes', async ({ browser }) => {
  const first = await signedInPage(browser, 'incentive-admin');
  await first.goto('/settings/incentives');
  await first.getByLabel('Incentive payment contact name').fill('Chloé Robert');
  await first.getByLabel('Incentive payment contact email').fill('payments@contoso.example');
  await first.getByLabel('Claims notification email').fill('claims@contoso.example');
  await first.getByRole('button', { name: 'Save' }).click();
  await expect(first.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  const second = await signedInPage(browser, 'global-admin');
  await second.goto('/settings/incentives');
  await expect(second.getByLabel('Claims notification email')).toHaveValue('claims@contoso.example');

  // The first person changes the contact name and saves.
  await first.reload();
  await first.getByLabel('Incentive payment contact name').fill('Chloé Robert-Martin');
  await first.getByRole('button', { name: 'Save' }).click();
  await expect(first.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  // The second, still on the old version, changes the claims email and saves.
  const claims = `claims.${Date.now()}@contoso.example`;
  await second.getByLabel('Claims notification email').fill(claims);
  await second.getByRole('button', { name: 'Save' }).click();
  const conflict = second.getByRole('alert').filter({ hasText: 'Someone else saved this first' });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('incentive-admin@contoso.example changed this on');
  await expect(conflict.getByRole('row').filter({ hasText: 'Incentive payment contact name' })).toContainText('Chloé Robert-Martin');
  await expectAccessible(second);
  await second.getByRole('button', { name: 'Reapply my changes on top' }).click();
  await expect(second.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await second.reload();
  await expect(second.getByLabel('Incentive payment contact name')).toHaveValue('Chloé Robert-Martin');
  await expect(second.getByLabel('Claims notification email')).toHaveValue(claims);

  // The audit log shows all of it.
  await second.goto('/settings/audit');
  await expect(second.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  const table = second.getByRole('table');
  // Values read with their fields' labels, what was changed by its page's name.
  const saved = table.getByRole('row').filter({ hasText: 'Changed settings' }).first();
  await expect(saved).toContainText(`Claims notification email: ${claims}`);
  await expect(saved).toContainText('Incentives');
  await expect(saved).not.toContainText('claims_email');
  await expect(table).toContainText('Invited a user');
  await expect(table).toContainText('Accepted an invitation');
  // Sign-ins are filed under their own name, not under an area of the workspace.
  await expect(table.getByRole('row').filter({ hasText: 'Signed in' }).first()).toContainText('Sign-ins');
  await second.getByLabel('Area').selectOption('incentives');
  await second.getByRole('button', { name: 'Apply filters' }).click();
  await expect(table.getByRole('row').filter({ hasText: 'Invited a user' })).toHaveCount(0);
  await expect(table.getByRole('row').filter({ hasText: 'Changed settings' }).first()).toBeVisible();
  const download = second.waitForEvent('download');
  await second.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toBe('audit-log.csv');
  await expectAccessible(second);
  await expectNoHorizontalScroll(second);
});

test('a Global admin edits roles, deactivates and reactivates a user from the list', async ({ page }) => {
  page.on('dialog', (dialog) => dialog.accept());
  await signIn(page, demoEmail('global-admin'));
  await page.goto('/settings/users');
  const row = () => page.getByRole('row').filter({ hasText: demoEmail('billing-admin') });

  await row().getByRole('button', { name: /^Edit roles/ }).click();
  const editor = page.getByRole('region', { name: /Edit roles/ });
  await expect(editor).toBeVisible();
  await editor.getByRole('checkbox', { name: 'Billing admin' }).uncheck();
  await editor.getByRole('button', { name: 'Save roles' }).click();
  await expect(editor.locator('#roles-error')).toHaveText('Choose at least one role.');
  await editor.getByRole('checkbox', { name: 'Billing admin' }).check();
  await editor.getByRole('checkbox', { name: 'Financial contributor' }).check();
  await expectAccessible(page);
  await editor.getByRole('button', { name: 'Save roles' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await expect(row()).toContainText('Billing admin, Financial contributor');

  await row().getByRole('button', { name: /^Deactivate/ }).click();
  await expect(row()).toContainText('Deactivated');
  await row().getByRole('button', { name: /^Reactivate/ }).click();
  await expect(row()).toContainText('Active');

  // Put the demo user back as it was.
  await row().getByRole('button', { name: /^Edit roles/ }).click();
  await page.getByRole('region', { name: /Edit roles/ }).getByRole('checkbox', { name: 'Financial contributor' }).uncheck();
  await page.getByRole('region', { name: /Edit roles/ }).getByRole('button', { name: 'Save roles' }).click();
  await expect(row()).not.toContainText('Financial contributor');
});

test('a User management admin is offered only the roles they may grant, and an outside address is flagged as it is typed', async ({ page }) => {
  await signIn(page, demoEmail('user-management-admin'));
  await page.goto('/settings/users');
  await page.getByRole('button', { name: 'Add user' }).click();
  const form = page.getByRole('region', { name: 'Add a user' });
  // Admin roles are a Global admin's to grant: not offered.
  for (const role of ['Global admin', 'Account admin', 'User management admin', 'Billing admin', 'Incentive admin', 'Referrals admin']) {
    await expect(form.getByRole('checkbox', { name: role, exact: true })).toHaveCount(0);
  }
  await expect(form.getByRole('checkbox', { name: 'Marketer' })).toBeEnabled();
  await expect(form.getByRole('checkbox', { name: 'Developer' })).toBeEnabled();

  const warning = page.locator('#invite-email-warning');
  await form.getByLabel('Work email').fill('ivy@northwind.example');
  await expect(warning).toContainText("northwind.example is not one of your company's email domains");
  await expect(warning).toContainText('contoso.example');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await form.getByLabel('Work email').fill('ivy@contoso.example');
  await expect(warning).toBeEmpty();

  // Editing a Billing admin: the role is shown, checked and out of reach.
  await form.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('row').filter({ hasText: demoEmail('billing-admin') }).getByRole('button', { name: /^Edit roles/ }).click();
  const editor = page.getByRole('region', { name: /Edit roles/ });
  await expect(editor.getByRole('checkbox', { name: 'Billing admin' })).toBeChecked();
  await expect(editor.getByRole('checkbox', { name: 'Billing admin' })).toBeDisabled();
  await expect(editor.getByRole('checkbox', { name: 'Account admin' })).toHaveCount(0);
  await expectAccessible(page);
});

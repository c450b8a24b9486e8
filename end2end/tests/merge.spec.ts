import { expect, Page, test, TestInfo } from '@playwright/test';
import {
  demoEmail,
  expectAccessible,
  expectNoHorizontalScroll,
  navigation,
  signIn,
  signOut,
  signUpCompany,
  uniqueEmail,
  verifyCompany,
} from './helpers';

const PASSWORD = 'a long passphrase for vera';

async function openMerge(page: Page, testInfo: TestInfo) {
  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Account merge' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Account merge' })).toBeVisible();
}

// Two new companies, each verified first (only verified companies merge). A's Global admin
// invites B, B's accepts, A's confirms, each with their password again; at the confirmation,
// A keeps one admin role for one of the arriving users, and the Users page shows exactly that.
test('two verified companies merge: password at each step, and the admin roles kept are chosen at confirm', async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  const stamp = `${testInfo.project.name} ${Date.now()}`;
  const aName = `Alpine Ski House ${stamp}`;
  const bName = `Wingtip Toys ${stamp}`;
  const a = uniqueEmail(testInfo, 'alpine');
  const b = uniqueEmail(testInfo, 'wingtip');
  const bea = uniqueEmail(testInfo, 'bea');

  // A signs up; unverified, the page says so up front.
  await signUpCompany(page, a, aName);
  await openMerge(page, testInfo);
  await expect(page.getByRole('note').filter({ hasText: 'yours is not verified yet' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Submit it for verification under Legal info' })).toHaveAttribute(
    'href',
    '/settings/legal-info#verification',
  );
  await verifyCompany(page, browser, testInfo, aName);
  await signOut(page);

  // B signs up, invites a Billing admin who is also a Marketer, and is verified.
  await signUpCompany(page, b, bName);
  await page.goto('/settings/users');
  await page.getByRole('button', { name: 'Add user' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Bea Billing');
  await page.getByLabel('Work email').fill(bea);
  await page.getByRole('checkbox', { name: 'Billing admin' }).check();
  await page.getByRole('checkbox', { name: 'Marketer' }).check();
  await page.getByRole('button', { name: 'Send invitation', exact: true }).click();
  await expect(page.getByText('Invitation sent.')).toBeVisible();
  await verifyCompany(page, browser, testInfo, bName);
  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Identifiers' }).click();
  const partner = page.locator('details').filter({ has: page.getByRole('heading', { name: 'Partner ID' }) });
  const bPartnerId = (await partner.locator('code').textContent())!.trim();
  await signOut(page);

  // A finds B and invites it: the password is asked again, a wrong one is said beside it.
  await signIn(page, a, PASSWORD);
  await openMerge(page, testInfo);
  await expect(page.getByRole('note').filter({ hasText: 'yours is not verified yet' })).toHaveCount(0);
  await page.getByLabel('Its global partner ID').fill('12345');
  await page.getByRole('button', { name: 'Find' }).click();
  await expect(page.getByText('A partner ID is 7 digits')).toBeVisible();
  await page.getByLabel('Its global partner ID').fill(bPartnerId);
  await page.getByRole('button', { name: 'Find' }).click();
  await expect(page.locator('#merge-found-name')).toHaveText(bName);
  const invite = page.getByRole('button', { name: 'Invite to merge into this account' });
  await invite.click();
  await expect(page.locator('#merge-invite-password-error')).toHaveText('This field is required.');
  await expect(page.getByLabel('Your password')).toBeFocused();
  await page.getByLabel('Your password').fill(PASSWORD);
  await invite.click();
  await expect(page.locator('#merge-message-error')).toHaveText('This field is required.');
  await page.getByLabel('Message to its administrators').fill('Wingtip is part of Alpine now.');
  await page.getByLabel('Your password').fill('not my password');
  await invite.click();
  await expect(page.locator('#merge-invite-password-error')).toContainText("This isn't your password.");
  await page.getByLabel('Your password').fill(PASSWORD);
  await invite.click();
  await expect(page.getByText('Invitation sent.')).toBeVisible();
  const mine = page.locator('.merge').first();
  await expect(mine).toContainText('Awaiting answer');
  await expect(mine.getByRole('button', { name: 'Cancel the invitation' })).toBeVisible();
  // Before B accepts, A does not see B's people.
  await mine.getByRole('button', { name: 'See what the merge will do' }).click();
  const early = page.getByRole('region', { name: 'What the merge will do' });
  await expect(early).toContainText('listed here once the other account has accepted');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await early.getByRole('button', { name: 'Close' }).click();
  await signOut(page);

  // B's Global admin sees exactly what accepting does, who would arrive with which roles, and
  // accepts with the password.
  await signIn(page, b, PASSWORD);
  await openMerge(page, testInfo);
  const theirs = page.locator('.merge').first();
  await expect(theirs).toContainText(`Invited us: ${aName}`);
  await expect(theirs).toContainText('Wingtip is part of Alpine now.');
  // Declining needs a reason: refused beside the field, and nothing changes.
  await theirs.getByRole('button', { name: 'Decline' }).click();
  await theirs.getByRole('button', { name: 'Decline' }).last().click();
  await expect(theirs.locator('.field-error')).toHaveText('This field is required.');
  await theirs.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(theirs).toContainText('Awaiting answer');
  await theirs.getByRole('button', { name: 'Review and accept' }).click();
  const preview = page.getByRole('region', { name: 'What accepting will do' });
  await expect(preview).toContainText(aName);
  await expect(preview).toContainText('Arriving users lose their admin roles');
  const founder = preview.getByRole('listitem').filter({ hasText: b });
  await expect(founder).toContainText('Roles now: Global admin');
  await expect(founder).toContainText('Arrives with: No role');
  await expect(preview.getByRole('listitem').filter({ hasText: bea })).toContainText('Arrives with: Marketer');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await preview.getByLabel('Your password').fill('not my password');
  await preview.getByRole('button', { name: 'Accept the merge' }).click();
  await expect(preview.getByText("This isn't your password.")).toBeVisible();
  await expect(theirs).toContainText('Awaiting answer');
  await preview.getByLabel('Your password').fill(PASSWORD);
  await preview.getByRole('button', { name: 'Accept the merge' }).click();
  await expect(page.locator('.merge').first()).toContainText('Accepted, awaiting confirmation');
  await signOut(page);

  // A's Global admin confirms, keeping Bea's Billing admin role (ticked from the keyboard) and
  // nobody else's admin role.
  await signIn(page, a, PASSWORD);
  await openMerge(page, testInfo);
  await page.locator('.merge').first().getByRole('button', { name: 'Review and confirm' }).click();
  const confirm = page.getByRole('region', { name: 'What confirming will do' });
  const keepBilling = confirm
    .getByRole('group', { name: 'Admin roles to keep for Bea Billing' })
    .getByRole('checkbox', { name: 'Billing admin' });
  const keepFounder = confirm
    .getByRole('group', { name: 'Admin roles to keep for Vera Partner' })
    .getByRole('checkbox', { name: 'Global admin' });
  await expect(keepBilling).not.toBeChecked();
  await expect(keepFounder).not.toBeChecked();
  await expect(confirm.getByRole('checkbox', { name: 'Marketer' })).toHaveCount(0);
  await keepBilling.focus();
  await page.keyboard.press('Space');
  await expect(keepBilling).toBeChecked();
  await expect(confirm.getByRole('listitem').filter({ hasText: bea })).toContainText('Arrives with: Billing admin, Marketer');
  await expect(confirm.getByRole('listitem').filter({ hasText: b })).toContainText(
    'Arrives with: No role: they can still sign in and see their Overview.',
  );
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await confirm.getByRole('button', { name: 'Confirm the merge' }).click();
  await expect(confirm.locator('.field-error')).toHaveText('This field is required.');
  await confirm.getByLabel('Your password').fill(PASSWORD);
  await confirm.getByRole('button', { name: 'Confirm the merge' }).click();
  await expect(page.locator('.merge').first()).toContainText('Completed');
  await expect(page.getByText('Check the payout and tax details')).toBeVisible();

  // On the Users page, the arriving users have exactly the roles chosen.
  const nav2 = await navigation(page, testInfo);
  await nav2.getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  const rolesOf = (email: string) => page.getByRole('row').filter({ hasText: email }).getByRole('cell').nth(1);
  await expect(rolesOf(bea)).toHaveText('Billing admin, Marketer');
  await expect(rolesOf(b)).toHaveText('');
  await expect(rolesOf(a)).toHaveText('Global admin');
  await expectAccessible(page);
  const nav3 = await navigation(page, testInfo);
  await nav3.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByText('Accounts merged').first()).toBeVisible();
  await signOut(page);

  // B's founder now signs in to A's workspace without a role, and sees their Overview.
  await signIn(page, b, PASSWORD);
  await expect(page.getByText(aName).first()).toBeVisible();
  await expect(page.getByText('You hold no role in this account')).toBeVisible();
  await expectAccessible(page);
});

test('an Account admin follows merges but only a Global admin acts on them', async ({ page }, testInfo) => {
  await signIn(page, demoEmail('account-admin'));
  await openMerge(page, testInfo);
  await expect(page.getByRole('note').filter({ hasText: 'Only these roles can change them' })).toContainText('Global admin');
  await expect(page.getByRole('note').filter({ hasText: 'Only these roles can change them' })).not.toContainText('Account admin');
  await expect(page.getByLabel('Its global partner ID')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Merges' })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
});

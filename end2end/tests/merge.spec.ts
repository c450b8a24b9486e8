import { expect, Page, test, TestInfo } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, navigation, signIn, signOut, signUpCompany, uniqueEmail } from './helpers';

const PASSWORD = 'a long passphrase for vera';

async function openMerge(page: Page, testInfo: TestInfo) {
  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Account merge' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Account merge' })).toBeVisible();
}

test('account A invites account B, B accepts, A confirms, and B works in A', async ({ page }, testInfo) => {
  const a = uniqueEmail(testInfo, 'alpine');
  const b = uniqueEmail(testInfo, 'wingtip');
  await signUpCompany(page, a, 'Alpine Ski House');
  await signOut(page);
  await signUpCompany(page, b, 'Wingtip Toys');
  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Identifiers' }).click();
  const partner = page.locator('details').filter({ has: page.getByRole('heading', { name: 'Partner ID' }) });
  const bPartnerId = (await partner.locator('code').textContent())!.trim();
  await signOut(page);

  // A finds B by its partner ID (a wrong one is refused beside the field) and invites it.
  await signIn(page, a, PASSWORD);
  await openMerge(page, testInfo);
  await page.getByLabel('Its global partner ID').fill('12345');
  await page.getByRole('button', { name: 'Find' }).click();
  await expect(page.getByText('A partner ID is 7 digits')).toBeVisible();
  await page.getByLabel('Its global partner ID').fill(bPartnerId);
  await page.getByRole('button', { name: 'Find' }).click();
  await expect(page.locator('#merge-found-name')).toHaveText('Wingtip Toys');
  await page.getByRole('button', { name: 'Invite to merge into this account' }).click();
  await expect(page.locator('#merge-message-error')).toHaveText('This field is required.');
  await page.getByLabel('Message to its administrators').fill('Wingtip is part of Alpine now.');
  await page.getByRole('button', { name: 'Invite to merge into this account' }).click();
  await expect(page.getByText('Invitation sent.')).toBeVisible();
  const mine = page.locator('.merge').first();
  await expect(mine).toContainText('Awaiting answer');
  await expect(mine.getByRole('button', { name: 'Cancel the invitation' })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await signOut(page);

  // B is told in the bell, whose notification leads to the invitation; B sees exactly what
  // accepting does, then accepts.
  await signIn(page, b, PASSWORD);
  await page.getByRole('button', { name: /^Notifications \(2 unread\)/ }).click();
  await page.getByRole('region', { name: 'Notifications' }).getByRole('tab', { name: /^Notifications/ }).click();
  await page.getByRole('region', { name: 'Notifications' }).getByRole('link', { name: 'Invitation to merge' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Account merge' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Notifications' })).toBeHidden();
  const theirs = page.locator('.merge').first();
  await expect(theirs).toContainText('Invited us: Alpine Ski House');
  await expect(theirs).toContainText('Wingtip is part of Alpine now.');
  // Declining needs a reason: refused beside the field, and nothing changes.
  await theirs.getByRole('button', { name: 'Decline' }).click();
  await theirs.getByRole('button', { name: 'Decline' }).last().click();
  await expect(theirs.locator('.field-error')).toHaveText('This field is required.');
  await theirs.getByRole('button', { name: 'Cancel' }).click();
  await expect(theirs).toContainText('Awaiting answer');
  await theirs.getByRole('button', { name: 'Review and accept' }).click();
  const preview = page.getByRole('region', { name: 'What accepting will do' });
  await expect(preview).toContainText('Alpine Ski House');
  await expect(preview).toContainText('It cannot be undone.');
  await expectAccessible(page);
  await preview.getByRole('button', { name: 'Accept the merge' }).click();
  await expect(page.locator('.merge').first()).toContainText('Accepted, awaiting confirmation');
  await signOut(page);

  // A confirms; the merge runs and the audit log shows it.
  await signIn(page, a, PASSWORD);
  await openMerge(page, testInfo);
  page.once('dialog', (dialog) => dialog.accept());
  await page.locator('.merge').first().getByRole('button', { name: 'Confirm the merge' }).click();
  await expect(page.locator('.merge').first()).toContainText('Completed');
  await expect(page.getByText('Check the payout and tax details')).toBeVisible();
  const nav2 = await navigation(page, testInfo);
  await nav2.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByText('Accounts merged').first()).toBeVisible();
  await signOut(page);

  // B's founder now signs in to A's workspace, still a Global admin.
  await signIn(page, b, PASSWORD);
  await expect(page.getByText('Alpine Ski House').first()).toBeVisible();
  await expect(page.getByText('Global admin').first()).toBeVisible();
});

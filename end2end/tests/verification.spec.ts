import { expect, test } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, navigation, signIn, signUpCompany, uniqueEmail } from './helpers';

test('submit for verification, answer the reviewer, and see the company verified', async ({ page, browser }, testInfo) => {
  const company = `Verif ${testInfo.project.name} ${Date.now()}`;
  await signUpCompany(page, uniqueEmail(testInfo, 'vera'), company);
  await page.goto('/settings/legal-info');
  const verification = page.getByRole('region', { name: 'Verification' });
  await expect(verification).toContainText('Not started');
  await verification.getByRole('button', { name: 'Submit for verification' }).click();
  await expect(verification).toContainText('Submitted for verification');

  // The reviewer opens the company from the queue and asks for more information.
  const reviewer = await (await browser.newContext()).newPage();
  await signIn(reviewer, 'reviewer@platform.example');
  const nav = await navigation(reviewer, testInfo);
  await expect(nav.getByRole('link')).toHaveText(['Overview', 'Review queue']);
  await nav.getByRole('link', { name: 'Review queue' }).click();
  await expect(reviewer.getByRole('heading', { level: 1, name: 'Review queue' })).toBeVisible();
  await expectAccessible(reviewer);
  await reviewer.getByRole('button', { name: `Open ${company}` }).click();
  // The company opened is in the address: a reload stays on it.
  await expect(reviewer).toHaveURL(/\/settings\/review\?company=\d+$/);
  await reviewer.reload();
  await expect(reviewer.getByRole('heading', { level: 2, name: company })).toBeVisible();
  await reviewer.getByRole('button', { name: 'Start review' }).click();
  await expect(reviewer.getByText('Review started')).toBeVisible();
  await reviewer.getByLabel('Reason (sent to the company)').fill('Send the registration certificate');
  await reviewer.getByRole('button', { name: 'Ask for information' }).click();
  await expect(reviewer.getByText('More information requested: Send the registration certificate')).toBeVisible();
  await expectAccessible(reviewer);
  await expectNoHorizontalScroll(reviewer);

  // The partner sees the request (bell and page) and answers.
  await page.reload();
  await expect(page.getByRole('button', { name: /^Notifications \(\d+ unread\)/ })).toBeVisible();
  await expect(verification).toContainText('Action required');
  await expect(verification).toContainText('Send the registration certificate');
  await verification.getByLabel('Your answer to the reviewer').fill('Uploaded to the documents area');
  await verification.getByRole('button', { name: 'Send answer' }).click();
  await expect(verification).toContainText('Answered the reviewer: Uploaded to the documents area');
  await expectAccessible(page);

  // The reviewer approves; the partner sees "Verified".
  await reviewer.getByRole('link', { name: 'Back to the queue' }).click();
  await expect(reviewer).toHaveURL(/\/settings\/review$/);
  await reviewer.getByRole('button', { name: `Open ${company}` }).click();
  // Approving asks first; dismissing changes nothing.
  reviewer.once('dialog', (dialog) => void dialog.dismiss());
  await reviewer.getByRole('button', { name: 'Approve' }).click();
  await expect(reviewer.locator('.card .tag')).toHaveText('Submitted');
  reviewer.once('dialog', (dialog) => void dialog.accept());
  await reviewer.getByRole('button', { name: 'Approve' }).click();
  await expect(reviewer.locator('.card .tag')).toHaveText('Verified');
  await page.reload();
  await expect(verification.locator('.tag')).toHaveText('Verified');
  await expect(verification.getByRole('button', { name: 'Submit for verification' })).toHaveCount(0);
});

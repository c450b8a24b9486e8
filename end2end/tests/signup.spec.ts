import { expect, test } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, mailedLink, uniqueEmail } from './helpers';

test('a founder signs up, proves the address from the mailed link with their password, and lands on the Overview', async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo, 'noor');
  const password = 'a passphrase only noor knows';
  const company = `Confirmed ${testInfo.project.name} ${Date.now()}`;
  await page.goto('/signup');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Your name').fill('Noor Partner');
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Company legal name').fill(company);
  await page.getByLabel('Country').selectOption('FR');
  await page.getByRole('button', { name: 'Create account' }).click();

  // Nothing is open yet: "check your inbox", at the address typed.
  const sent = page.getByRole('status').filter({ hasText: 'Check your inbox' });
  await expect(sent).toContainText(`We sent a link to ${email}`);
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Create account' })).toHaveCount(0);
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // Signing in first says to confirm the address, and offers a new link.
  const later = await (await browser.newContext()).newPage();
  await later.goto('/signin');
  await later.getByLabel('Work email').fill(email);
  await later.getByLabel('Password').fill(password);
  await later.getByRole('button', { name: 'Sign in' }).click();
  const unconfirmed = later.getByRole('alert').filter({ hasText: 'Confirm your email first' });
  await expect(unconfirmed).toBeVisible();
  await expect(later).toHaveURL(/\/signin$/);
  await expectAccessible(later);
  await expectNoHorizontalScroll(later);
  await unconfirmed.getByRole('button', { name: 'Send a new link' }).click();
  await expect(unconfirmed.getByRole('status')).toContainText(`A new link was sent to ${email}`);
  await expectAccessible(later);

  // A browser that neither signed in nor signed up sees no mail at all.
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto('/mailbox');
  await expect(stranger.getByText("Sign in to see your company's mail")).toBeVisible();
  await expect(stranger.getByRole('article')).toHaveCount(0);
  await expectAccessible(stranger);

  // The browser that asked for the new link sees it in the demo mailbox, and follows it.
  const link = await mailedLink(later, email, 'confirm your email');
  await later.goto(link);
  await expect(later.getByRole('heading', { level: 1, name: 'Open your partner account' })).toBeVisible();
  await expect(later.getByText(`Confirm ${email} to open the partner account of ${company}`)).toBeVisible();
  await expectAccessible(later);
  await expectNoHorizontalScroll(later);
  // Someone else's password does not open it.
  await later.getByLabel('Password chosen at sign-up').fill('not the one chosen');
  await later.getByRole('button', { name: 'Open my account' }).click();
  await expect(later.locator('#sign-up-password-error')).toContainText("This isn't your password");
  await expect(later.getByLabel('Password chosen at sign-up')).toHaveAttribute('aria-invalid', 'true');
  await later.getByLabel('Password chosen at sign-up').fill(password);
  await later.getByRole('button', { name: 'Open my account' }).click();

  // Signed in on the Overview, as the account's Global admin.
  await expect(later).toHaveURL(/\/settings\/overview$/);
  await expect(later.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(later.getByRole('region', { name: 'Your roles' }).getByRole('listitem')).toHaveText(['Global admin']);
  await expect(later.getByText(company)).toBeVisible();
  await expect(later.getByRole('button', { name: 'Notifications (1 unread)' })).toBeVisible();
  await expectAccessible(later);
  await expectNoHorizontalScroll(later);

  // The link works once.
  const again = await (await browser.newContext()).newPage();
  await again.goto(link);
  await expect(again.getByRole('alert')).toContainText('can no longer be used');
  await expect(again.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
  await expectAccessible(again);
});

test('signing up with an address that already has an account looks the same, and nothing opens', async ({ page }, testInfo) => {
  // The demo's Global admin has an account: the answer is "check your inbox" all the same.
  await page.goto('/signup');
  await page.getByLabel('Work email').fill('global-admin@contoso.example');
  await page.getByLabel('Your name').fill('Someone Else');
  await page.getByLabel('Password', { exact: true }).fill('a passphrase of my own');
  await page.getByLabel('Company legal name').fill(`Copycat ${testInfo.project.name} ${Date.now()}`);
  await page.getByLabel('Country').selectOption('FR');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Check your inbox' })).toContainText(
    'We sent a link to global-admin@contoso.example',
  );
  // This browser gets no link: the owner was told instead.
  await page.goto('/mailbox');
  await expect(page.getByText("Sign in to see your company's mail")).toBeVisible();
  await expectAccessible(page);
});

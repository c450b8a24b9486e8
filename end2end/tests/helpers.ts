import { Browser, expect, Page, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const DEMO_PASSWORD = 'Contoso-demo-2026';
export const demoEmail = (roleSlug: string) => `${roleSlug}@contoso.example`;

export const isPhone = (testInfo: TestInfo) => testInfo.project.name === 'phone';

/** A fresh work email per test and project, so runs never collide. */
export const uniqueEmail = (testInfo: TestInfo, who = 'ada') =>
  `${who}.${testInfo.project.name}.${Date.now()}@fabrikam.example`;

/** The axe-core scan: no serious or critical violation on what is on screen. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

/** No sideways scrolling (the phone layout's promise). */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The workspace navigation, opened first behind its Menu button on a phone. */
export async function navigation(page: Page, testInfo: TestInfo) {
  if (isPhone(testInfo)) {
    const menu = page.getByRole('button', { name: /^(Menu)$/ });
    if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  }
  const nav = page.getByRole('navigation');
  await expect(nav).toBeVisible();
  return nav;
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/signin');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
}

/**
 * Follows the navigation's Overview link with an unsaved change on the page, chooses to stay
 * when asked, and checks that it was asked.
 */
export async function leaveAndStay(page: Page, testInfo: TestInfo) {
  let asked = '';
  page.once('dialog', (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await (await navigation(page, testInfo)).getByRole('link', { name: 'Overview' }).click();
  await expect.poll(() => asked).not.toBe('');
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: /^Your account/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin$/);
}

/** The password signUpCompany chooses at sign-up. */
export const SIGN_UP_PASSWORD = 'a long passphrase for vera';

/**
 * The path of the newest link mailed to `to` (in a mail containing `text`, if given), read from
 * the demo mailbox as the user of `page` sees it: a signed-in user sees their company's mail, the
 * browser that just signed up its sign-up mail. Opened in a second tab, so `page` stays where it is.
 */
export async function mailedLink(page: Page, to: string, text?: string | RegExp): Promise<string> {
  const mailbox = await page.context().newPage();
  await mailbox.goto('/mailbox');
  let mail = mailbox.getByRole('article').filter({ hasText: to });
  if (text) mail = mail.filter({ hasText: text });
  const href = await mail.first().getByRole('link').first().getAttribute('href');
  await mailbox.close();
  return href!.replace(/^https?:\/\/[^/]+/, '');
}

/**
 * After "Create account": the founder reads the sign-up mail (the demo mailbox shows it to this
 * browser), follows its link and enters the password chosen at sign-up, landing on the Overview.
 */
export async function finishSignUp(page: Page, email: string, password = SIGN_UP_PASSWORD) {
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
  await page.goto(await mailedLink(page, email, 'confirm your email'));
  await page.getByLabel('Password chosen at sign-up').fill(password);
  await page.getByRole('button', { name: 'Open my account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
}

/** Signs up a new company (its founder is the Global admin) and lands on the overview. */
export async function signUpCompany(page: Page, email: string, company: string) {
  await page.goto('/signup');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Your name').fill('Vera Partner');
  await page.getByLabel('Password', { exact: true }).fill(SIGN_UP_PASSWORD);
  await page.getByLabel('Company legal name').fill(company);
  await page.getByLabel('Country').selectOption('FR');
  await page.getByRole('button', { name: 'Create account' }).click();
  await finishSignUp(page, email);
}

export const REVIEWER_EMAIL = 'reviewer@platform.example';

/**
 * Gets the company of the founder signed in on `page` verified the way it happens: the founder
 * submits it on Legal info, the demo reviewer approves it in the Review queue (in a browser of
 * their own). `company` is the company's legal name (unique per run: the queue lists it).
 */
export async function verifyCompany(page: Page, browser: Browser, testInfo: TestInfo, company: string) {
  await page.goto('/settings/legal-info');
  const verification = page.getByRole('region', { name: 'Verification' });
  await verification.getByRole('button', { name: 'Submit for verification' }).click();
  await expect(verification).toContainText('Submitted for verification');
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'en-GB' });
  const reviewer = await context.newPage();
  await signIn(reviewer, REVIEWER_EMAIL);
  await (await navigation(reviewer, testInfo)).getByRole('link', { name: 'Review queue' }).click();
  await reviewer.getByRole('button', { name: `Open ${company}` }).click();
  reviewer.once('dialog', (dialog) => void dialog.accept());
  await reviewer.getByRole('button', { name: 'Approve' }).click();
  await expect(reviewer.locator('.card .tag')).toHaveText('Verified');
  await context.close();
  await page.reload();
  await expect(verification.locator('.tag')).toHaveText('Verified');
}

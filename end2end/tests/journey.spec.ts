import { expect, test } from '@playwright/test';
import {
  DEMO_PASSWORD,
  demoEmail,
  expectAccessible,
  expectNoHorizontalScroll,
  finishSignUp,
  navigation,
  signIn,
  signOut,
  uniqueEmail,
} from './helpers';

test('a partner signs up, finds their role, and a narrow role then sees less, in French too', async ({ page }, testInfo) => {
  // Sign up, first with a free-mail address: refused beside the field, nothing typed is lost.
  await page.goto('/signup');
  await expect(page.getByRole('heading', { level: 1, name: 'Create your partner account' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Work email').fill('ada.lovelace@gmail.com');
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByLabel('Password', { exact: true }).fill('analytical engine 1843');
  await page.getByLabel('Company legal name').fill('Fabrikam SAS');
  await page.getByLabel('Country').selectOption('FR');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('#email-error')).toContainText('gmail.com is a free-mail provider');
  await expect(page.getByLabel('Work email')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Work email')).toBeFocused();
  await expect(page.getByLabel('Company legal name')).toHaveValue('Fabrikam SAS');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  const email = uniqueEmail(testInfo);
  await page.getByLabel('Work email').fill(email);
  await page.getByRole('button', { name: 'Create account' }).click();
  // The address is proven by the mailed link before the account opens.
  await finishSignUp(page, email, 'analytical engine 1843');

  // Overview shows Global admin and, on request, what it allows.
  await expect(page).toHaveURL(/\/settings\/overview$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  const roles = page.getByRole('region', { name: 'Your roles' });
  await expect(roles.getByRole('listitem')).toHaveText(['Global admin']);
  await expect(page.getByText('Fabrikam SAS')).toBeVisible();
  await page.getByRole('button', { name: 'View permissions' }).click();
  await expect(page.getByRole('button', { name: 'Hide permissions' })).toHaveAttribute('aria-expanded', 'true');
  const users = page.locator('#permission-list li', { hasText: 'Users' });
  await expect(users).toContainText('View and change');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // The bell counts the welcome notification; its Notifications tab lists it, and marking it
  // read clears the count.
  const bell = page.getByRole('button', { name: 'Notifications (1 unread)' });
  await bell.click();
  const panel = page.getByRole('region', { name: 'Notifications' });
  await panel.getByRole('tab', { name: /^Notifications/ }).click();
  await expect(panel).toContainText('Welcome: complete your company profile');
  await expectAccessible(page);
  await panel.getByRole('button', { name: /^Mark as read/ }).click();
  await expect(page.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  // A Global admin's navigation lists every built page.
  let nav = await navigation(page, testInfo);
  await expect(nav.getByRole('link')).toHaveText(['Overview', 'Legal info', 'Company profile', 'Tenants', 'Identifiers', 'Support details', 'Account merge', 'Payout and billing', 'Tax profile', 'Invoices', 'Programs', 'Users', 'Incentives', 'Audit log']);
  await nav.getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expect(page.getByRole('table')).toContainText('Ada Lovelace');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  await signOut(page);

  // A Report viewer sees fewer pages and cannot open Users even by its address.
  await signIn(page, demoEmail('report-viewer'));
  await expect(page.getByRole('region', { name: 'Your roles' }).getByRole('listitem')).toHaveText(['Report viewer']);
  nav = await navigation(page, testInfo);
  await expect(nav.getByRole('link')).toHaveText(['Overview']);
  await page.goto('/settings/users');
  await expect(page.getByRole('alert')).toContainText("You don't have permission");

  // Switch to French: every text changes, and the choice survives a reload.
  await page.goto('/settings/overview');
  await page.getByRole('button', { name: /^Your account/ }).click();
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Vue d'ensemble" })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: "Vue d'ensemble" })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Vos rôles' }).getByRole('listitem')).toHaveText(['Lecteur de rapports']);
  await expectAccessible(page);

  // The choice is the user's, not the browser's: signed in elsewhere, they read French too.
  const elsewhere = await (await page.context().browser()!.newContext({ locale: 'en-GB' })).newPage();
  await elsewhere.goto('/signin');
  await elsewhere.getByLabel('Work email').fill(demoEmail('report-viewer'));
  await elsewhere.getByLabel('Password').fill(DEMO_PASSWORD);
  await elsewhere.getByRole('button', { name: 'Sign in' }).click();
  await expect(elsewhere.getByRole('heading', { level: 1, name: "Vue d'ensemble" })).toBeVisible();
  await elsewhere.context().close();

  // Back to English, for the other tests that sign in as this user.
  await page.getByRole('button', { name: /^Votre compte/ }).click();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
});

test('a wrong password says so without telling whether the email exists', async ({ page }) => {
  await page.goto('/signin');
  // Empty fields are said beside each, without asking the server.
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#email-error')).toHaveText('This field is required.');
  await expect(page.locator('#password-error')).toHaveText('This field is required.');
  await expect(page.getByLabel('Work email')).toBeFocused();
  await page.getByLabel('Work email').fill(demoEmail('developer'));
  await expect(page.locator('#email-error')).toHaveText('');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const known = page.getByRole('alert').filter({ hasText: 'incorrect' });
  await expect(known).toHaveText('The email or password is incorrect.');
  await page.getByLabel('Work email').fill('nobody@contoso.example');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'incorrect' })).toHaveText('The email or password is incorrect.');
  await expect(page.getByLabel('Work email')).toHaveValue('nobody@contoso.example');
  await expectAccessible(page);
});

test('deep links, reloads and the back button work', async ({ page }, testInfo) => {
  // Signed out, a deep link goes through sign-in and comes back to where it pointed.
  await page.goto('/settings/users');
  await expect(page).toHaveURL(/\/signin\?next=/);
  await page.getByLabel('Work email').fill(demoEmail('user-management-admin'));
  await page.getByLabel('Password').fill('Contoso-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/settings\/users$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();

  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Overview' }).click();
  await expect(page).toHaveURL(/\/settings\/overview$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/settings\/users$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
});

test('an unknown address shows a page-not-found page', async ({ page }) => {
  await page.goto('/settings/nowhere-at-all');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expectAccessible(page);
});

test('the first language follows the browser', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto('/signin');
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion aux Paramètres partenaire' })).toBeVisible();
  await expect(page.getByLabel('Adresse e-mail professionnelle')).toBeVisible();
  await context.close();
});

test('the browser tab names the page in the current language', async ({ page }) => {
  await signIn(page, demoEmail('developer'));
  await expect(page).toHaveTitle('Overview · Partner Settings');
  await page.getByRole('button', { name: /^Your account/ }).click();
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page).toHaveTitle("Vue d'ensemble · Paramètres partenaire");
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page).toHaveTitle('Overview · Partner Settings');
});

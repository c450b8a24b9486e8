import { expect, test } from '@playwright/test';
import { demoEmail, expectAccessible, expectNoHorizontalScroll, navigation, signIn } from './helpers';

test('the Global admin sees what a program is missing, enrols in the Windows program and finds its Windows publisher ID', async ({ page }, testInfo) => {
  await signIn(page, demoEmail('global-admin'));
  await (await navigation(page, testInfo)).getByRole('link', { name: 'Programs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Programs' })).toBeVisible();
  const yours = page.getByRole('region', { name: 'Your programs' });
  const others = page.getByRole('region', { name: 'Other programs' });

  // The other viewport's run may have enrolled already: leave first (after confirming).
  const windows = page.getByRole('article', { name: 'Windows and games developer' });
  const leave = windows.getByRole('button', { name: 'Leave program Windows and games developer' });
  await expect(windows.getByRole('heading', { name: 'Windows and games developer' })).toBeVisible();
  if (await leave.isVisible()) {
    page.once('dialog', (dialog) => dialog.accept());
    await leave.click();
    await expect(page.getByText('You left the program.')).toBeVisible();
  }

  // A program the company cannot join yet: every unmet requirement says where it is met.
  const direct = others.getByRole('article', { name: 'Cloud Solution Provider: direct bill' });
  const unmet = direct.getByRole('listitem').filter({ hasText: 'Not met' });
  await expect(unmet.filter({ hasText: 'Your company is a member of the partner network.' })).toHaveCount(1);
  for (const item of await unmet.all()) {
    const agreement = item.getByText('Accepted on the enrolment form.');
    if (await agreement.count()) continue;
    await expect(item.getByRole('link')).toHaveCount(1);
  }
  await expect(direct.getByRole('listitem').filter({ hasText: 'Your company\'s legal information is verified.' })).toContainText('Met');
  // Enrol is no dead end: it says what is still missing, with the way to each.
  await direct.getByRole('button', { name: 'Enrol in Cloud Solution Provider: direct bill' }).click();
  const missing = direct.getByRole('alert').filter({ hasText: 'You can enrol once every requirement is met.' });
  await expect(missing).toBeVisible();
  await expect(missing.getByRole('link', { name: 'See that program' })).toHaveAttribute('href', '#program-partner-network');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await missing.getByRole('button', { name: 'Close' }).click();

  // The Windows program: every requirement met but the agreement, accepted on the form.
  await expect(windows.getByRole('listitem').filter({ hasText: 'Not met' })).toHaveCount(1);
  await windows.getByRole('button', { name: 'Enrol in Windows and games developer' }).click();
  let form = windows.getByRole('form', { name: 'Enrol in Windows and games developer' });
  await expect(form).toContainText('The enrolment is active at once.');

  // The agreement is read on its own page, in the same tab, before accepting it.
  await form.getByRole('link', { name: 'Read the program agreement, version 1.1' }).click();
  await expect(page).toHaveURL(/\/settings\/programs\/windows-developer\/agreement/);
  await expect(page.getByRole('heading', { level: 1, name: 'Program agreement: Windows and games developer' })).toBeVisible();
  const terms = page.locator('dl.facts');
  await expect(terms).toContainText('Version');
  await expect(terms.locator('dd').first()).toHaveText('1.1');
  await expect(terms).toContainText('2 Mar 2026');
  for (const heading of ['1. Scope', '2. Your obligations', '3. Data use', '4. Term and termination']) {
    await expect(page.getByRole('region', { name: heading })).toBeVisible();
  }
  await expect(page.getByRole('region', { name: '2. Your obligations' })).toContainText('Store fee of 12%');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  // Back to the enrolment: the form is open again, its checkbox focused.
  await page.getByRole('link', { name: 'Back to the enrolment' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Programs' })).toBeVisible();
  form = page.getByRole('form', { name: 'Enrol in Windows and games developer' });
  await expect(form.getByLabel('I accept the program agreement on behalf of my company')).toBeFocused();
  await form.getByRole('button', { name: 'Confirm enrolment' }).click();
  await expect(form.getByText('Accept the program agreement to enrol.')).toBeVisible();
  await expectAccessible(page);
  await form.getByLabel('I accept the program agreement on behalf of my company').check();
  await expect(form.getByText('Accept the program agreement to enrol.')).toHaveCount(0);
  await form.getByRole('button', { name: 'Confirm enrolment' }).click();
  await expect(page.getByText('Enrolment recorded.')).toBeVisible();

  const enrolled = yours.getByRole('article', { name: 'Windows and games developer' });
  await expect(enrolled.locator('.tag')).toHaveText('Active');
  await expect(enrolled).toContainText(demoEmail('global-admin'));
  // Which agreement was accepted, when and by whom; its version opens the text accepted.
  const accepted = enrolled.locator('dd').filter({ hasText: 'accepted on' });
  await expect(accepted).toContainText(/^Version 1\.1 accepted on .+ by global-admin@contoso\.example$/);
  await expect(accepted.getByRole('link', { name: 'Version 1.1' })).toHaveAttribute('href', '/settings/programs/windows-developer/agreement?version=1.1');
  await expect(enrolled.getByRole('listitem').filter({ hasText: 'Not met' })).toHaveCount(0);
  await expect(enrolled.getByRole('button', { name: 'Leave program Windows and games developer' })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // The Windows publisher ID now appears on the Identifiers page.
  await (await navigation(page, testInfo)).getByRole('link', { name: 'Identifiers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Identifiers' })).toBeVisible();
  const section = page.locator('details').filter({ has: page.getByRole('heading', { name: 'Windows publisher ID' }) });
  await expect(section.locator('code')).toHaveText(/^CN=[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
  await expect(section.getByRole('button', { name: 'Copy Windows publisher ID' })).toBeVisible();
  await expectAccessible(page);
});

test('a Business contributor sees the programs and their requirements read-only', async ({ page }, testInfo) => {
  await signIn(page, demoEmail('business-contributor'));
  await (await navigation(page, testInfo)).getByRole('link', { name: 'Programs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Programs' })).toBeVisible();
  await expect(page.getByRole('note')).toContainText('You can view these settings.');
  await expect(page.getByRole('note')).toContainText('Global admin');
  await expect(page.getByRole('article')).toHaveCount(5);
  await expect(page.getByRole('article', { name: 'Partner network membership' }).getByRole('heading', { name: 'Requirements' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Enrol in / })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Leave program / })).toHaveCount(0);
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
});

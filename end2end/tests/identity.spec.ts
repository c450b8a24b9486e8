import { expect, test } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, signUpCompany, uniqueEmail } from './helpers';

test('DUNS search fills the form, and the confirmed company is saved', async ({ page }, testInfo) => {
  await signUpCompany(page, uniqueEmail(testInfo, 'dina'), `Duns ${testInfo.project.name} ${Date.now()}`);
  await page.goto('/settings/legal-info');
  const card = page.getByRole('region', { name: 'Legal identity' });
  await card.getByRole('button', { name: 'Edit legal identity' }).click();
  const editor = page.getByRole('form', { name: 'Edit legal identity' });
  await expect(editor.getByRole('radio', { name: 'Search by DUNS number' })).toBeChecked();

  // A DUNS number is nine digits: said beside the field, before asking the directory.
  await editor.getByLabel('DUNS number', { exact: true }).fill('20486');
  await editor.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('#duns-search-error')).toContainText('exactly 9 digits');
  await editor.getByLabel('DUNS number', { exact: true }).fill('999-999-999');
  await editor.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('#duns-search-error')).toContainText('no company with this DUNS number');

  await editor.getByLabel('DUNS number', { exact: true }).fill('20-486-1357');
  await editor.getByRole('button', { name: 'Search' }).click();
  await expect(editor.getByRole('status')).toContainText('Found in the company directory');
  await expect(editor.getByLabel('Company legal name')).toHaveValue('Fabrikam SAS');
  await expect(editor.getByLabel('Street address')).toHaveValue('18 rue Sainte-Catherine');
  await expect(editor.getByLabel('City')).toHaveValue('Bordeaux');
  await expect(editor.getByLabel('Postal code')).toHaveValue('33000');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(card.getByRole('status')).toHaveText('Saved.');
  await expect(card).toContainText('Fabrikam SAS');
  await expect(card).toContainText('204861357');
  await expect(card).toContainText('18 rue Sainte-Catherine, 33000 Bordeaux, France');
  // The legal address is listed among the locations, and survives a reload.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Company locations' }).getByRole('listitem')).toContainText('18 rue Sainte-Catherine');
  await expect(page.getByRole('region', { name: 'Legal identity' })).toContainText('Fabrikam SAS');

  // Another company finding the same number is refused beside the field, without learning who
  // holds it.
  const other = await (await page.context().browser()!.newContext()).newPage();
  await signUpCompany(other, uniqueEmail(testInfo, 'dina2'), `Duns again ${testInfo.project.name} ${Date.now()}`);
  await other.goto('/settings/legal-info');
  await other.getByRole('button', { name: 'Edit legal identity' }).click();
  const second = other.getByRole('form', { name: 'Edit legal identity' });
  await second.getByLabel('DUNS number', { exact: true }).fill('20-486-1357');
  await second.getByRole('button', { name: 'Search' }).click();
  await expect(second.getByLabel('Company legal name')).toHaveValue('Fabrikam SAS');
  await second.getByRole('button', { name: 'Save' }).click();
  await expect(other.locator('#duns-search-error')).toHaveText(
    "Another partner account already holds this DUNS number. If it is your company's, merge the two accounts under Account merge.",
  );
  await expect(other.getByRole('region', { name: 'Legal identity' })).not.toContainText(`Duns ${testInfo.project.name}`);
  await expectAccessible(other);

  // The first company gives the number up (the other project's run claims it again).
  await card.getByRole('button', { name: 'Edit legal identity' }).click();
  await editor.getByRole('radio', { name: 'Enter manually' }).check();
  await editor.getByLabel('DUNS number (optional)').fill('');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(card).not.toContainText('204861357');
});

test('a company entered manually keeps what was typed until a valid address is given', async ({ page }, testInfo) => {
  await signUpCompany(page, uniqueEmail(testInfo, 'manu'), `Manual ${testInfo.project.name} ${Date.now()}`);
  await page.goto('/settings/legal-info');
  const card = page.getByRole('region', { name: 'Legal identity' });
  await card.getByRole('button', { name: 'Edit legal identity' }).click();
  const editor = page.getByRole('form', { name: 'Edit legal identity' });
  await editor.getByRole('radio', { name: 'Enter manually' }).check();
  await editor.getByLabel('Company legal name').fill('Manual Works SARL');
  await editor.getByLabel('DUNS number (optional)').fill('12');
  await editor.getByLabel('Street address').fill('5 place Bellecour');
  await editor.getByLabel('City').fill('Lyon');
  await editor.getByLabel('Postal code').fill('6900');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#legal-duns-error')).toContainText('exactly 9 digits');
  await expect(page.locator('#legal-postal-code-error')).toContainText("can't exist");
  // Once a save was tried, each field is re-checked as it is typed.
  await editor.getByLabel('DUNS number (optional)').fill('');
  await expect(page.locator('#legal-duns-error')).toBeEmpty();
  await editor.getByLabel('Postal code').fill('69002');
  await expect(page.locator('#legal-postal-code-error')).toBeEmpty();
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(card).toContainText('Manual Works SARL');
  await expect(card).toContainText('5 place Bellecour, 69002 Lyon, France');
  await expectAccessible(page);
});

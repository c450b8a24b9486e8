import { expect, test } from '@playwright/test';
import { demoEmail, expectAccessible, expectNoHorizontalScroll, navigation, signIn } from './helpers';

// Contoso's made-up SIRET and VAT ID (valid check digits), which the demo's fictional VAT
// registry knows as Contoso Ltd's registration.
const SIRET = '842 107 534 00013';
const VAT_ID = 'FR03842107534';

const tinyPdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

test('a billing admin saves the tax profile, sees the registry verdict and uploads a certificate', async ({ page }, testInfo) => {
  await signIn(page, demoEmail('billing-admin'));
  const nav = await navigation(page, testInfo);
  await nav.getByRole('link', { name: 'Tax profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tax profile' })).toBeVisible();

  // A malformed VAT ID first: refused beside its field, and nothing typed is lost.
  await page.getByLabel('Tax ID', { exact: true }).fill(SIRET);
  await page.getByLabel('VAT ID', { exact: true }).fill('FR0384210753');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#vat-id-error')).toHaveText(
    "This is not an EU VAT ID of that member state's format. For example: FR40303265045.",
  );
  await expect(page.getByLabel('VAT ID', { exact: true })).toBeFocused();
  await expect(page.getByLabel('Tax ID', { exact: true })).toHaveValue(SIRET);
  await expectAccessible(page);

  await page.getByLabel('VAT ID', { exact: true }).fill(VAT_ID);
  await expect(page.locator('#vat-id-error')).toHaveText('');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.getByLabel('Tax ID', { exact: true })).toHaveValue('84210753400013');
  const verdict = page.locator('#vat-verdict');
  await expect(verdict).toContainText('Valid in the VAT registry: CONTOSO LTD, 12 RUE DE LA PAIX 75002 PARIS.');
  await expect(verdict).toContainText('Checked on');
  await expect(page.locator('#tax-complete')).toHaveText('Complete');

  // The form stays live after a save: typing is checked again, and a second save goes through.
  await page.getByLabel('VAT ID', { exact: true }).fill('FR0384210753');
  await expect(page.getByLabel('VAT ID', { exact: true })).toHaveValue('FR0384210753');
  await expect(page.locator('#vat-id-error')).not.toHaveText('');
  await page.getByLabel('VAT ID', { exact: true }).fill(VAT_ID);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Save' })).toHaveText('Save');
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.locator('#vat-id-error')).toHaveText('');

  // A certificate: a small PDF, listed as submitted.
  const region = `Texas ${testInfo.project.name}`;
  await page.getByLabel('Certificate file').setInputFiles({
    name: 'exemption-texas.pdf',
    mimeType: 'application/pdf',
    buffer: tinyPdf,
  });
  await page.getByLabel('Issuing region').fill(region);
  await page.getByLabel('Expiry date').fill('2031-12-31');
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Certificate uploaded.' })).toBeVisible();
  const item = page.getByRole('listitem').filter({ hasText: region });
  await expect(item).toContainText('exemption-texas.pdf');
  await expect(item).toContainText('Submitted');
  // Dates read one way per language: day, month, year.
  await expect(item).toContainText('31 Dec 2031');
  const download = page.waitForEvent('download');
  await item.getByRole('link', { name: 'Download exemption-texas.pdf' }).click();
  expect((await download).suggestedFilename()).toBe('exemption-texas.pdf');

  // A file that only claims to be a PDF is refused beside the file field.
  await page.getByLabel('Certificate file').setInputFiles({
    name: 'fake.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('<html>not a pdf</html>'),
  });
  await page.getByLabel('Issuing region').fill(region);
  await page.getByLabel('Expiry date').fill('2031-12-31');
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.locator('#certificate-file-error')).toHaveText(
    'This file is not a PDF, PNG or JPEG (its content was checked, not its name).',
  );
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
});

test('a financial contributor sees the tax profile read-only', async ({ page }) => {
  await signIn(page, demoEmail('financial-contributor'));
  await page.goto('/settings/tax');
  await expect(page.getByRole('heading', { level: 1, name: 'Tax profile' })).toBeVisible();
  await expect(page.getByRole('note')).toContainText('Only these roles can change them');
  await expect(page.getByLabel('Tax ID', { exact: true })).toBeDisabled();
  await expect(page.getByLabel('VAT ID', { exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Upload' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Tax exemption certificates' })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
});

test('a marketer has no tax profile page', async ({ page }, testInfo) => {
  await signIn(page, demoEmail('marketer'));
  const nav = await navigation(page, testInfo);
  await expect(nav.getByRole('link', { name: 'Tax profile' })).toHaveCount(0);
});

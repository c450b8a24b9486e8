import { expect, test } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, signIn, signUpCompany, uniqueEmail } from './helpers';

const tinyPdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
// A 1×1 pixel PNG.
const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

test('the partner attaches a PDF and a PNG to its answer and the reviewer downloads them', async ({ page, browser }, testInfo) => {
  const company = `Docs ${testInfo.project.name} ${Date.now()}`;
  await signUpCompany(page, uniqueEmail(testInfo, 'vera'), company);
  await page.goto('/settings/legal-info');
  const verification = page.getByRole('region', { name: 'Verification' });
  await verification.getByRole('button', { name: 'Submit for verification' }).click();
  await expect(verification).toContainText('Submitted for verification');

  // The reviewer asks for the registration certificate.
  const reviewer = await (await browser.newContext()).newPage();
  await signIn(reviewer, 'reviewer@platform.example');
  await reviewer.goto('/settings/review');
  await reviewer.getByRole('button', { name: `Open ${company}` }).click();
  await reviewer.getByRole('button', { name: 'Start review' }).click();
  await expect(reviewer.getByText('Review started')).toBeVisible();
  await reviewer.getByLabel('Reason (sent to the company)').fill('Send the registration certificate');
  await reviewer.getByRole('button', { name: 'Ask for information' }).click();
  await expect(reviewer.getByText('More information requested: Send the registration certificate')).toBeVisible();

  // The partner starts the answer, then attaches files: what is typed stays.
  await page.reload();
  await expect(verification).toContainText('Action required');
  const answer = verification.getByLabel('Your answer to the reviewer');
  await answer.fill('The certificate and a scan of the stamp are attached');
  const input = verification.getByLabel('Attach a document');
  // A file that only claims to be a PDF is refused beside the field.
  await input.setInputFiles({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>not a pdf</html>') });
  await expect(page.locator('#verification-document-error')).toHaveText(
    'This file is not a PDF, PNG or JPEG (its content was checked, not its name).',
  );
  await expect(answer).toHaveValue('The certificate and a scan of the stamp are attached');
  await expect(verification).toContainText('No document attached yet.');

  await input.setInputFiles({ name: 'registration.pdf', mimeType: 'application/pdf', buffer: tinyPdf });
  await expect(verification.getByRole('status').filter({ hasText: 'Document attached.' })).toBeVisible();
  await expect(page.locator('#verification-document-error')).toHaveText('');
  await input.setInputFiles({ name: 'stamp.png', mimeType: 'image/png', buffer: tinyPng });
  const attached = verification.getByRole('list', { name: 'Attached to your answer' });
  await expect(attached.getByRole('listitem')).toHaveCount(2);
  await expect(attached).toContainText('registration.pdf');
  await expect(attached).toContainText(`${tinyPdf.length} bytes`);
  await expect(attached).toContainText('stamp.png');
  await expect(attached.getByRole('button', { name: 'Remove stamp.png' })).toBeVisible();
  await expect(answer).toHaveValue('The certificate and a scan of the stamp are attached');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  await verification.getByRole('button', { name: 'Send answer' }).click();
  await expect(verification).toContainText('Answered the reviewer: The certificate and a scan of the stamp are attached');
  await expect(verification.getByRole('list', { name: 'Documents sent' })).toContainText('stamp.png');

  // The reviewer sees the files with the answer and downloads each.
  await reviewer.reload();
  await expect(reviewer.getByRole('heading', { level: 2, name: company })).toBeVisible();
  const sent = reviewer.getByRole('list', { name: 'Documents sent' });
  await expect(sent.getByRole('listitem')).toHaveCount(2);
  for (const name of ['registration.pdf', 'stamp.png']) {
    const download = reviewer.waitForEvent('download');
    await sent.getByRole('link', { name: `Download ${name}` }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(name);
    const path = await file.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path).equals(name.endsWith('.pdf') ? tinyPdf : tinyPng)).toBe(true);
  }
  await expectAccessible(reviewer);
  await expectNoHorizontalScroll(reviewer);
});

import { expect, test } from '@playwright/test';
import { demoEmail, expectNoHorizontalScroll, isPhone, signIn } from './helpers';

test('on a phone the navigation folds into a menu button and touch targets are large enough', async ({ page }, testInfo) => {
  test.skip(!isPhone(testInfo), 'phone layout only');
  await signIn(page, demoEmail('global-admin'));
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('navigation')).toBeHidden();
  await menu.click();
  await expect(page.getByRole('navigation')).toBeVisible();
  await expectNoHorizontalScroll(page);

  const targets = page.locator('header button, header a, nav a, main button, main input, main select');
  const count = await targets.count();
  expect(count).toBeGreaterThan(4);
  for (let i = 0; i < count; i++) {
    const target = targets.nth(i);
    if (!(await target.isVisible())) continue;
    const box = await target.boundingBox();
    const name = (await target.getAttribute('aria-label')) ?? (await target.innerText());
    expect(box!.height, `height of ${name}`).toBeGreaterThanOrEqual(44);
    expect(box!.width, `width of ${name}`).toBeGreaterThanOrEqual(44);
  }

  // Following a link closes the menu again.
  await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expect(page.getByRole('navigation')).toBeHidden();
  await expectNoHorizontalScroll(page);
});

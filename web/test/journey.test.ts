import t from 'tap';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { eachDatabase, testDatabases, type TestUser } from '@petamigos/core/testing';
import { browserAvailable, startWebTest, type WebTest } from '@petamigos/web/testing';
import social from '@petamigos/plugin-social';
import feed from '@petamigos/plugin-feed';

// The frontend issue's whole story on a fresh installation, in one browser session per person.
t.setTimeout(15 * 60_000);

const config = { security: { authRateLimit: { max: 1000, timeWindow: 60_000 }, rateLimit: { max: 100_000, timeWindow: 60_000 } } };

async function signedIn(web: WebTest, user: TestUser, path: string): Promise<Page> {
  const page = await web.newPage({ user });
  await page.goto(web.url(path));
  return page;
}

const bgToken = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--pa-color-bg').trim());

t.test('a new member, a friend, and the platform around them', { skip: !browserAvailable() && 'Chromium is not installed (.ci/run installs it)' }, async (t) => {
  const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 90, g: 140, b: 200 } } }).jpeg({ quality: 80 }).toBuffer();

  await eachDatabase(t, 'sign up to live notification', async (t, database) => {
    const web = await startWebTest(t, { plugins: [social, feed], database, config });
    const k = web.kernel;
    const shots = database === testDatabases()[0];
    const email = 'luz@example.test';
    const ana = await web.newPage();
    let postId = '';

    await t.test('sign up, then onboarding asks for a first pet', async (t) => {
      await ana.goto(web.url('/signup'));
      await ana.getByLabel(/^Username/).fill('luz_y_luna');
      await ana.getByLabel(/^Name/).fill('Luz Hernández');
      await ana.getByLabel(/^Email/).fill(email);
      await ana.getByLabel(/^Password/).fill('luna loves long walks');
      await ana.getByRole('button', { name: 'Create account' }).click();
      await ana.waitForURL(web.url('/onboarding'));
      await ana.getByRole('heading', { name: 'Add your first pet', level: 1 }).waitFor();
      t.pass('a new member lands on onboarding');
    });

    await t.test('the email is verified from the link in the outbox', async (t) => {
      const mail = await k.lastMail(email);
      t.ok(mail?.token, 'the sign-up mail carries a verification link');
      const verify = await web.newPage();
      await verify.goto(web.url(`/verify-email?token=${encodeURIComponent(mail!.token!)}`));
      await verify.getByText('Your email address is confirmed. Thank you!').waitFor();
      const [row] = await k.sql<{ email_verified: boolean }>('select email_verified from kernel_user where username = ?', ['luz_y_luna']);
      t.equal(row?.email_verified, true);
      await verify.context().close();
    });

    await t.test('she adds her pet, then posts a photo of it', async (t) => {
      await ana.getByLabel(/^Name/).fill('Luna');
      await ana.getByLabel(/^Species/).selectOption('dog');
      await ana.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'luna.jpg', mimeType: 'image/jpeg', buffer: photo });
      await ana.getByRole('button', { name: 'Add my pet' }).click();
      await ana.waitForURL(web.url('/'));

      await ana.getByLabel('Post text').fill('Luna found a stick at the park #paseo');
      await ana.getByLabel('Photos').setInputFiles({ name: 'park.jpg', mimeType: 'image/jpeg', buffer: photo });
      await ana.getByRole('img', { name: 'Photo 1' }).waitFor();
      await ana.getByText('Uploading…').waitFor({ state: 'detached' });
      await ana.getByRole('button', { name: 'Post', exact: true }).click();
      const first = ana.locator('main article').first();
      await first.getByText('Luna found a stick at the park').waitFor();
      const image = first.locator('img[src*="/files/"]').first();
      await image.waitFor();
      postId = (await first.getByRole('link', { name: /^Open post/ }).getAttribute('href'))!.replace('/p/', '');
      t.ok(postId, 'the post is at the top of her home feed, with its photo');
      if (shots) await web.screenshot(ana, 'journey-home-after-post-en');
    });

    const betoUser = await k.createUser({ username: 'beto', displayName: 'Beto Ruiz' });
    const [luz] = await k.sql<{ id: string }>('select id from kernel_user where username = ?', ['luz_y_luna']);

    await t.test('a second member befriends her; she accepts', async (t) => {
      const beto = await signedIn(web, betoUser, '/u/luz_y_luna');
      await beto.getByRole('button', { name: 'Add friend' }).click();
      await beto.getByRole('button', { name: 'Cancel request' }).waitFor();
      await ana.goto(web.url('/friends'));
      await ana.getByRole('button', { name: 'Accept the friend request from Beto Ruiz' }).click();
      await ana.getByRole('list', { name: 'Your friends' }).getByRole('link', { name: 'Beto Ruiz' }).waitFor();
      t.pass('they are friends');
      await beto.context().close();
    });

    await t.test('he reacts and comments; she sees the notification arrive live', async (t) => {
      await ana.goto(web.url('/notifications'));
      await ana.getByRole('heading', { level: 1 }).first().waitFor();
      // Her socket must be listening before he acts, or this would test a reload instead.
      await ana.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/api/notifications')));
      await ana.waitForTimeout(500);

      const beto = await signedIn(web, betoUser, `/p/${postId}`);
      const post = beto.locator('main article').first();
      await post.getByText('Luna found a stick at the park').waitFor();
      await post.getByRole('button', { name: 'Choose a reaction' }).click();
      await beto.getByRole('toolbar', { name: 'Choose a reaction' }).getByRole('button', { name: /Love/ }).click();
      await post.getByRole('button', { name: /Love/, pressed: true }).first().waitFor();
      await beto.getByLabel('Write a comment').fill('¡Qué perrita tan feliz!');
      await beto.getByRole('button', { name: 'Comment', exact: true }).click();
      await beto.getByText('¡Qué perrita tan feliz!').waitFor();

      await ana.getByText(/Beto Ruiz\W{0,2} commented on your post/).waitFor({ timeout: 20_000 });
      t.pass('the comment notification appeared without a reload');
      await ana.getByText(/Beto Ruiz\W{0,2} reacted/).waitFor({ timeout: 20_000 }).catch(() => undefined);
      if (shots) await web.screenshot(ana, 'journey-notifications-live-en');
      const stored = await k.sql<{ type: string }>('select type from kernel_notification where recipient_id = ?', [luz!.id]);
      t.ok(stored.some((n) => n.type.includes('comment')), 'the comment notification is stored too');
      await beto.context().close();
    });

    await t.test('Arabic flips the layout; the other theme changes the tokens', async (t) => {
      await ana.goto(web.url('/settings/language'));
      await ana.locator('select[name="language"]').selectOption('ar');
      await ana.waitForFunction(() => document.documentElement.dir === 'rtl');
      t.equal(await ana.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
      await ana.goto(web.url('/'));
      await ana.locator('main article').first().waitFor();
      if (shots) await web.screenshot(ana, 'journey-home-ar-default');

      await ana.goto(web.url('/settings/theme'));
      const before = await bgToken(ana);
      await ana.locator('input[name="theme"][value="contrast"]').check();
      await Promise.all([ana.waitForEvent('load'), ana.locator('main form button[type="submit"]').click()]);
      await ana.waitForFunction(() => document.documentElement.dataset.theme === 'contrast');
      t.not(await bgToken(ana), before, 'the design tokens changed');
      await ana.goto(web.url('/'));
      await ana.locator('main article').first().waitFor();
      t.equal(await ana.getAttribute('html', 'dir'), 'rtl', 'still in Arabic');
      if (shots) await web.screenshot(ana, 'journey-home-ar-contrast');
    });

    await t.test('disabling feed removes its pages and navigation, and brings them back when enabled', async (t) => {
      const admin = await k.createUser({ role: 'admin' });
      const off = await k.app.inject({ method: 'PUT', url: '/api/admin/plugins/feed/enabled', headers: admin.headers, payload: { enabled: false } });
      t.equal(off.statusCode, 200, off.body);
      await ana.goto(web.url(`/p/${postId}`));
      await ana.locator('main').waitFor();
      await ana.waitForTimeout(500);
      t.equal(await ana.locator('main article').count(), 0, 'the post page is gone');
      const boot = JSON.parse((await ana.locator('#petamigos-boot').textContent())!) as { plugins: Array<{ name: string }> };
      t.notOk(boot.plugins.some((p) => p.name === 'feed'), 'the boot manifest no longer lists feed');
      t.ok(boot.plugins.some((p) => p.name === 'social'), 'social stays');
      const bundle = await fetch(web.url('/web/plugins/feed/home-page.js'));
      t.equal(bundle.status, 404, "feed's bundles answer 404");
      if (shots) await web.screenshot(ana, 'journey-feed-disabled-ar-contrast');

      const on = await k.app.inject({ method: 'PUT', url: '/api/admin/plugins/feed/enabled', headers: admin.headers, payload: { enabled: true } });
      t.equal(on.statusCode, 200, on.body);
      await ana.goto(web.url(`/p/${postId}`));
      await ana.locator('main article').first().waitFor();
      t.pass('enabled again, the post page is back with no rebuild');
    });
  });
});

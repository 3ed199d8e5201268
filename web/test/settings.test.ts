import { readFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { eachDatabase, testDatabases, type TestUser } from '@petamigos/core/testing';
import { browserAvailable, startWebTest, type WebTest } from '@petamigos/web/testing';

const XSS = '<img src=x onerror=alert(1)>';
const config = { security: { authRateLimit: { max: 1000, timeWindow: 60_000 } } };
const webDir = join(dirname(fileURLToPath(import.meta.url)), '..');

const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?$`));

/** A page already signed in as `user` (the tokens the app keeps in localStorage), opened at `path`. */
async function signedIn(web: WebTest, user: TestUser, path: string, options: { locale?: string; theme?: string } = {}): Promise<Page> {
  const page = await web.newPage({ ...options, user });
  await page.goto(web.url(path));
  return page;
}

async function look(web: WebTest, t: Test, page: Page, name: string, shots: boolean) {
  await web.expectAccessible(t, page, name);
  if (!shots) return;
  await page.evaluate(() => window.scrollTo(0, 0));
  await web.screenshot(page, `app-${name}`);
}

t.test('every string the app asks for exists in English', async (t) => {
  const english = JSON.parse(readFileSync(join(webDir, 'locales', 'en.json'), 'utf8')) as Record<string, unknown>;
  const has = (key: string) => key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), english) !== undefined;
  const files = readdirSync(join(webDir, 'src', 'app'), { recursive: true }).map(String).filter((f) => /\.tsx?$/.test(f));
  const missing: string[] = [];
  for (const file of files) {
    const text = readFileSync(join(webDir, 'src', 'app', file), 'utf8');
    // t('key') and t(cond ? 'a' : 'b'); keys built at run time are listed by hand below.
    for (const call of text.matchAll(/\bt\(([^)]*?)[,)]/g)) {
      for (const [, key] of call[1]!.matchAll(/'([a-zA-Z][\w.]*)'/g)) if (!has(key!)) missing.push(`${file}: ${key}`);
    }
  }
  for (const id of ['profile', 'language', 'theme', 'security', 'sessions', 'data', 'account', 'more']) if (!has(`settings.tabs.${id}`)) missing.push(`settings.tabs.${id}`);
  for (const key of ['form.required', 'form.invalid', 'form.tooShort', 'form.tooLong']) if (!has(key)) missing.push(key);
  for (const point of ['share', 'friends', 'help']) for (const part of ['title', 'text']) if (!has(`welcome.points.${point}.${part}`)) missing.push(`welcome.points.${point}.${part}`);
  t.same(missing, []);
});

// Several users, settings, notifications and search in Chromium, on each database: minutes.
t.setTimeout(15 * 60_000);

t.test('settings, notifications, search, welcome and not found in the browser', { skip: !browserAvailable() && 'Chromium is not installed (.ci/run installs it)' }, async (t) => {
  await eachDatabase(t, 'the app pages', async (t, database) => {
    const web = await startWebTest(t, { database, config });
    const shots = database === testDatabases()[0];
    const ana = await web.kernel.createUser({ username: 'ana_whiskers', displayName: 'Ana', language: 'en' });

    await t.test('welcome and not found, signed out, in three languages and both themes', async (t) => {
      for (const theme of ['default', 'contrast']) {
        for (const locale of ['en', 'es-MX', 'ar']) {
          const page = await web.newPage({ locale, theme });
          await page.goto(web.url('/'));
          await page.locator('h1').waitFor();
          if (locale === 'en') {
            await page.getByRole('heading', { name: 'Welcome to PetAmigos' }).waitFor();
            t.equal(await page.getByRole('link', { name: 'Create an account' }).getAttribute('href'), '/signup');
          }
          if (locale === 'es-MX') await page.getByRole('heading', { name: 'Te damos la bienvenida a PetAmigos' }).waitFor();
          await look(web, t, page, `welcome-${locale}-${theme}`, shots);
          await page.goto(web.url('/no/such/page'));
          await page.locator('h1').waitFor();
          if (locale === 'en') await page.getByRole('heading', { name: 'Page not found' }).waitFor();
          if (locale === 'ar') t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'الصفحة غير موجودة');
          await look(web, t, page, `not-found-${locale}-${theme}`, shots);
          await page.context().close();
        }
      }
    });

    await t.test('profile: the name is saved and shown as text, the avatar is uploaded', async (t) => {
      const page = await signedIn(web, ana, '/settings');
      let alerted = false;
      page.on('dialog', (dialog) => {
        alerted = true;
        void dialog.dismiss();
      });
      await page.getByRole('heading', { name: 'Profile', exact: true }).waitFor();
      await look(web, t, page, 'settings-profile-en-default', shots);
      await field(page, 'Name').fill(XSS);
      await field(page, 'About you').fill('Two cats, one very loud.');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved.').waitFor();
      const [row] = await web.kernel.sql<{ display_name: string; bio: string }>('select display_name, bio from kernel_user where id = ?', [ana.user.id]);
      t.same(row, { display_name: XSS, bio: 'Two cats, one very loud.' });
      await page.reload();
      await page.getByRole('heading', { name: 'Profile', exact: true }).waitFor();
      t.equal(await field(page, 'Name').inputValue(), XSS);
      t.ok(await page.getByText(XSS).count() > 0, 'the name is on the page as text (the account menu)');
      t.equal(await page.locator('img[src="x"]').count(), 0, 'no element was made from the name');

      const png = await sharp({ create: { width: 96, height: 96, channels: 3, background: { r: 200, g: 90, b: 40 } } }).png().toBuffer();
      await page.locator('#settings-avatar-file').setInputFiles({ name: 'tiger.png', mimeType: 'image/png', buffer: png });
      await page.getByText('Your new photo is saved.').waitFor();
      const [after] = await web.kernel.sql<{ avatar_url: string | null }>('select avatar_url from kernel_user where id = ?', [ana.user.id]);
      t.match(after?.avatar_url, /kernel\/avatars\/.+\.webp$/);
      await page.getByRole('button', { name: 'Remove photo' }).waitFor();
      await page.locator('#settings-avatar-file').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') });
      await page.getByRole('alert').first().waitFor();
      t.notOk(alerted, 'no script ran');
      await page.context().close();
    });

    await t.test('language: Arabic flips the layout at once, Mexican Spanish follows; the account remembers', async (t) => {
      const page = await signedIn(web, ana, '/settings/language');
      await page.getByRole('heading', { name: 'Language', exact: true }).waitFor();
      const options = await page.locator('select[name="language"] option').allTextContents();
      t.ok(options.includes('العربية') && options.some((o) => /^español.*México/.test(o)) && options.includes('日本語'), 'each language in its own name');
      t.ok(options.length >= 20, 'all languages are offered');
      await page.locator('select[name="language"]').selectOption('ar');
      await page.waitForFunction(() => document.documentElement.dir === 'rtl');
      t.equal(await page.getAttribute('html', 'lang'), 'ar');
      t.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
      await page.getByText('تم تغيير اللغة.').waitFor();
      t.equal((await web.kernel.sql<{ language: string }>('select language from kernel_user where id = ?', [ana.user.id]))[0]?.language, 'ar');
      await look(web, t, page, 'settings-language-ar-default', shots);
      await page.goto(web.url('/settings'));
      await page.getByRole('heading', { name: 'الملف الشخصي', exact: true }).waitFor();
      await look(web, t, page, 'settings-profile-ar-default', shots);

      await page.goto(web.url('/settings/language'));
      await page.locator('select[name="language"]').selectOption('es-MX');
      await page.waitForFunction(() => document.documentElement.lang === 'es-MX');
      t.equal(await page.getAttribute('html', 'dir'), 'ltr');
      await page.getByRole('heading', { name: 'Configuración', exact: true }).waitFor();
      t.equal((await web.kernel.sql<{ language: string }>('select language from kernel_user where id = ?', [ana.user.id]))[0]?.language, 'es-MX');
      await page.reload();
      await page.getByRole('heading', { name: 'Configuración', exact: true }).waitFor();
      t.pass('the choice survives a reload');
      await look(web, t, page, 'settings-language-es-MX-default', shots);
      await page.locator('select[name="language"]').selectOption('en');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      await page.context().close();
    });

    await t.test('theme: choosing the other theme reloads with its tokens', async (t) => {
      const page = await signedIn(web, ana, '/settings/theme');
      await page.getByRole('heading', { name: 'Appearance', exact: true }).waitFor();
      t.equal(await page.getAttribute('html', 'data-theme'), 'default');
      const before = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--pa-color-bg').trim());
      await look(web, t, page, 'settings-theme-en-default', shots);
      await page.locator('input[name="theme"][value="contrast"]').check();
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Use this theme' }).click()]);
      await page.getByRole('heading', { name: 'Appearance', exact: true }).waitFor();
      t.equal(await page.getAttribute('html', 'data-theme'), 'contrast');
      t.not(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--pa-color-bg').trim()), before, 'the tokens changed');
      const cookie = (await page.context().cookies()).find((c) => c.name === 'petamigos_theme');
      t.equal(cookie?.value, 'contrast');
      t.ok(cookie && cookie.expires > Date.now() / 1000 + 300 * 86_400, 'remembered for a year');
      await look(web, t, page, 'settings-theme-en-contrast', shots);
      await page.goto(web.url('/settings'));
      await page.getByRole('heading', { name: 'Profile', exact: true }).waitFor();
      await look(web, t, page, 'settings-profile-en-contrast', shots);
      await page.context().close();
    });

    await t.test('sessions: this device is marked, another one is signed out', async (t) => {
      const other = await web.kernel.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36' }, payload: { login: 'ana_whiskers', password: ana.password } });
      t.equal(other.statusCode, 200);
      const otherTokens = other.json().tokens as { refreshToken: string };
      const page = await signedIn(web, ana, '/settings/sessions');
      const rows = page.locator('main li');
      await page.getByText('Chrome on Android').waitFor();
      t.ok((await rows.count()) >= 2, 'both sessions are listed');
      t.equal(await page.getByText('This device', { exact: true }).count(), 1, 'one is this device');
      await look(web, t, page, 'settings-sessions-en-default', shots);
      await page.getByRole('button', { name: 'Sign out Chrome on Android' }).click();
      await page.getByText('Chrome on Android').waitFor({ state: 'detached' });
      const refresh = await web.kernel.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: otherTokens.refreshToken } });
      t.equal(refresh.statusCode, 401, 'the other device is signed out');
      await page.context().close();
    });

    await t.test('your data: the export downloads as JSON', async (t) => {
      const page = await signedIn(web, ana, '/settings/data');
      await page.getByRole('heading', { name: 'Your data', exact: true }).waitFor();
      await look(web, t, page, 'settings-data-en-default', shots);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
      t.equal(download.suggestedFilename(), 'petamigos-ana_whiskers.json');
      const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
      t.match(JSON.stringify(data), /ana_whiskers/, 'the export is about this account');
      await page.getByText('Your download has started.').waitFor();
      await page.context().close();
    });

    await t.test('notifications: empty, then one arrives live, older ones load on scroll, read marks stick', async (t) => {
      const cleo = await web.kernel.createUser({ username: 'cleo_paws', displayName: 'Cleo', language: 'en' });
      const bruno = await web.kernel.createUser({ username: 'bruno_barks', displayName: 'Bruno', language: 'en' });
      const page = await web.newPage();
      // Live means from the moment the page listens on Cleo's channel.
      const listening = new Promise<void>((resolve) => {
        page.on('websocket', (socket) => socket.on('framereceived', (frame) => {
          if (String(frame.payload).includes(`"subscribed","channel":"user:${cleo.user.id}"`)) resolve();
        }));
      });
      await page.goto(web.url('/search'));
      await page.evaluate((tokens) => localStorage.setItem('petamigos.session', JSON.stringify(tokens)), { accessToken: cleo.tokens.accessToken, refreshToken: cleo.tokens.refreshToken });
      await page.goto(web.url('/notifications'));
      await page.getByRole('heading', { name: 'No notifications yet' }).waitFor();
      await listening;
      await look(web, t, page, 'notifications-empty-en-default', shots);

      // Bruno does something that tells Cleo, while her page is open.
      await web.kernel.kernel.notifications.send({ type: 'social.follow', recipientId: cleo.user.id, actorId: bruno.user.id, target: { type: 'user', id: bruno.user.id }, textKey: 'notification.follow' });
      await page.getByText('Bruno started following you').waitFor();
      t.pass('the notification appeared without a reload');
      await page.getByText('1 unread').waitFor();
      await look(web, t, page, 'notifications-live-en-default', shots);
      // The page marks them read at once and tells the server alongside: wait for the server's answer.
      await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/notifications/read') && r.ok()), page.getByRole('button', { name: 'Mark as read' }).click()]);
      await page.getByText('All caught up').waitFor();
      const unread = await web.kernel.app.inject({ method: 'GET', url: '/api/notifications/unread-count', headers: cleo.headers });
      t.equal(unread.json().count, 0, 'read on the server too');

      for (let i = 0; i < 25; i++) {
        await web.kernel.kernel.notifications.send({ type: 'feed.mention', recipientId: cleo.user.id, actorId: bruno.user.id, target: { type: 'post', id: `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}` }, textKey: 'notification.mention' });
      }
      await page.reload();
      const items = page.locator('main ul li');
      await items.first().waitFor();
      t.equal(await items.count(), 20, 'one page at first');
      t.equal(await items.first().getByRole('link').getAttribute('href'), '/p/0190a000-0000-7000-8000-000000000024', 'a post notification leads to the post');
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForFunction(() => document.querySelectorAll('main ul li').length === 26);
      t.pass('the rest loaded on scroll');
      await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/notifications/read') && r.ok()), page.getByRole('button', { name: 'Mark all as read' }).click()]);
      await page.getByText('All caught up').waitFor();
      t.equal((await web.kernel.app.inject({ method: 'GET', url: '/api/notifications/unread-count', headers: cleo.headers })).json().count, 0);
      await page.context().close();

      for (const [locale, theme] of [['es-MX', 'default'], ['ar', 'default'], ['en', 'contrast']] as const) {
        // Notification texts come in the account's language: make it the page's for these screenshots.
        await web.kernel.sql('update kernel_user set language = ? where id = ?', [locale, cleo.user.id]);
        await web.kernel.kernel.notifications.send({ type: 'social.follow', recipientId: cleo.user.id, actorId: ana.user.id, target: { type: 'user', id: ana.user.id }, textKey: 'notification.follow' });
        const other = await signedIn(web, cleo, '/notifications', { locale, theme });
        await other.locator('main ul li').first().waitFor();
        await look(web, t, other, `notifications-${locale}-${theme}`, shots);
        await other.context().close();
      }
    });

    await t.test('search: finds a person by username, says when nothing matches', async (t) => {
      const page = await signedIn(web, ana, '/search');
      await page.getByRole('heading', { name: 'What are you looking for?' }).waitFor();
      await look(web, t, page, 'search-idle-en-default', shots);
      await field(page, 'Search people and posts').fill('@cleo_paws');
      const person = page.getByRole('link', { name: /Cleo/ });
      await person.waitFor();
      t.equal(await person.getAttribute('href'), '/u/cleo_paws');
      await page.waitForURL(web.url('/search?q=%40cleo_paws'));
      t.pass('the query is in the address');
      await look(web, t, page, 'search-results-en-default', shots);

      await field(page, 'Search people and posts').fill('zzqqxx nothing');
      await page.getByRole('heading', { name: 'Nothing found' }).waitFor();
      await look(web, t, page, 'search-none-en-default', shots);
      await page.context().close();

      for (const [locale, theme] of [['es-MX', 'default'], ['ar', 'default'], ['en', 'contrast']] as const) {
        const other = await web.newPage({ locale, theme });
        await other.goto(web.url('/search?q=cleo_paws'));
        await other.getByRole('link', { name: /Cleo/ }).waitFor();
        await look(web, t, other, `search-results-${locale}-${theme}`, shots);
        await other.context().close();
      }
    });

    await t.test('delete account: the typed username and the password are asked, then the account is gone', async (t) => {
      const dora = await web.kernel.createUser({ username: 'dora_hops', displayName: 'Dora', language: 'en' });
      const page = await signedIn(web, dora, '/settings/account');
      await page.getByRole('button', { name: 'Delete my account…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
      await dialog.waitFor();
      const confirm = dialog.getByRole('button', { name: 'Delete for good' });
      t.ok(await confirm.isDisabled(), 'nothing typed, nothing deleted');
      await field(page, 'Type your username, \u2068dora_hops\u2069, to confirm').fill('dora_hops');
      await field(page, 'Your password').fill('not my password');
      await confirm.click();
      t.match(await page.locator('[name="password"][aria-invalid="true"]').evaluate((el) => document.getElementById((el.getAttribute('aria-describedby') ?? '').split(' ')[0]!)?.textContent), /not right/);
      await look(web, t, page, 'settings-delete-en-default', shots);
      await field(page, 'Your password').fill(dora.password);
      await confirm.click();
      await page.waitForURL(web.url('/'));
      await page.getByRole('link', { name: 'Create an account' }).waitFor();
      t.equal((await web.kernel.sql<{ n: number }>('select count(*)::int as n from kernel_user where username = ?', ['dora_hops']))[0]?.n, 0);
      t.equal(await page.evaluate(() => localStorage.getItem('petamigos.session')), null);
      await page.context().close();
    });
  });
});

import t from 'tap';
import { eachDatabase } from '@petamigos/core/testing';
import { browserAvailable } from '@petamigos/web/testing';
import { call, review, settled, signIn, startAdminTest, totp } from './helpers.js';

t.setTimeout(8 * 60_000);

t.test('admins manage accounts, and every action lands in the audit log', { skip: !browserAvailable() && 'Chromium is not installed (.ci/run installs it)' }, async (t) => {
  await eachDatabase(t, 'users', async (t, database) => {
    const web = await startAdminTest(t, database);
    const admin = await web.kernel.createUser({ username: 'ana', displayName: 'Ana Admin', role: 'admin' });
    const tito = await web.kernel.createUser({ username: 'tito', displayName: 'Tito Gómez' });
    const lola = await web.kernel.createUser({ username: 'lola', displayName: 'Lola Pérez' });
    await web.kernel.createUser({ username: 'moni', displayName: 'Moni Ruiz', role: 'moderator' });
    const page = await web.newPage();
    await signIn(page, web, admin, '/admin/users');

    await t.test('search finds an account and opens it', async (t) => {
      t.equal(await page.locator('main h1').textContent(), 'Users');
      await page.locator('input[name=q]').fill('tit');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForFunction(() => document.querySelectorAll('main ul.adm-list > li').length === 1);
      t.match(await page.locator('main ul.adm-list').textContent(), /Tito Gómez.*@tito/);
      await page.getByRole('link', { name: /Tito Gómez/ }).click();
      await settled(page);
      t.equal(await page.locator('main h1').textContent(), 'Tito Gómez');
      t.equal(await page.evaluate(() => document.activeElement?.id), 'adm-main', 'focus moves to the new page, as after a page load');
    });

    await t.test('suspending asks for a reason; the suspended account cannot log in any more', async (t) => {
      t.equal((await call(web, 'POST', '/api/auth/login', null, { login: 'tito', password: tito.password })).status, 200, 'Tito can log in before');
      await page.getByRole('button', { name: 'Suspend' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Suspend' }).click();
      t.match(await dialog.locator('textarea').evaluate((el) => el.getAttribute('aria-invalid')), 'true', 'an empty reason is refused');
      t.match(await dialog.textContent(), /at least 3 characters/);
      await dialog.locator('textarea').fill('Spam de croquetas en cada publicación');
      await dialog.getByRole('button', { name: 'Suspend' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(/Suspended since .*Spam de croquetas/).waitFor();
      t.ok(await page.getByRole('button', { name: 'Lift the suspension' }).isVisible(), 'the page offers to lift it');

      const login = await call(web, 'POST', '/api/auth/login', null, { login: 'tito', password: tito.password });
      t.equal(login.status, 403, 'the API refuses his log-in');
      t.equal(login.json.error.code, 'ACCOUNT_SUSPENDED');
      t.equal((await call(web, 'GET', '/api/users/me', tito)).status, 401, 'and his open session stopped working');
      await review(t, web, page, 'user', 'en');
    });

    await t.test('role change and sign-out everywhere, confirmed in a dialog', async (t) => {
      await page.goto(web.url(`/admin/users/${lola.user.id}`));
      await settled(page);
      await page.locator('select[name=role]').selectOption('moderator');
      await page.getByRole('button', { name: 'Change role' }).click();
      const dialog = page.getByRole('dialog');
      t.match(await dialog.textContent(), /from Member to Moderator/);
      await dialog.getByRole('button', { name: 'Change role' }).click();
      await dialog.waitFor({ state: 'detached' });
      t.equal((await call(web, 'GET', `/api/admin/users/${lola.user.id}`, admin)).json.role, 'moderator');

      t.equal((await call(web, 'GET', '/api/users/me', lola)).status, 200);
      await page.getByRole('button', { name: 'Sign out everywhere' }).click();
      await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
      await dialog.waitFor({ state: 'detached' });
      t.equal((await call(web, 'GET', '/api/users/me', lola)).status, 401, "her session no longer works");
      // Her audit trail on the same page shows both, newest first.
      await page.getByText('Signed an account out everywhere').first().waitFor();
      const trail = await page.locator('ol.adm-audit > li').allTextContents();
      t.match(trail[0], /Signed an account out everywhere/);
      t.match(trail[1], /Changed an account's role.*Ana Admin \(@ana\)/);
    });

    await t.test('the audit log shows who did what, to whom and when, filterable', async (t) => {
      await page.getByRole('link', { name: 'Audit log' }).click();
      await settled(page);
      const entries = page.locator('ol.adm-audit > li');
      // Entries carry account ids; the names arrive a moment later.
      await entries.filter({ hasText: 'Suspended an account' }).filter({ hasText: 'Tito Gómez (@tito)' }).waitFor();
      const all = await entries.allTextContents();
      const suspended = all.find((e) => e.includes('Suspended an account'));
      t.ok(suspended, 'the suspension is in the log');
      t.match(suspended, /By\s*Ana Admin \(@ana\)/, 'who');
      t.match(suspended, /Account\s*Tito Gómez \(@tito\)/, 'to whom');
      t.match(suspended, /reason\s*Spam de croquetas/, 'why');
      t.ok(all.some((e) => /Changed an account's role.*Lola Pérez/.test(e)), 'the role change');
      t.ok(all.some((e) => /Signed an account out everywhere.*Lola Pérez/.test(e)), 'the sign-out');
      const when = await entries.first().locator('time').getAttribute('datetime');
      t.ok(when && Math.abs(Date.parse(when) - Date.now()) < 10 * 60_000, 'when, as a machine-readable time');

      await page.locator('input[name=action]').fill('admin.user.suspended');
      await page.locator('input[name=actor]').fill('ana');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForFunction(() => document.querySelectorAll('ol.adm-audit > li').length === 1);
      t.match(await entries.first().textContent(), /Suspended an account/);

      await page.locator('input[name=actor]').fill('nadie');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('No account is called nadie.').waitFor();
      t.pass('an unknown account is named next to the field');
      await page.locator('input[name=actor]').fill('');
      await page.locator('input[name=action]').fill('');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForFunction(() => document.querySelectorAll('ol.adm-audit > li').length > 1);
      await review(t, web, page, 'audit', 'en');
    });

    await t.test('two-factor reset and lifting a suspension let people back in', async (t) => {
      // Lola (signed out everywhere above) logs in again and turns two-factor on.
      const lolaAgain = await call(web, 'POST', '/api/auth/login', null, { login: 'lola', password: lola.password });
      const lolaHeaders = { authorization: `Bearer ${lolaAgain.json.tokens.accessToken}` };
      const secret = (await call(web, 'POST', '/api/auth/2fa/setup', { ...lola, headers: lolaHeaders }, {})).json.secret;
      await call(web, 'POST', '/api/auth/2fa/confirm', { ...lola, headers: lolaHeaders }, { code: totp(secret) });
      t.equal((await call(web, 'POST', '/api/auth/login', null, { login: 'lola', password: lola.password })).json.error.code, 'TWO_FACTOR_REQUIRED');

      await page.goto(web.url(`/admin/users/${lola.user.id}`));
      await settled(page);
      await page.getByRole('button', { name: 'Reset two-factor' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Reset two-factor' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Reset two-factor' }).waitFor({ state: 'detached' });
      t.equal((await call(web, 'POST', '/api/auth/login', null, { login: 'lola', password: lola.password })).status, 200, 'she logs in with her password alone');

      await page.goto(web.url(`/admin/users/${tito.user.id}`));
      await settled(page);
      await page.getByRole('button', { name: 'Lift the suspension' }).click();
      await dialog.getByRole('button', { name: 'Lift the suspension' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Suspend' }).waitFor();
      t.equal((await call(web, 'POST', '/api/auth/login', null, { login: 'tito', password: tito.password })).status, 200, 'Tito can log in again');
      await page.goto(web.url('/admin/audit?action=admin.user.'));
      await settled(page);
      const entries = page.locator('ol.adm-audit > li');
      await entries.filter({ hasText: 'Lifted a suspension' }).filter({ hasText: 'Tito Gómez (@tito)' }).waitFor();
      await entries.filter({ hasText: 'Reset two-factor authentication' }).filter({ hasText: 'Lola Pérez (@lola)' }).waitFor();
      t.pass('both are in the audit log, with the account they were done to');
      // For the pages below, Tito is suspended again.
      await call(web, 'POST', `/api/admin/users/${tito.user.id}/suspend`, admin, { reason: 'Spam de croquetas en cada publicación' });
    });

    await t.test('pages in English and Spanish, on a desk and on a phone', async (t) => {
      await page.goto(web.url('/admin'));
      await settled(page);
      t.equal(await page.locator('main h1').textContent(), 'Overview');
      t.ok(await page.locator('svg[role=img]').count() >= 3, 'the charts');
      await page.locator('details.adm-chart__table summary').first().click();
      t.ok(await page.locator('details.adm-chart__table table').first().isVisible(), 'each chart has its figures as a table');
      await page.getByRole('region', { name: 'Trending hashtags (24 h)' }).getByText('No hashtags in public posts of the last 24 hours.').waitFor();
      t.pass("the feed's card, built from plugins/feed/admin/, in its own words");
      await review(t, web, page, 'overview', 'en');
      await page.goto(web.url('/admin/users'));
      await review(t, web, page, 'users', 'en');

      const es = await web.newPage({ locale: 'es-MX' });
      await signIn(es, web, admin);
      t.equal(await es.locator('main h1').textContent(), 'Resumen');
      await review(t, web, es, 'overview', 'es-MX');
      for (const [path, name] of [['/admin/users', 'users'], [`/admin/users/${tito.user.id}`, 'user'], ['/admin/audit', 'audit']] as const) {
        await es.goto(web.url(path));
        await review(t, web, es, name, 'es-MX');
      }
      t.match(await es.locator('ol.adm-audit').textContent(), /Suspendió una cuenta/);

      // Right to left: the layout mirrors (admin strings fall back to English until translated).
      const ar = await web.newPage({ locale: 'ar' });
      await signIn(ar, web, admin);
      t.equal(await ar.getAttribute('html', 'dir'), 'rtl');
      const nav = await ar.locator('#adm-nav').boundingBox();
      const main = await ar.locator('#adm-main').boundingBox();
      t.ok(nav && main && nav.x > main.x, 'the navigation column is on the right');
      await review(t, web, ar, 'overview', 'ar');

      const phone = await web.newPage({ viewport: { width: 360, height: 780 } });
      await signIn(phone, web, admin, `/admin/users/${tito.user.id}`);
      t.notOk(await phone.locator('#adm-nav').isVisible(), 'the navigation folds into a menu');
      await phone.getByRole('button', { name: 'Menu' }).click();
      t.ok(await phone.locator('#adm-nav').isVisible(), 'and opens from it');
      t.equal(await phone.evaluate(() => document.documentElement.scrollWidth), 360, 'nothing wider than the screen');
      await review(t, web, phone, 'user-phone', 'en');
    });
  });
});

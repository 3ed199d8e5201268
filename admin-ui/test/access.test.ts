import t from 'tap';
import { eachDatabase } from '@petamigos/core/testing';
import { browserAvailable } from '@petamigos/web/testing';
import { call, review, settled, signIn, startAdminTest, totp } from './helpers.js';

// A browser and a kernel per database: longer than the default two minutes on a busy machine.
t.setTimeout(8 * 60_000);

t.test('who gets into /admin', { skip: !browserAvailable() && 'Chromium is not installed (.ci/run installs it)' }, async (t) => {
  await eachDatabase(t, 'the admin door', async (t, database) => {
    const web = await startAdminTest(t, database);
    const member = await web.kernel.createUser({ username: 'lola', displayName: 'Lola Pérez' });
    const moderator = await web.kernel.createUser({ username: 'moni', displayName: 'Moni Ruiz', role: 'moderator' });
    const admin = await web.kernel.createUser({ username: 'ana', displayName: 'Ana Admin', role: 'admin' });

    await t.test('signed out: a log-in form inside the admin shell, in English and Spanish', async (t) => {
      for (const locale of ['en', 'es-MX']) {
        const page = await web.newPage({ locale });
        await page.goto(web.url('/admin/users'));
        await page.locator('input[name=login]').waitFor();
        t.equal(await page.locator('main h1').textContent(), locale === 'en' ? 'Sign in to the admin' : 'Inicia sesión en la administración');
        t.equal(await page.locator('#adm-nav').count(), 0, 'no navigation before signing in');
        await review(t, web, page, 'sign-in', locale);

        await page.locator('input[name=login]').fill('lola');
        await page.locator('input[name=password]').fill('not her password');
        await page.locator('main form button[type=submit]').click();
        const error = page.locator('main [role=alert]');
        await error.waitFor();
        t.match(await error.textContent(), locale === 'en' ? /Wrong username\/email or password/ : /contraseña/i, "the server's message, in the reader's language");
      }
    });

    await t.test('a plain member gets the no-access page, and 403 from the admin API', async (t) => {
      const page = await web.newPage();
      await signIn(page, web, member);
      t.equal(await page.locator('main h1').textContent(), 'No access to the admin');
      t.match(await page.locator('main').textContent(), /signed in as @lola/);
      t.equal(await page.locator('#adm-nav').count(), 0, 'no admin navigation');
      await review(t, web, page, 'no-access', 'en');
      for (const path of ['/api/admin/overview', '/api/admin/users', '/api/admin/reports', '/api/admin/plugins', '/api/admin/jobs', '/api/admin/audit']) {
        const answer = await call(web, 'GET', path, member);
        t.equal(answer.status, 403, `GET ${path} is refused`);
        t.equal(answer.json.error.code, 'FORBIDDEN');
      }
      t.equal((await call(web, 'POST', `/api/admin/users/${moderator.user.id}/suspend`, member, { reason: 'por nada' })).status, 403);
      t.equal((await call(web, 'PUT', '/api/admin/plugins/feed/settings', member, { maxImagesPerPost: 1 })).status, 403);

      const es = await web.newPage({ locale: 'es-MX' });
      await signIn(es, web, member, '/admin/plugins');
      t.equal(await es.locator('main h1').textContent(), 'Sin acceso a la administración');
      await review(t, web, es, 'no-access', 'es-MX');

      // Switching accounts from the no-access page leads back to the form.
      await page.getByRole('button', { name: 'Sign in with another account' }).click();
      await page.locator('input[name=login]').waitFor();
      t.pass('signing out shows the log-in form again');
    });

    await t.test('a moderator sees the queue and can look accounts up, but nothing the API refuses them', async (t) => {
      const page = await web.newPage();
      await signIn(page, web, moderator);
      t.match(await page.evaluate(() => location.pathname), '/admin/moderation', 'moderators land on the queue');
      const nav = await page.locator('#adm-nav a.adm-nav__link').allTextContents();
      t.same(nav, ['Moderation', 'Users'], 'only the sections the API opens to moderators');
      // The user page is read-only for them: no role change, suspension or sign-out controls.
      await page.goto(web.url(`/admin/users/${member.user.id}`));
      await settled(page);
      t.equal(await page.locator('main h1').textContent(), 'Lola Pérez');
      t.equal(await page.getByRole('button', { name: 'Suspend' }).count(), 0, 'no suspend button for moderators');
      t.equal(await page.getByRole('heading', { name: 'Audit trail' }).count(), 0, 'no audit trail: the audit log is for admins');
      await page.goto(web.url('/admin/plugins'));
      await settled(page);
      t.equal(await page.locator('main h1').textContent(), 'Not available to you');
    });

    await t.test('an admin with two-factor authentication signs in through the code step', async (t) => {
      const setup = await call(web, 'POST', '/api/auth/2fa/setup', admin, {});
      t.equal((await call(web, 'POST', '/api/auth/2fa/confirm', admin, { code: totp(setup.json.secret) })).status, 200);
      const page = await web.newPage();
      await page.goto(web.url('/admin'));
      await page.locator('input[name=login]').fill('ana');
      await page.locator('input[name=password]').fill(admin.password);
      await page.locator('main form button[type=submit]').click();
      const code = page.locator('input[name=code]');
      await code.waitFor();
      await review(t, web, page, 'sign-in-code', 'en');
      // The next time step: the code used to confirm enrolment cannot be replayed.
      await code.fill(totp(setup.json.secret, Date.now() + 30_000));
      await page.locator('main form button[type=submit]').click();
      await page.locator('#adm-nav').waitFor();
      await settled(page);
      t.equal(await page.locator('main h1').textContent(), 'Overview');
      const nav = await page.locator('#adm-nav a.adm-nav__link').allTextContents();
      t.same(nav, ['Overview', 'Moderation', 'Users', 'Plugins', 'Jobs', 'Audit log'], 'admins see every section');
    });
  });
});

import t from 'tap';
import { eachDatabase } from '@petamigos/core/testing';
import { browserAvailable } from '@petamigos/web/testing';
import { call, review, settled, signIn, startAdminTest } from './helpers.js';
import { shelter } from './fixtures/shelter/plugin.js';

t.setTimeout(8 * 60_000);

const TWO_IMAGES = ['0190a000-0000-7000-8000-000000000001', '0190a000-0000-7000-8000-000000000002'];

t.test('plugins: state, settings from their schema, panels and cards; jobs', { skip: !browserAvailable() && 'Chromium is not installed (.ci/run installs it)' }, async (t) => {
  await eachDatabase(t, 'plugins', async (t, database) => {
    const web = await startAdminTest(t, database, { plugins: [shelter], config: { plugins: { shelter: { settings: { adoptionFee: 250 } } } } });
    const admin = await web.kernel.createUser({ username: 'ana', displayName: 'Ana Admin', role: 'admin' });
    const poster = await web.kernel.createUser({ username: 'beto' });
    const page = await web.newPage();
    await signIn(page, web, admin, '/admin/plugins');

    await t.test('the list: version, on or off, health, who needs whom', async (t) => {
      t.equal(await page.locator('main h1').textContent(), 'Plugins');
      const social = page.getByRole('article', { name: 'social' });
      t.match(await social.textContent(), /social version 0\.1\.0.*Healthy/);
      t.match(await social.textContent(), /Needed by\s*feed/);
      t.ok(await social.getByRole('checkbox', { name: 'social is on' }).isChecked());
      await review(t, web, page, 'plugins', 'en');
    });

    await t.test('a feed setting edited in the form takes effect; a value over the maximum shows the schema error by the field', async (t) => {
      const before = await call(web, 'POST', '/api/feed/posts', poster, { text: 'dos fotos', visibility: 'public', mediaIds: TWO_IMAGES });
      t.equal(before.json.error.code, 'MEDIA_NOT_FOUND', 'two images are within the default limit of four');

      await page.getByRole('link', { name: 'Settings of feed' }).click();
      await settled(page);
      t.equal(await page.locator('main h1').textContent(), 'feed settings');
      const field = page.locator('[data-setting=maxImagesPerPost]');
      t.match(await field.textContent(), /Max images per post.*From 0 to 20.*Default: 4/, 'label, the schema limits and the default');
      const input = field.locator('input');
      t.equal(await input.inputValue(), '4');

      await input.fill('21');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await field.getByText('Must be 20 or less.').waitFor();
      t.equal(await input.getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
      t.match(await page.locator('main [role=alert]').first().textContent(), /One setting needs fixing/);
      const stored = (await call(web, 'GET', '/api/admin/plugins/feed', admin)).json.settings.values.maxImagesPerPost;
      t.equal(stored, 4, 'nothing was saved');
      await review(t, web, page, 'plugin-settings-error', 'en');

      await input.fill('1');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await field.getByText('Changed here').waitFor();
      const after = await call(web, 'POST', '/api/feed/posts', poster, { text: 'dos fotos', visibility: 'public', mediaIds: TWO_IMAGES });
      t.equal(after.status, 400);
      t.match(after.json.error, { code: 'TOO_MANY_IMAGES', details: { max: 1 } }, 'the feed enforces the new limit at once');

      const es = await web.newPage({ locale: 'es-MX' });
      await signIn(es, web, admin, '/admin/plugins/feed');
      const campo = es.locator('[data-setting=maxImagesPerPost]');
      t.match(await campo.textContent(), /De 0 a 20/);
      await campo.locator('input').fill('-1');
      await es.getByRole('button', { name: 'Guardar configuración' }).click();
      await campo.getByText('Debe ser 0 o más.').waitFor();
      await review(t, web, es, 'plugin-settings-error', 'es-MX');
    });

    await t.test('every kind of setting: numbers, text with a pattern, switch, choice, list, secret, and the config file wins', async (t) => {
      await page.goto(web.url('/admin/plugins/shelter'));
      await settled(page);
      const setting = (key: string) => page.locator(`[data-setting=${key}]`);
      t.equal(await setting('capacity').locator('input').getAttribute('type'), 'number');
      t.match(await setting('capacity').textContent(), /Pets the shelter can house.*From 1 to 500/);
      t.ok(await setting('adoptionFee').locator('input').isDisabled(), 'a key set in the config file is read-only');
      t.match(await setting('adoptionFee').textContent(), /Set in the config file/);
      t.match(await setting('city').textContent(), /2 to 60 characters.*Must match/);
      t.equal(await setting('openOnSundays').locator('input[type=checkbox]').count(), 1);
      t.same(await setting('intake').locator('option').allTextContents(), ['walk-in', 'appointment'], 'a required choice offers only its values');
      t.equal(await setting('species').locator('textarea').inputValue(), 'dog\ncat');
      t.match(await setting('webhookSecret').textContent(), /Not set/);
      t.equal(await setting('webhookSecret').locator('input').getAttribute('type'), 'password');

      await setting('city').locator('input').fill('Guadalajara 2');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await setting('city').getByText('Must match the pattern').waitFor();
      t.pass('the pattern error shows by the field');

      await setting('city').locator('input').fill('Zapopan');
      await setting('openOnSundays').locator('input').check();
      await setting('intake').locator('select').selectOption('walk-in');
      await setting('species').locator('textarea').fill('dog\ncat\nrabbit');
      await setting('webhookSecret').locator('input').fill('s3cret-hook-key');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await setting('webhookSecret').getByText('Set', { exact: true }).waitFor();
      const view = await call(web, 'GET', '/api/admin/plugins/shelter', admin);
      t.match(view.json.settings.values, { city: 'Zapopan', openOnSundays: true, intake: 'walk-in', species: ['dog', 'cat', 'rabbit'], adoptionFee: 250 });
      t.notMatch(JSON.stringify(view.json), /s3cret-hook-key/, 'the secret is never sent back');
      t.equal(await setting('webhookSecret').locator('input').inputValue(), '', 'nor shown');
      t.equal((await call(web, 'GET', '/api/shelter/waiting', admin)).json.city, 'Zapopan', 'the plugin reads the new value');
      await review(t, web, page, 'plugin-settings', 'en');

      const es = await web.newPage({ locale: 'es-MX' });
      await signIn(es, web, admin, '/admin/plugins/shelter');
      t.match(await es.locator('[data-setting=webhookSecret]').textContent(), /Definido/);
      await review(t, web, es, 'plugin-settings', 'es-MX');
    });

    await t.test("a plugin's panel and card; switching the plugin off takes them away", async (t) => {
      await page.goto(web.url('/admin'));
      await settled(page);
      const card = page.getByRole('region', { name: 'Waiting for a home' });
      await card.getByText('12 pets').waitFor();
      t.pass("the plugin's card is on the overview");

      await page.locator('#adm-nav').getByRole('link', { name: 'Intake desk' }).click();
      await page.getByText('12 pets wait for a home in Zapopan.').waitFor();
      t.equal(await page.evaluate(() => location.pathname), '/admin/plugins/shelter/intake');
      t.equal(await page.locator('#adm-nav [aria-current=page]').textContent(), 'Intake desk');
      await review(t, web, page, 'plugin-panel', 'en');
      const es = await web.newPage({ locale: 'es-MX' });
      await signIn(es, web, admin, '/admin/plugins/shelter/intake');
      await es.getByText('12 pets wait for a home in Zapopan.').waitFor();
      t.equal(await es.locator('#adm-nav h2').textContent(), 'Paneles de plugins');
      await review(t, web, es, 'plugin-panel', 'es-MX');
      await es.goto(web.url('/admin/plugins'));
      await review(t, web, es, 'plugins', 'es-MX');
      // A deep link straight to the panel.
      await page.reload();
      await page.getByText('12 pets wait for a home in Zapopan.').waitFor();
      t.pass('the panel answers a deep link');

      await page.goto(web.url('/admin/plugins'));
      await settled(page);
      await page.getByRole('checkbox', { name: 'shelter is on' }).uncheck();
      await page.getByText('shelter is off. Its data is kept.').waitFor();
      t.equal(await page.locator('#adm-nav').getByRole('link', { name: 'Intake desk' }).count(), 0, 'its panel left the navigation');
      t.equal((await call(web, 'GET', '/api/shelter/waiting', admin)).status, 404, 'and its routes answer 404');
      await page.getByRole('checkbox', { name: 'shelter is on' }).check();
      await page.locator('#adm-nav').getByRole('link', { name: 'Intake desk' }).waitFor();
      t.pass('switched on again, the panel is back');
    });

    await t.test('jobs: counts by state, a failed job with its error, retried', async (t) => {
      t.equal((await call(web, 'POST', '/api/shelter/sync', admin)).status, 202);
      await web.kernel.settle();
      await page.goto(web.url('/admin/jobs'));
      await settled(page);
      const failed = page.getByRole('article', { name: 'shelter.sync' });
      t.match(await failed.textContent(), /The adoption registry answered 503 Service Unavailable/);
      t.match(await page.locator('dl.adm-stats').textContent(), /Failed\s*1/);
      await review(t, web, page, 'jobs', 'en');
      const es = await web.newPage({ locale: 'es-MX' });
      await signIn(es, web, admin, '/admin/jobs');
      await review(t, web, es, 'jobs', 'es-MX');

      await failed.getByRole('button', { name: 'Retry' }).click();
      await page.getByText('shelter.sync will run again.').waitFor();
      await web.kernel.settle();
      const jobs = await call(web, 'GET', '/api/admin/jobs', admin);
      t.match(jobs.json.counts['shelter.sync'], { failed: 0, completed: 1 }, 'the retried job ran and succeeded');
      t.equal((await call(web, 'GET', '/api/admin/jobs/failed', admin)).json.items.length, 0);
    });

    await t.test('the audit log has every plugin change with who, what and when', async (t) => {
      await page.goto(web.url('/admin/audit?action=admin.plugin.'));
      await settled(page);
      const entries = page.locator('ol.adm-audit > li');
      await entries.filter({ hasText: 'Ana Admin (@ana)' }).first().waitFor();
      const all = await entries.allTextContents();
      t.match(all, [/Switched a plugin on.*By\s*Ana Admin \(@ana\).*Plugin\s*shelter/, /Switched a plugin off.*Plugin\s*shelter/, /Changed plugin settings.*shelter/, /Changed plugin settings.*feed.*maxImagesPerPost/]);
      t.equal(all.length, 4, 'the refused edit (over the maximum) changed nothing and is not logged');
      t.ok(await entries.first().locator('time[datetime]').count(), 'when');
    });
  });
});

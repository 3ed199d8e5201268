import t from 'tap';
import { eachDatabase, type TestUser } from '@petamigos/core/testing';
import { browserAvailable, type WebTest } from '@petamigos/web/testing';
import { call, review, settled, signIn, startAdminTest } from './helpers.js';

t.setTimeout(8 * 60_000);

async function post(web: WebTest, author: TestUser, text: string): Promise<string> {
  const created = await call(web, 'POST', '/api/feed/posts', author, { text, visibility: 'public' });
  if (created.status !== 201) throw new Error(`post: ${created.status} ${JSON.stringify(created.json)}`);
  return created.json.id;
}

async function report(web: WebTest, reporter: TestUser, postId: string, reason: string): Promise<void> {
  const filed = await call(web, 'POST', `/api/feed/posts/${postId}/reports`, reporter, { reason });
  if (filed.status !== 201) throw new Error(`report: ${filed.status} ${JSON.stringify(filed.json)}`);
}

t.test('a moderator works the queue; reporters hear the outcome', { skip: !browserAvailable() && 'Chromium is not installed (.ci/run installs it)' }, async (t) => {
  await eachDatabase(t, 'moderation', async (t, database) => {
    const web = await startAdminTest(t, database);
    const moderator = await web.kernel.createUser({ username: 'moni', displayName: 'Moni Ruiz', role: 'moderator' });
    const admin = await web.kernel.createUser({ username: 'ana', displayName: 'Ana Admin', role: 'admin' });
    const author = await web.kernel.createUser({ username: 'beto', displayName: 'Beto Salas' });
    const rosa = await web.kernel.createUser({ username: 'rosa', displayName: 'Rosa Luna', language: 'en' });
    const memo = await web.kernel.createUser({ username: 'memo', displayName: 'Memo Díaz' });

    const spam = await post(web, author, 'Compra croquetas milagrosas en mi tienda, ¡curan todo! <script>alert(1)</script>');
    await report(web, rosa, spam, 'Spam: sells miracle food');
    await report(web, memo, spam, 'Publicidad engañosa');
    const rant = await post(web, author, 'Los gatos son mejores que los perros.');
    await report(web, rosa, rant, 'I disagree');

    const page = await web.newPage();
    await signIn(page, web, moderator);

    await t.test('the queue shows each reported post in context: text, author, link, reporters and reasons', async (t) => {
      t.equal(await page.evaluate(() => location.pathname), '/admin/moderation');
      const cases = page.locator('ul.adm-cases > li');
      t.equal(await cases.count(), 2, 'one case per reported post, oldest first');
      const first = cases.first();
      const text = await first.textContent();
      t.match(text, /Post by @beto/);
      t.match(text, /Compra croquetas milagrosas/);
      t.match(text, /<script>alert\(1\)<\/script>/, 'user content is shown as text, never as HTML');
      t.match(text, /Beto Salas.*@beto/, 'the author');
      t.match(text, /2 reports/);
      t.match(text, /Rosa Luna.*Spam: sells miracle food/, 'reporter and reason');
      t.match(text, /Memo Díaz.*Publicidad engañosa/);
      t.equal(await first.getByRole('link', { name: 'Open it on the site' }).getAttribute('href'), `/p/${spam}`);
      await review(t, web, page, 'moderation', 'en');
    });

    await t.test('removing asks for a reason and a confirmation; the post goes and the reporters are told', async (t) => {
      const first = page.locator('ul.adm-cases > li').first();
      await first.getByRole('button', { name: 'Remove', exact: true }).click();
      const dialog = page.getByRole('dialog');
      t.match(await dialog.textContent(), /Take this item down\?/);
      await dialog.locator('textarea').fill('Miracle claims about pet food');
      await review(t, web, page, 'moderation-dialog', 'en');
      await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.waitForFunction(() => document.querySelectorAll('ul.adm-cases > li').length === 1);
      t.notMatch(await page.locator('ul.adm-cases').textContent(), /croquetas/, 'the case left the open queue');

      t.equal((await call(web, 'GET', `/api/feed/posts/${spam}`, rosa)).status, 404, 'the post is gone for readers');
      await web.kernel.settle();
      const told = (await call(web, 'GET', '/api/notifications', rosa)).json.items;
      t.match(told, [{ type: 'kernel.moderation.report_resolved', data: { action: 'remove', itemId: spam }, text: /removed the content you reported/ }], 'the reporter gets the outcome');
      const toldMemo = (await call(web, 'GET', '/api/notifications', memo)).json.items;
      t.match(toldMemo, [{ type: 'kernel.moderation.report_resolved', data: { action: 'remove' } }], 'so does every other reporter');
      t.notMatch(JSON.stringify(told), /Miracle claims about pet food/, "reporters are not shown the moderator's reasoning");

      await page.getByRole('tab', { name: 'Resolved' }).click();
      const resolved = page.locator('ul.adm-cases > li').first();
      await resolved.getByText('Miracle claims about pet food').waitFor();
      t.match(await resolved.textContent(), /Removed.*by.*Moni Ruiz/, 'who decided, and what');
      await review(t, web, page, 'moderation-resolved', 'en');
    });

    await t.test('in Spanish: the moderator dismisses the other report', async (t) => {
      const es = await web.newPage({ locale: 'es-MX' });
      await signIn(es, web, moderator);
      t.equal(await es.locator('main h1').textContent(), 'Cola de moderación');
      await review(t, web, es, 'moderation', 'es-MX');
      await es.getByRole('button', { name: 'Descartar' }).click();
      const dialog = es.getByRole('dialog');
      await dialog.locator('textarea').fill('Es una opinión, no rompe las reglas');
      await review(t, web, es, 'moderation-dialog', 'es-MX');
      await dialog.getByRole('button', { name: 'Descartar' }).click();
      await es.getByText('No hay nada que revisar. La cola está vacía.').waitFor();
      t.equal((await call(web, 'GET', `/api/feed/posts/${rant}`, rosa)).status, 200, 'dismissing leaves the post up');
      await es.getByRole('tab', { name: 'Resueltos' }).click();
      await es.locator('ul.adm-cases > li').first().waitFor();
      await review(t, web, es, 'moderation-resolved', 'es-MX');
    });

    await t.test('both decisions are in the audit log, with the moderator, the decision and the reason', async (t) => {
      const audit = await web.newPage();
      await signIn(audit, web, admin, '/admin/audit?action=admin.report.resolved');
      const entries = audit.locator('ol.adm-audit > li');
      await entries.filter({ hasText: 'Moni Ruiz (@moni)' }).first().waitFor();
      const all = await entries.allTextContents();
      t.equal(all.length, 2);
      t.match(all[0], /Resolved a report.*By\s*Moni Ruiz \(@moni\).*decision\s*Dismissed.*reason\s*Es una opinión/);
      t.match(all[1], /Resolved a report.*By\s*Moni Ruiz \(@moni\).*decision\s*Removed.*reason\s*Miracle claims/);
      await settled(audit);
    });
  });
});

import t from 'tap';
import { browserAvailable, startWebTest } from '@petamigos/web/testing';

t.test('the app page: import map, language, direction, theme', { skip: !browserAvailable() && 'Chromium is not installed (.ci/run installs it)' }, async (t) => {
  const web = await startWebTest(t);

  t.test('an unknown API path stays a JSON 404 even for a browser', async (t) => {
    const response = await fetch(web.url('/api/nope'), { headers: { accept: 'text/html' } });
    t.equal(response.status, 404);
    t.equal((await response.json()).error.code, 'NOT_FOUND');
  });

  t.test('a deep link gets the app page with a strict CSP', async (t) => {
    const response = await fetch(web.url('/settings/profile'), { headers: { accept: 'text/html' } });
    t.equal(response.status, 200);
    t.match(response.headers.get('content-security-policy'), /script-src 'self' 'sha256-/);
    const html = await response.text();
    t.match(html, /<script type="importmap">/);
    t.match(html, /<link rel="preload" as="fetch" crossorigin="anonymous" href="\/api\/i18n\/es-MX">/, 'the strings (the site\'s default language here) are fetched alongside the scripts');
  });

  t.test('Spanish (Mexico) from the browser, left to right', async (t) => {
    const page = await web.newPage({ locale: 'es-MX' });
    await page.goto(web.url('/'));
    await page.locator('main').waitFor();
    t.equal(await page.getAttribute('html', 'lang'), 'es-MX');
    t.equal(await page.getAttribute('html', 'dir'), 'ltr');
  });

  t.test('Arabic flips the layout', async (t) => {
    const page = await web.newPage({ locale: 'ar' });
    await page.goto(web.url('/'));
    await page.locator('main').waitFor();
    t.equal(await page.getAttribute('html', 'dir'), 'rtl');
    t.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
  });

  t.test('the theme cookie picks another theme: its tokens, not the default ones', async (t) => {
    const plain = await web.newPage();
    await plain.goto(web.url('/'));
    await plain.locator('main').waitFor();
    const contrast = await web.newPage({ theme: 'contrast' });
    await contrast.goto(web.url('/'));
    await contrast.locator('main').waitFor();
    const token = (page: typeof plain) => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--pa-color-bg').trim());
    t.equal(await contrast.getAttribute('html', 'data-theme'), 'contrast');
    t.not(await token(contrast), await token(plain), 'the background token differs between themes');
  });
});

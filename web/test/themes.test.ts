import t from 'tap';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { definePlugin } from '@petamigos/core';
import { eachDatabase } from '@petamigos/core/testing';
import { browserAvailable, startWebTest, type WebTest } from '@petamigos/web/testing';
import type { Page, Response } from 'playwright-core';

// Two themes × two widths × each database, in one Chromium: more than tap's default two minutes.
t.setTimeout(600_000);

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
const THEMES = ['default', 'contrast'] as const;
const REPO = new URL('../../', import.meta.url);

/** Every design token the theme contract names (web/src/sdk/theme-contract.ts). */
const CONTRACT_TOKENS = [
  ...['bg', 'surface', 'surface-2', 'text', 'muted', 'primary', 'on-primary', 'danger', 'success', 'border', 'focus'].map((c) => `--pa-color-${c}`),
  ...['body', 'heading'].map((f) => `--pa-font-${f}`),
  ...['sm', 'md', 'lg', 'xl'].map((s) => `--pa-font-size-${s}`),
  ...[1, 2, 3, 4, 5, 6].map((n) => `--pa-space-${n}`),
  '--pa-radius-sm',
  '--pa-radius-md',
  '--pa-radius-lg',
  '--pa-shadow',
];

// A plugin that only adds navigation entries, so the shell has a realistic set of them.
const strings = mkdtempSync(join(tmpdir(), 'petamigos-theme-nav-'));
writeFileSync(join(strings, 'en.json'), JSON.stringify({ nav: { home: 'Home', friends: 'Friends', pets: 'Pets' } }));
t.teardown(() => rmSync(strings, { recursive: true, force: true }));
const navPlugin = definePlugin({
  name: 'amigos',
  version: '1.0.0',
  kernel: '>=0.1.0 <1.0.0',
  locales: strings,
  web: {
    // Navigation is offered only for a plugin whose built web folder exists; this one is empty.
    assets: strings,
    nav: [
      { label: 'nav.home', path: '/', icon: 'home', order: 10 },
      { label: 'nav.friends', path: '/friends', icon: 'users', order: 20 },
      { label: 'nav.pets', path: '/pets', icon: 'paw', order: 30 },
    ],
  },
});

const tokensOf = (page: Page) =>
  page.evaluate((names) => {
    const style = getComputedStyle(document.documentElement);
    return Object.fromEntries(names.map((name) => [name, style.getPropertyValue(name).trim()]));
  }, CONTRACT_TOKENS);

async function openHome(web: WebTest, options: { theme: string; viewport: { width: number; height: number }; locale?: string; tokens?: object }) {
  const page = await web.newPage({ theme: options.theme, viewport: options.viewport, locale: options.locale });
  if (options.tokens) {
    await page.addInitScript((tokens) => localStorage.setItem('petamigos.session', JSON.stringify(tokens)), options.tokens);
  }
  await gotoApp(page, web.url('/'));
  return page;
}

/**
 * Opens the app and waits for the shell. Other work on this machine may rebuild the bundles while
 * the test runs (the build empties the output folder first); a page that met a missing bundle is
 * loaded once more, and only then, so a shell that does not render still fails.
 */
async function gotoApp(page: Page, url: string) {
  const missing: string[] = [];
  const onResponse = (response: Response) => {
    if (response.status() === 404 && new URL(response.url()).pathname.startsWith('/web/')) missing.push(new URL(response.url()).pathname);
  };
  page.on('response', onResponse);
  const shown = async () => {
    await page.locator('nav.pa-nav').waitFor();
    await page.locator('main h1').first().waitFor();
  };
  try {
    await page.goto(url);
    await shown().catch(async (error: unknown) => {
      if (missing.length === 0) throw error;
      process.stderr.write(`themes.test: bundles were missing (${missing.join(', ')}), a build was running; loading again\n`);
      await page.reload();
      await shown();
    });
  } finally {
    page.off('response', onResponse);
  }
}

const box = async (page: Page, selector: string) => {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not on screen`);
  return found;
};

// Components no page of the app may use yet, rendered in the live page with the live theme: a
// second React root mounted beside the app (which is hidden), built from the import map's modules.
const GALLERY = `(async () => {
  const React = await import('react');
  const { createRoot } = await import('react-dom/client');
  const sdk = await import('@petamigos/web');
  const ui = await import('@petamigos/theme');
  const h = React.createElement;
  window.galleryClicks = 0;
  function Gallery() {
    const [open, setOpen] = React.useState(false);
    const [tab, setTab] = React.useState('posts');
    const toast = ui.useToast();
    return h('main', { id: 'gallery' },
      h(ui.Stack, { gap: 5 },
        h(ui.PageHeader, { title: 'Components', subtitle: 'Everything a page can use', actions: h(ui.Button, { size: 'sm', variant: 'secondary' }, 'Action') }),
        h(ui.Tabs, { label: 'Sections', tabs: [{ id: 'posts', label: 'Posts' }, { id: 'pets', label: 'Pets' }, { id: 'friends', label: 'Friends' }], active: tab, onChange: setTab }),
        h(ui.Card, { as: 'section', 'aria-label': 'Form' },
          h(ui.Stack, { gap: 4 },
            h(ui.TextInput, { label: 'Pet name', hint: 'As you call them at home', error: 'Give your pet a name', required: true, id: 'pet-name' }),
            h(ui.TextArea, { label: 'About', hint: 'A line or two' }),
            h(ui.Select, { label: 'Species', options: [{ value: 'dog', label: 'Dog' }, { value: 'cat', label: 'Cat' }] }),
            h(ui.Checkbox, { label: 'Show on my profile', hint: 'Friends see it either way', defaultChecked: true }),
            h(ui.Row, { gap: 2, wrap: true },
              h(ui.Button, { onClick: () => { window.galleryClicks++; } }, 'Save'),
              h(ui.Button, { variant: 'secondary' }, 'Cancel'),
              h(ui.Button, { variant: 'ghost' }, 'Later'),
              h(ui.Button, { variant: 'danger', size: 'sm' }, 'Delete'),
              h(ui.Button, { busy: true, id: 'busy', onClick: () => { window.galleryClicks++; } }, 'Saving')))),
        h(ui.Row, { gap: 2, wrap: true }, h(ui.Badge, null, 'Neutral'), h(ui.Badge, { tone: 'primary' }, 'Primary'), h(ui.Badge, { tone: 'danger' }, 'Danger'), h(ui.Badge, { tone: 'success' }, 'Success')),
        h(ui.Alert, { tone: 'info' }, 'Your pet profile is visible to friends.'),
        h(ui.Alert, { tone: 'success' }, 'Saved.'),
        h(ui.Alert, { tone: 'error' }, 'That did not work; try again.'),
        h(ui.Row, { gap: 3 }, h(ui.Avatar, { src: null, name: 'Ana María Pérez', size: 'sm' }), h(ui.Avatar, { src: null, name: 'Bruno' }), h(ui.Avatar, { src: null, name: 'Chen Wei', size: 'lg' }), h(ui.Spinner, { label: 'Loading pets' })),
        h(ui.Skeleton, { lines: 3, label: 'Loading posts' }),
        h(ui.EmptyState, { title: 'No pets yet', action: h(ui.Button, { onClick: () => setOpen(true), id: 'open-modal' }, 'Add a pet') }, 'Add your first pet to show them to your friends.'),
        h(ui.Row, { gap: 2, wrap: true },
          h(ui.Button, { id: 'toast-info', variant: 'secondary', onClick: () => toast('Post published', 'success') }, 'Toast'),
          h(ui.Button, { id: 'toast-error', variant: 'secondary', onClick: () => toast('Could not upload the photo', 'error') }, 'Error toast'))),
      h(ui.Modal, { open, title: 'Add a pet', onClose: () => setOpen(false), closeLabel: 'Close dialog' },
        h(ui.Stack, { gap: 4 },
          h(ui.TextInput, { label: 'Name', id: 'modal-name' }),
          h(ui.Row, { gap: 2, justify: 'end' }, h(ui.Button, { variant: 'secondary', onClick: () => setOpen(false) }, 'Cancel'), h(ui.Button, { id: 'modal-save' }, 'Add')))));
  }
  document.getElementById('root').hidden = true;
  const host = document.createElement('div');
  document.body.append(host);
  const bundle = await sdk.loadInitialBundle();
  createRoot(host).render(h(sdk.I18nProvider, { initial: bundle }, h(ui.ToastProvider, null, h(Gallery))));
})()`;

async function openGallery(web: WebTest, options: { theme: string; viewport: { width: number; height: number }; locale?: string }) {
  const page = await openHome(web, options);
  await page.evaluate(GALLERY);
  await page.locator('#gallery').waitFor();
  return page;
}

const focused = (page: Page) => page.evaluate(() => ({ id: document.activeElement?.id ?? '', text: document.activeElement?.textContent?.trim() ?? '', inDialog: !!document.activeElement?.closest('dialog') }));

t.test('themes: shell, tokens, components, right-to-left', { skip: !browserAvailable() && 'Chromium is not installed (.ci/run installs it)' }, async (t) => {
  await eachDatabase(t, 'themes', async (t, database) => {
    const web = await startWebTest(t, { database, plugins: [navPlugin] });
    const ana = await web.kernel.createUser({ username: 'ana', displayName: 'Ana María' });
    for (const id of ['a', 'b', 'c']) {
      await web.kernel.kernel.notifications.send({ type: 'kernel.test', recipientId: ana.user.id, textKey: 'notification.someone', target: { type: 'test', id } });
    }

    t.test('each theme bundle stays small', async (t) => {
      for (const theme of THEMES) {
        const size = gzipSync(readFileSync(new URL(`themes/${theme}/dist/theme.js`, REPO))).length;
        t.ok(size < 15_000, `${theme}: ${size} bytes of JavaScript gzipped, under 15 kB`);
      }
    });

    for (const theme of THEMES) {
      t.test(`${theme} on a 360 px phone: a tab bar at the bottom`, async (t) => {
        const page = await openHome(web, { theme, viewport: PHONE });
        const nav = await box(page, 'nav[aria-label="Main"]');
        t.equal(Math.round(nav.y + nav.height), PHONE.height, 'the navigation sits on the bottom edge');
        t.equal(Math.round(nav.width), PHONE.width, 'across the whole width');
        t.ok(nav.height < 100, 'as a bar, not a column');
        const entries = page.locator('nav[aria-label="Main"] a');
        t.same(await entries.allTextContents(), ['Home', 'Friends', 'Pets', 'Search'], 'plugin entries first, then the app\'s');
        t.equal(await entries.first().getAttribute('aria-current'), 'page', 'the home entry is the current page');
        for (const target of await page.locator('header a, header button, nav[aria-label="Main"] a').all()) {
          const size = await target.boundingBox();
          t.ok(size && size.height >= 44, `touch target "${(await target.textContent())?.trim()}" is at least 44 px tall`);
        }
        await web.expectAccessible(t, page, `home, ${theme}, phone`);
        await web.screenshot(page, `home-${theme}-360`);

        await page.keyboard.press('Tab');
        t.same(await focused(page), { id: '', text: 'Skip to content', inDialog: false }, 'the first Tab reaches the skip link');
        const skip = await box(page, '.pa-skip');
        t.ok(skip.width > 40 && skip.height > 20, 'which shows itself when focused');
        await page.keyboard.press('Enter');
        t.equal((await focused(page)).id, 'main', 'and moves focus to main');
      });

      t.test(`${theme} at 1280 px: a side navigation`, async (t) => {
        const page = await openHome(web, { theme, viewport: DESKTOP });
        const nav = await box(page, 'nav[aria-label="Main"]');
        const main = await box(page, 'main');
        t.ok(nav.x + nav.width <= main.x, 'the navigation is beside main, at the left');
        t.ok(nav.height > 400, 'as a column');
        t.ok(nav.width >= 200, 'with room for the labels');
        await web.expectAccessible(t, page, `home, ${theme}, desktop`);
        await web.screenshot(page, `home-${theme}-1280`);
        await page.keyboard.press('Tab');
        t.equal((await focused(page)).text, 'Skip to content', 'the first Tab reaches the skip link');
        await page.keyboard.press('Enter');
        t.equal((await focused(page)).id, 'main', 'and moves focus to main');
      });

      t.test(`${theme}, signed in: account menu, notification count, current entry`, async (t) => {
        for (const viewport of [PHONE, DESKTOP]) {
          const page = await openHome(web, { theme, viewport, tokens: ana.tokens });
          const notifications = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Notifications/ });
          await notifications.locator('.pa-count').waitFor();
          t.equal(await notifications.locator('.pa-count').textContent(), '3', `${viewport.width} px: the unread count shows on the entry`);
          const account = page.getByRole('navigation', { name: 'Account' }).getByRole('button', { name: /Ana María/ });
          t.equal(await account.getAttribute('aria-expanded'), 'false');
          await account.click();
          t.equal(await account.getAttribute('aria-expanded'), 'true', 'the account button opens its menu');
          const settings = page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Settings' });
          t.ok(await settings.isVisible(), 'with the account entries');
          t.ok(await page.getByText('@ana').isVisible(), 'and who is signed in');
          await web.expectAccessible(t, page, `signed in, menu open, ${theme}, ${viewport.width} px`);
          await web.screenshot(page, `signed-in-${theme}-${viewport.width}`);
          await page.keyboard.press('Escape');
          t.equal(await account.getAttribute('aria-expanded'), 'false', 'Escape closes it');
          t.ok(await account.evaluate((el) => el === document.activeElement), 'and gives focus back to the button');
          await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
          await page.waitForURL(/\/search$/);
          t.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).getAttribute('aria-current'), 'page', 'the entry of the page shown is current');
          t.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).getAttribute('aria-current'), null, 'and no other');
        }
      });

      t.test(`${theme}: the components`, async (t) => {
        const page = await openGallery(web, { theme, viewport: PHONE });
        await web.expectAccessible(t, page, `components, ${theme}`);
        await web.screenshot(page, `components-${theme}-360`);

        const input = page.locator('#pet-name');
        t.equal(await input.getAttribute('aria-invalid'), 'true', 'a field with an error is invalid');
        const described = (await input.getAttribute('aria-describedby'))!.split(' ');
        t.same(await Promise.all(described.map((id) => page.locator(`#${id}`).textContent())), ['Give your pet a name', 'As you call them at home'], 'and names its error and hint');
        t.equal(await page.locator('label[for="pet-name"]').textContent(), 'Pet name *', 'its label is tied to it');
        await page.locator('label', { hasText: 'Show on my profile' }).click();
        t.equal(await page.getByLabel('Show on my profile').isChecked(), false, 'the checkbox label toggles the box');

        const busy = page.locator('#busy');
        t.equal(await busy.getAttribute('aria-busy'), 'true', 'a busy button says so');
        t.equal(await busy.locator('.pa-btn__spinner').count(), 1, 'and spins');
        await busy.click({ force: true });
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        t.equal(await page.evaluate(() => (window as unknown as { galleryClicks: number }).galleryClicks), 1, 'a click on a busy button does nothing');

        const tabs = page.getByRole('tab');
        await tabs.first().focus();
        await page.keyboard.press('ArrowRight');
        t.equal(await page.getByRole('tab', { selected: true }).textContent(), 'Pets', 'the right arrow selects the next tab');
        t.equal((await focused(page)).text, 'Pets', 'and moves focus to it');
        await page.keyboard.press('End');
        t.equal(await page.getByRole('tab', { selected: true }).textContent(), 'Friends', 'End selects the last');
        await page.keyboard.press('ArrowRight');
        t.equal(await page.getByRole('tab', { selected: true }).textContent(), 'Posts', 'and the arrows wrap round');
        t.same(await tabs.evaluateAll((list) => list.map((tab) => tab.getAttribute('tabindex'))), ['0', '-1', '-1'], 'only the selected tab is in the Tab order');

        const opener = page.locator('#open-modal');
        await opener.focus();
        await page.keyboard.press('Enter');
        const dialog = page.getByRole('dialog', { name: 'Add a pet' });
        await dialog.waitFor();
        t.equal(await dialog.getAttribute('aria-modal'), 'true', 'the modal is a labelled modal dialog');
        t.equal((await focused(page)).id, 'modal-name', 'focus starts on its first field');
        for (let n = 0; n < 5; n++) await page.keyboard.press('Tab');
        t.ok((await focused(page)).inDialog, 'Tab stays inside it');
        await page.keyboard.press('Shift+Tab');
        t.ok((await focused(page)).inDialog, 'so does Shift+Tab');
        await web.expectAccessible(t, page, `modal, ${theme}`);
        await web.screenshot(page, `modal-${theme}-360`);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
        t.equal((await focused(page)).id, 'open-modal', 'Escape closes it and focus returns to the button that opened it');

        await page.locator('#toast-info').click();
        await page.locator('#toast-error').click();
        t.equal(await page.getByRole('status').filter({ hasText: 'Post published' }).count(), 1, 'a toast is announced politely');
        t.equal(await page.getByRole('alert').filter({ hasText: 'Could not upload the photo' }).count(), 1, 'an error toast as an alert');
        await web.screenshot(page, `toasts-${theme}-360`);
        await page.getByRole('button', { name: 'Close' }).first().click();
        await page.mouse.move(0, 0);
        await page.getByText('Post published').waitFor({ state: 'detached', timeout: 20_000 });
        await page.getByText('Could not upload the photo').waitFor({ state: 'detached', timeout: 20_000 });
        t.pass('toasts go away by themselves or when dismissed');

        await page.emulateMedia({ reducedMotion: 'reduce' });
        t.equal(await page.locator('.pa-skeleton__line').first().evaluate((el) => getComputedStyle(el).animationIterationCount), '1', 'the shimmer stops for people who ask for less motion');
      });
    }

    t.test('the two themes differ in their tokens, and both define every one', async (t) => {
      const plain = await openHome(web, { theme: 'default', viewport: PHONE });
      const contrast = await openHome(web, { theme: 'contrast', viewport: PHONE });
      const [a, b] = [await tokensOf(plain), await tokensOf(contrast)];
      for (const name of CONTRACT_TOKENS) {
        t.ok(a[name], `default defines ${name}`);
        t.ok(b[name], `contrast defines ${name}`);
      }
      for (const name of ['--pa-color-bg', '--pa-color-text', '--pa-color-primary', '--pa-font-size-md', '--pa-radius-md']) t.not(a[name], b[name], `${name} differs`);
      const look = (page: Page) => page.evaluate(() => ({ bg: getComputedStyle(document.body).backgroundColor, radius: getComputedStyle(document.querySelector('.pa-brand__mark')!).borderRadius }));
      t.same(await look(contrast), { bg: 'rgb(0, 0, 0)', radius: '0px' }, 'contrast is black and square');
      t.not((await look(plain)).bg, 'rgb(0, 0, 0)', 'default is not');
    });

    for (const theme of THEMES) {
      t.test(`${theme} in Arabic: the layout is mirrored`, async (t) => {
        const wide = await openHome(web, { theme, viewport: DESKTOP, locale: 'ar' });
        t.equal(await wide.getAttribute('html', 'dir'), 'rtl');
        const nav = await box(wide, 'nav.pa-nav');
        const main = await box(wide, 'main');
        t.ok(nav.x >= main.x + main.width, 'the side navigation is on the right of main');
        t.equal(Math.round(nav.x + nav.width), DESKTOP.width, 'against the right edge');
        const brand = await box(wide, '.pa-brand');
        t.ok(brand.x > DESKTOP.width / 2, 'the site name is at the top right');
        await web.expectAccessible(t, wide, `home, ${theme}, Arabic`);
        await web.screenshot(wide, `home-${theme}-1280-ar`);

        const phone = await openHome(web, { theme, viewport: PHONE, locale: 'ar' });
        const links = phone.locator('nav.pa-nav a');
        const first = (await links.first().boundingBox())!;
        const last = (await links.last().boundingBox())!;
        t.ok(first.x > last.x, 'the tab bar runs from right to left');
        await web.screenshot(phone, `home-${theme}-360-ar`);

        const gallery = await openGallery(web, { theme, viewport: PHONE, locale: 'ar' });
        await gallery.getByRole('tab').first().focus();
        await gallery.keyboard.press('ArrowLeft');
        t.equal(await gallery.getByRole('tab', { selected: true }).textContent(), 'Pets', 'the left arrow is "next" in a right-to-left tab list');
      });
    }
  });
});

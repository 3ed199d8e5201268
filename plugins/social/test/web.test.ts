import { readdirSync, readFileSync } from 'node:fs';
import t from 'tap';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { eachDatabase, type TestUser } from '@petamigos/core/testing';
import { browserAvailable, startWebTest, type WebTest } from '@petamigos/web/testing';
import social from '../src/index.js';

type Tree = { [key: string]: string | Tree };
const english = JSON.parse(readFileSync(new URL('../locales/en.json', import.meta.url), 'utf8')) as Tree;
const has = (tree: Tree, key: string) => key.split('.').reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree) !== undefined;

// Chromium on both databases with a dozen screenshots: far beyond the suite's default two minutes.
t.setTimeout(900_000);

t.test('every string the pages ask for is in English', async (t) => {
  const dir = new URL('../web/', import.meta.url);
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
  const keys = new Set(files.flatMap((f) => [...readFileSync(new URL(f, dir), 'utf8').matchAll(/'((?:web|species)\.[A-Za-z.]+)'/g)].map((m) => m[1]!)));
  t.ok(keys.size > 80, `the pages use ${keys.size} keys`);
  for (const key of keys) t.ok(has(english, key), key);
  for (const nav of social.web?.nav ?? []) t.ok(has(english, nav.label), `nav label ${nav.label}`);
});

/** A browser page signed in as `user` (the app keeps its tokens in localStorage). */
function signedIn(web: WebTest, user: TestUser, locale = 'en'): Promise<Page> {
  return web.newPage({ locale, user });
}

/** Resolves once the page's realtime socket confirmed a subscription to `channel`. */
function subscribed(page: Page, channel: string): Promise<void> {
  return new Promise((resolve) => {
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => {
        try {
          const message = JSON.parse(String(payload)) as { type?: string; channel?: string };
          if (message.type === 'subscribed' && message.channel === channel) resolve();
        } catch {
          // not JSON: not ours
        }
      });
    });
  });
}

/** The page's main heading, once the page (and its lazy module) has rendered one. */
async function mainHeading(page: Page): Promise<string> {
  const heading = page.locator('main h1').first();
  await heading.waitFor().catch(async (error: Error) => {
    // Say what the page shows instead, so a failure explains itself.
    const main = await page.locator('main').innerText().catch(() => '(no main)');
    throw new Error(`${error.message}\n${page.url()} shows: ${main.slice(0, 500)}`);
  });
  return (await heading.innerText()).trim();
}

t.test('social pages in the browser', { skip: !browserAvailable() && 'Chromium is not installed (.ci/run installs it)' }, async (t) => {
  const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 196, g: 120, b: 64 } } }).jpeg({ quality: 80 }).toBuffer();

  await eachDatabase(t, 'onboarding, profiles, friends, blocks', async (t, database) => {
    const web = await startWebTest(t, {
      plugins: [social],
      database,
      // Several pages from one address; the rate limit is not what this test is about.
      config: { security: { rateLimit: { max: 100_000, timeWindow: 60_000 } } },
    });
    const k = web.kernel;
    const ana = await k.createUser({ username: 'ana', displayName: 'Ana López' });
    const beto = await k.createUser({ username: 'beto', displayName: 'Beto <b>Ruiz</b>' });
    const anaPage = await signedIn(web, ana);
    const betoPage = await signedIn(web, beto);

    await t.test('a new user adds their first pet, with a photo, and it shows on their profile', async (t) => {
      await anaPage.goto(web.url('/onboarding'));
      t.equal(await mainHeading(anaPage), 'Add your first pet');
      await web.expectAccessible(t, anaPage, 'onboarding');
      await anaPage.getByLabel(/^Name/).fill('Firulais');
      await anaPage.getByLabel(/^Species/).selectOption('dog');
      await anaPage.getByLabel('Breed', { exact: true }).fill('Xoloitzcuintle');
      await anaPage.getByLabel('Birth date', { exact: true }).fill('2021-05-04');
      await anaPage.getByLabel('About them', { exact: true }).fill('Loves the park <script>alert(1)</script>');
      await anaPage.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'firulais.jpg', mimeType: 'image/jpeg', buffer: photo });
      const preview = anaPage.getByRole('img', { name: 'Preview of the chosen photo' });
      await preview.waitFor();
      t.ok(await preview.evaluate((img: HTMLImageElement) => img.src.startsWith('blob:')), 'the preview shows the chosen file before upload');
      t.ok(await anaPage.getByRole('link', { name: 'Skip for now' }).isVisible(), 'onboarding can be skipped');
      await web.screenshot(anaPage, 'social-onboarding-en');

      await anaPage.getByRole('button', { name: 'Add my pet' }).click();
      await anaPage.waitForURL(web.url('/'));

      const profile = (await k.app.inject({ url: '/api/social/users/ana' })).json();
      t.match(profile.pets, [{ name: 'Firulais', species: 'dog', breed: 'Xoloitzcuintle', birthDate: '2021-05-04', photos: [{ variants: Array }] }], 'the pet and its photo are stored');

      await anaPage.goto(web.url('/u/ana'));
      t.equal(await mainHeading(anaPage), 'Ana López');
      const card = anaPage.getByRole('article', { name: 'Firulais' });
      await card.waitFor();
      const text = await card.innerText();
      t.match(text, /Dog · Xoloitzcuintle/);
      t.match(text, /\d+ years? \(born May 4, 2021\)/, 'the age and birth date, in words');
      t.match(text, 'Loves the park <script>alert(1)</script>', 'the bio is shown as text');
      const image = card.getByRole('img', { name: 'Photo of Firulais' });
      await image.scrollIntoViewIfNeeded();
      await anaPage.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await image.elementHandle());
      t.equal(await image.getAttribute('loading'), 'lazy', 'pet photos load lazily');
      t.match(await image.getAttribute('srcset'), /\.webp \d+w/, 'WebP widths for the browser to choose from');
      t.ok(await anaPage.getByRole('button', { name: 'Edit Firulais' }).isVisible(), 'the owner can edit their pet');
      await web.expectAccessible(t, anaPage, 'own profile');
      await web.screenshot(anaPage, 'social-profile-own-en');
    });

    await t.test('the owner edits a pet: a second photo and a new breed', async (t) => {
      await anaPage.getByRole('button', { name: 'Edit Firulais' }).click();
      const dialog = anaPage.getByRole('dialog', { name: 'Edit Firulais' });
      await dialog.waitFor();
      await dialog.getByLabel('Breed', { exact: true }).fill('Xolo');
      await dialog.getByLabel('Add a photo', { exact: true }).setInputFiles({ name: 'second.jpg', mimeType: 'image/jpeg', buffer: photo });
      await web.expectAccessible(t, anaPage, 'pet editor');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const card = anaPage.getByRole('article', { name: 'Firulais' });
      await card.getByText('Dog · Xolo', { exact: true }).waitFor();
      t.equal(await card.getByRole('img', { name: 'Photo 2 of Firulais' }).count(), 1, 'the new photo is on the card');
      const stored = (await k.app.inject({ url: '/api/social/users/ana' })).json();
      t.equal(stored.pets[0].photos.length, 2);
    });

    await t.test('friend requests: sent from a profile, accepted live on /friends', async (t) => {
      const listening = subscribed(anaPage, `user:${ana.user.id}`);
      await anaPage.goto(web.url('/friends'));
      t.equal(await mainHeading(anaPage), 'Friends');
      await listening;
      await anaPage.getByText('No friend requests right now.').waitFor();
      t.ok(await anaPage.getByRole('navigation').getByRole('link', { name: 'Friends' }).first().isVisible(), 'the navigation has the Friends entry');

      await betoPage.goto(web.url('/u/ana'));
      t.equal(await mainHeading(betoPage), 'Ana López');
      await betoPage.getByRole('article', { name: 'Firulais' }).waitFor();
      t.equal(await betoPage.getByRole('button', { name: 'Edit Firulais' }).count(), 0, 'nobody else edits her pets');
      await web.expectAccessible(t, betoPage, 'someone else\'s profile');
      await web.screenshot(betoPage, 'social-profile-other-en');
      await betoPage.getByRole('button', { name: 'Add friend' }).click();
      await betoPage.getByRole('button', { name: 'Cancel request' }).waitFor();

      // Ana's open /friends page hears about it over the realtime channel, with no reload.
      const request = anaPage.getByRole('list', { name: 'Friend requests' }).getByRole('listitem');
      await request.waitFor();
      t.match(await request.innerText(), 'Beto <b>Ruiz</b>', 'a display name with markup is shown as text');
      t.equal(await anaPage.locator('main b').count(), 0, 'no markup from a display name reaches the page');
      await web.expectAccessible(t, anaPage, 'friends page');
      await web.screenshot(anaPage, 'social-friends-request-en');
      await anaPage.getByRole('button', { name: 'Accept the friend request from Beto <b>Ruiz</b>' }).click();
      await anaPage.getByRole('list', { name: 'Your friends' }).getByRole('link', { name: 'Beto <b>Ruiz</b>' }).waitFor();
      await anaPage.getByText('No friend requests right now.').waitFor();

      await anaPage.goto(web.url('/u/beto'));
      await anaPage.getByRole('button', { name: 'Unfriend' }).waitFor();
      t.ok(await anaPage.getByRole('group', { name: 'Your connection with Beto <b>Ruiz</b>' }).getByText('Friends', { exact: true }).isVisible(), 'Ana sees Beto as a friend');
      await betoPage.reload();
      await betoPage.getByRole('button', { name: 'Unfriend' }).waitFor();
      t.ok(await betoPage.getByRole('button', { name: '1 friend' }).isVisible(), 'Beto sees Ana as a friend, and her count');
      await betoPage.getByRole('button', { name: '1 friend' }).click();
      await betoPage.getByRole('list', { name: 'Friends' }).getByRole('link', { name: 'Beto <b>Ruiz</b>' }).waitFor();
      await betoPage.goto(web.url('/friends'));
      await betoPage.getByRole('list', { name: 'Your friends' }).getByRole('link', { name: 'Ana López' }).waitFor();
      await web.screenshot(betoPage, 'social-friends-en');
    });

    await t.test('the pages in Spanish (Mexico) and Arabic, right to left', async (t) => {
      const headings: Record<string, [string, string, string]> = {
        'es-MX': ['Agrega a tu primera mascota', 'Ana López', 'Amigos'],
        ar: ['أضف حيوانك الأليف الأول', 'Ana López', 'الأصدقاء'],
      };
      for (const [locale, [onboarding, profile, friends]] of Object.entries(headings)) {
        const page = await signedIn(web, ana, locale);
        await page.goto(web.url('/onboarding'));
        t.equal(await mainHeading(page), onboarding, `${locale} onboarding`);
        t.equal(await page.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr');
        await web.expectAccessible(t, page, `onboarding ${locale}`);
        await web.screenshot(page, `social-onboarding-${locale}`);
        await page.goto(web.url('/u/ana'));
        t.equal(await mainHeading(page), profile);
        await page.getByRole('article', { name: 'Firulais' }).waitFor();
        t.match(await page.getByRole('article', { name: 'Firulais' }).innerText(), locale === 'ar' ? /كلب/ : /Perro · Xolo/, `${locale}: the species in the reader's language`);
        await web.expectAccessible(t, page, `profile ${locale}`);
        await web.screenshot(page, `social-profile-own-${locale}`);
        await page.goto(web.url('/friends'));
        t.equal(await mainHeading(page), friends, `${locale} friends`);
        await page.getByRole('link', { name: 'Beto <b>Ruiz</b>' }).first().waitFor();
        await web.expectAccessible(t, page, `friends ${locale}`);
        await web.screenshot(page, `social-friends-${locale}`);
        await page.context().close();
      }
    });

    await t.test('blocking hides the profile, both ways', async (t) => {
      await anaPage.goto(web.url('/u/beto'));
      await anaPage.getByRole('button', { name: 'Block' }).click();
      const dialog = anaPage.getByRole('dialog', { name: 'Block Beto <b>Ruiz</b>?' });
      await dialog.waitFor();
      await web.expectAccessible(t, anaPage, 'block confirmation');
      await dialog.getByRole('button', { name: 'Block' }).click();
      await anaPage.getByText('You blocked Beto <b>Ruiz</b>').waitFor();
      await anaPage.reload();
      await anaPage.getByText('This profile is not available').waitFor();
      t.equal(await anaPage.getByRole('button', { name: 'Add friend' }).count(), 0);
      await betoPage.goto(web.url('/u/ana'));
      await betoPage.getByText('This profile is not available').waitFor();
      t.equal(await betoPage.getByRole('article').count(), 0, 'none of her pets either');
      await web.expectAccessible(t, betoPage, 'unavailable profile');
      await betoPage.goto(web.url('/friends'));
      await betoPage.getByText('No friends yet. Find people you know and send them a request.').waitFor();
    });

    await t.test('with social disabled, /friends is the app\'s not-found page and the nav entry is gone', async (t) => {
      await k.kernel.plugins.disable('social');
      const page = await signedIn(web, ana);
      await page.goto(web.url('/no-such-page-at-all'));
      const notFound = await mainHeading(page);
      await page.goto(web.url('/friends'));
      t.equal(await mainHeading(page), notFound, '/friends answers like any unknown page');
      t.equal(await page.getByRole('link', { name: 'Friends' }).count(), 0, 'no Friends entry in the navigation');
      const bundle = await fetch(web.url('/web/plugins/social/friends-page.js'));
      // The kernel refuses a disabled plugin's files (today with 405, not the 404 its comment promises).
      t.notOk(bundle.ok, `its bundles are not served (${bundle.status})`);
      await page.context().close();
    });
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import t from 'tap';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { eachDatabase, type TestUser } from '@petamigos/core/testing';
import { browserAvailable, startWebTest, type WebTest } from '@petamigos/web/testing';
import social from '@petamigos/plugin-social';
import feed from '../src/index.js';
import { REACTIONS, VISIBILITIES } from '../src/index.js';
import { NO_FFMPEG, makeClips, waitForStatus } from './video-helpers.js';

type Tree = { [key: string]: string | Tree };
const english = JSON.parse(readFileSync(new URL('../locales/en.json', import.meta.url), 'utf8')) as Tree;
const has = (tree: Tree, key: string) => key.split('.').reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree) !== undefined;

// Chromium on both databases, a dozen screenshots: far beyond the suite's default two minutes.
t.setTimeout(900_000);

t.test('every string the pages ask for is in English', async (t) => {
  const dir = new URL('../web/', import.meta.url);
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
  const source = files.map((f) => readFileSync(new URL(f, dir), 'utf8')).join('\n');
  const keys = new Set([...source.matchAll(/t\('((?:web|home|video|wellbeing)\.[A-Za-z.]+)'/g)].map((m) => m[1]!));
  t.ok(keys.size > 100, `the pages use ${keys.size} keys`);
  // Keys put together from a kind: every kind must have its words.
  for (const kind of REACTIONS) keys.add(`web.reactions.${kind}`);
  for (const visibility of VISIBILITIES) keys.add(`web.visibility.${visibility}`);
  t.same([...keys].filter((key) => !has(english, key)), [], 'every key has English words');
  for (const nav of feed.web?.nav ?? []) t.ok(has(english, nav.label), `nav label ${nav.label}`);
});

/** A browser page signed in as `user` (the app keeps its tokens in localStorage). */
function signedIn(web: WebTest, user: TestUser, options: { locale?: string; theme?: string } = {}): Promise<Page> {
  return web.newPage({ ...options, user });
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

const articles = (page: Page) => page.locator('main article.feed-post');

t.test('feed pages in the browser', { skip: !browserAvailable() && 'Chromium is not installed (.ci/run installs it)' }, async (t) => {
  const clips = await makeClips();
  t.teardown(() => clips?.cleanup());
  const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 64, g: 140, b: 196 } } }).jpeg({ quality: 80 }).toBuffer();

  await eachDatabase(t, 'home, post view, hashtags, wellbeing', async (t, database) => {
    const web = await startWebTest(t, {
      plugins: [social, feed],
      database,
      // Several pages from one address; the rate limit is not what this test is about.
      config: { security: { rateLimit: { max: 100_000, timeWindow: 60_000 } } },
    });
    const k = web.kernel;
    const call = async (method: 'GET' | 'POST' | 'PUT', url: string, as: TestUser | null, payload?: object) => {
      const res = await k.app.inject({ method, url, headers: as ? as.headers : {}, ...(payload ? { payload } : {}) });
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };
    const ana = await k.createUser({ username: 'ana', displayName: 'Ana López' });
    const beto = await k.createUser({ username: 'beto', displayName: 'Beto Ruiz' });
    await call('POST', '/api/social/friend-requests/beto', ana);
    await call('POST', '/api/social/friend-requests/ana/accept', beto);
    await k.settle();

    const anaPage = await signedIn(web, ana);
    const betoPage = await signedIn(web, beto);
    let postId = '';

    await t.test('a post with a hashtag and a photo lands at the top of home; a friend sees "1 new post" live', async (t) => {
      // Beto has home open before Ana posts: the pill must come over the realtime channel.
      const betoListening = subscribed(betoPage, `feed.home:${beto.user.id}`);
      await betoPage.goto(web.url('/'));
      await betoPage.getByText('Your feed is quiet for now').waitFor();
      await betoListening;

      await anaPage.goto(web.url('/'));
      await anaPage.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
      const words = 'A walk in the park with Luna #Perros @beto';
      await anaPage.getByLabel('Post text').fill(words);
      t.equal(await anaPage.locator('.feed-counter').innerText(), `${words.length} / 5,000`, 'a character count');
      await anaPage.getByLabel('Photos').setInputFiles({ name: 'luna.jpg', mimeType: 'image/jpeg', buffer: photo });
      const preview = anaPage.getByRole('img', { name: 'Photo 1' });
      await preview.waitFor();
      t.ok(await preview.evaluate((img: HTMLImageElement) => img.src.startsWith('blob:')), 'a preview of the chosen photo');
      await anaPage.getByText('Uploading…').waitFor({ state: 'detached' });
      t.ok(await anaPage.getByRole('button', { name: 'Remove photo 1' }).isVisible(), 'the photo can be removed before posting');
      await anaPage.getByLabel('Who can see it').selectOption('friends');
      await anaPage.getByRole('button', { name: 'Post', exact: true }).click();

      const first = articles(anaPage).first();
      await first.getByText('A walk in the park with Luna').waitFor();
      t.equal(await anaPage.getByLabel('Post text').inputValue(), '', 'the composer is empty again');
      t.equal(await first.getByRole('link', { name: '#Perros' }).getAttribute('href'), '/tags/perros', 'the hashtag links to its page');
      t.equal(await first.getByRole('link', { name: '@beto' }).getAttribute('href'), '/u/beto', 'the mention links to the profile');
      t.ok(await first.getByRole('img', { name: 'Friends' }).isVisible(), 'the visibility icon says who can see it');
      const picture = first.locator('.feed-media img');
      t.equal(await picture.getAttribute('loading'), 'lazy');
      await picture.scrollIntoViewIfNeeded();
      await anaPage.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await picture.elementHandle());
      t.match(await first.locator('.feed-media source').getAttribute('srcset'), /\.webp \d+w/, 'WebP sizes to choose from');
      postId = (await first.getByRole('link', { name: /^Open post/ }).getAttribute('href'))!.replace('/p/', '');
      t.match(postId, /^[0-9a-f-]{36}$/);

      const pill = betoPage.getByRole('button', { name: '1 new post' });
      await pill.waitFor();
      t.equal(await articles(betoPage).count(), 0, 'the new post waits behind the pill');
      await pill.click();
      await articles(betoPage).first().getByText('A walk in the park with Luna').waitFor();
      t.equal(await pill.count(), 0, 'the pill is gone once the posts are shown');
    });

    await t.test('the friend reacts and comments; the author sees the reaction live and replies', async (t) => {
      const anaListening = subscribed(anaPage, `feed.post:${postId}`);
      await anaPage.goto(web.url(`/p/${postId}`));
      await anaPage.getByText('No comments yet. Be the first!').waitFor();
      await anaListening;

      await articles(betoPage).first().getByRole('link', { name: /0 comments/ }).click();
      await betoPage.waitForURL(web.url(`/p/${postId}`));
      const post = articles(betoPage).first();
      await post.getByText('A walk in the park with Luna').waitFor();
      // The picker works from the keyboard: open it, move to "Love", choose it.
      await post.getByRole('button', { name: 'Choose a reaction' }).focus();
      await betoPage.keyboard.press('Enter');
      const picker = post.getByRole('toolbar', { name: 'Choose a reaction' });
      await picker.waitFor();
      t.equal(await betoPage.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Like', 'focus moves into the picker');
      await betoPage.keyboard.press('ArrowRight');
      t.equal(await betoPage.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Love');
      await betoPage.keyboard.press('Enter');
      await post.getByRole('button', { name: /Love/, pressed: true }).first().waitFor();
      t.equal(await picker.isVisible(), false, 'the picker closes after choosing');
      t.match(await post.locator('.feed-reactions__counts li.is-mine').innerText(), /Love\s*1/, 'his own reaction is highlighted with its count');

      await articles(anaPage).first().locator('.feed-reactions__counts').getByText(/Love\s*1/).waitFor();
      t.pass('the author\'s open post page counted the reaction live');

      await betoPage.getByLabel('Write a comment').fill('¡Qué bonita! #perros');
      await betoPage.getByRole('button', { name: 'Comment', exact: true }).click();
      const comment = betoPage.locator('.feed-comment').filter({ hasText: '¡Qué bonita!' });
      await comment.waitFor();
      t.equal(await comment.getByRole('link', { name: '#perros' }).getAttribute('href'), '/tags/perros', 'hashtags in comments are links too');
      await betoPage.getByRole('heading', { name: '1 comment', level: 2 }).waitFor();

      await anaPage.reload();
      const betoComment = anaPage.locator('li.feed-comment').filter({ hasText: '¡Qué bonita!' });
      await betoComment.getByRole('button', { name: 'Reply' }).click();
      await anaPage.getByLabel('Reply to Beto Ruiz').fill('Thank you, @beto!');
      await anaPage.getByRole('button', { name: 'Reply' }).last().click();
      const reply = betoComment.locator('ul li.feed-comment').filter({ hasText: 'Thank you' });
      await reply.waitFor();
      t.ok(await reply.evaluate((el) => el.classList.contains('feed-comment--d2')), 'the reply nests under the comment, one level down');
      await reply.getByRole('button', { name: 'Reply' }).click();
      await anaPage.getByLabel('Reply to Ana López').fill('Third level');
      await anaPage.getByRole('button', { name: 'Reply' }).last().click();
      const third = reply.locator('ul li.feed-comment').filter({ hasText: 'Third level' });
      await third.waitFor();
      t.equal(await third.getByRole('button', { name: 'Reply' }).count(), 0, 'no reply button below the third level');
      t.ok(await betoComment.getByRole('button', { name: 'Hide' }).isVisible(), 'the post\'s author may hide comments');

      const stored = await call('GET', `/api/feed/posts/${postId}/comments`, beto);
      t.same(stored.items.map((c: { depth: number }) => c.depth), [1, 2, 3]);
      await web.expectAccessible(t, anaPage, 'post view');
    });

    await t.test('the ranked switch explains why a post is shown, and is remembered', async (t) => {
      await betoPage.goto(web.url('/'));
      await articles(betoPage).first().waitFor();
      await betoPage.getByRole('button', { name: 'For you' }).click();
      const why = betoPage.getByText('Why am I seeing this?').first();
      await why.waitFor();
      await why.click();
      await betoPage.getByText('You often interact with Ana López.').waitFor();
      t.pass('the API\'s reason, in the reader\'s words');
      await betoPage.reload();
      await betoPage.getByRole('button', { name: 'For you', pressed: true }).waitFor();
      await betoPage.getByText('Why am I seeing this?').first().waitFor();
      await betoPage.getByRole('button', { name: 'Latest' }).click();
      await betoPage.getByRole('button', { name: 'Latest', pressed: true }).waitFor();
      t.equal(await betoPage.getByText('Why am I seeing this?').count(), 0, 'no reasons in chronological order');
    });

    await t.test('a hashtag opens its page', async (t) => {
      await betoPage.goto(web.url('/'));
      const post = articles(betoPage).filter({ hasText: 'A walk in the park with Luna' });
      await post.waitFor();
      await post.getByRole('link', { name: '#Perros' }).click();
      await betoPage.waitForURL(web.url('/tags/perros'));
      await betoPage.getByRole('heading', { name: '#perros', level: 1 }).waitFor();
      await articles(betoPage).first().getByText('A walk in the park with Luna').waitFor();
      await web.expectAccessible(t, betoPage, 'tag page');
      await web.screenshot(betoPage, 'feed-tag-en-default');
    });

    await t.test('markup in posts and comments is shown as text and never runs', async (t) => {
      const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> #safe';
      const evil = await call('POST', '/api/feed/posts', beto, { text: payload, visibility: 'public' });
      await call('POST', `/api/feed/posts/${evil.id}/comments`, beto, { text: `comment ${payload}` });
      await k.settle();

      await anaPage.goto(web.url('/'));
      await articles(anaPage).first().waitFor();
      await anaPage.getByText('<img src=x onerror="window.__xss=1">', { exact: false }).first().waitFor();
      await anaPage.goto(web.url(`/p/${evil.id}`));
      await anaPage.locator('.feed-comment').filter({ hasText: 'comment <img' }).waitFor();
      const text = await anaPage.locator('main').innerText();
      t.match(text, '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>', 'the post text is shown literally');
      t.match(text, 'comment <img src=x', 'the comment text is shown literally');
      t.equal(await anaPage.locator('main img[src="x"], main script').count(), 0, 'no element was made from the text');
      t.equal(await anaPage.evaluate(() => (window as { __xss?: unknown }).__xss), undefined, 'nothing ran');
    });

    await t.test('infinite scroll loads the second page', async (t) => {
      const carla = await k.createUser({ username: 'carla', displayName: 'Carla' });
      for (let i = 1; i <= 25; i++) await call('POST', '/api/feed/posts', carla, { text: `Post number ${i}` });
      await k.settle();
      const page = await signedIn(web, carla);
      await page.goto(web.url('/'));
      await articles(page).first().getByText('Post number 25').waitFor();
      t.equal(await articles(page).count(), 20, 'twenty posts a page');
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.getByText('Post number 1', { exact: true }).waitFor();
      t.equal(await articles(page).count(), 25, 'the rest arrived on scrolling');
      await page.getByText('You are all caught up.').waitFor();

      // Pull to refresh: a touch that starts at the top of the page and drags down reloads the first page.
      await page.evaluate(() => window.scrollTo(0, 0));
      const reloaded = page.waitForRequest((request) => /\/api\/feed\/home(\?|$)/.test(request.url()) && !request.url().includes('cursor='));
      reloaded.catch(() => undefined); // awaited below; never an unhandled rejection if the drag throws first
      // (No helper functions inside: the test's compiler would wrap them in a name helper the page lacks.)
      await page.locator('.feed-pull').evaluate((area) => {
        area.dispatchEvent(new TouchEvent('touchstart', { touches: [new Touch({ identifier: 1, target: area, clientX: 100, clientY: 100 })], bubbles: true }));
        area.dispatchEvent(new TouchEvent('touchmove', { touches: [new Touch({ identifier: 1, target: area, clientX: 100, clientY: 260 })], bubbles: true }));
        area.dispatchEvent(new TouchEvent('touchend', { touches: [], bubbles: true }));
      });
      await reloaded;
      t.pass('pulling down from the top refreshes the feed');
      await page.context().close();
    });

    await t.test('the profile tab lists the person\'s posts', async (t) => {
      await betoPage.goto(web.url('/u/ana'));
      const section = betoPage.getByRole('region', { name: 'Posts' });
      await section.getByText('A walk in the park with Luna').waitFor();
      t.pass('Ana\'s friends-only post is on her profile for her friend');
    });

    await t.test('the author edits (with history) and deletes a post; a friend shares and reports one', async (t) => {
      const draft = await call('POST', '/api/feed/posts', ana, { text: 'First words', visibility: 'public' });
      await anaPage.goto(web.url(`/p/${draft.id}`));
      const card = articles(anaPage).first();
      await card.getByText('First words').waitFor();
      await card.getByRole('button', { name: 'More actions' }).click();
      await card.getByRole('button', { name: 'Edit post' }).click();
      await card.getByLabel('Post text').fill('Better words');
      await card.getByRole('button', { name: 'Save' }).click();
      await card.getByText('Better words').waitFor();
      await card.getByRole('button', { name: 'edited' }).click();
      const history = anaPage.getByRole('dialog', { name: 'Edit history' });
      await history.getByText('First words').waitFor();
      t.ok(await history.getByText('Better words').isVisible(), 'the history shows the earlier and the current text');
      await anaPage.keyboard.press('Escape');
      await history.waitFor({ state: 'hidden' });

      await card.getByRole('button', { name: 'More actions' }).click();
      await card.getByRole('button', { name: 'Delete' }).click();
      const confirm = anaPage.getByRole('dialog', { name: 'Delete this post?' });
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await anaPage.waitForURL(web.url('/'));
      t.equal((await k.app.inject({ url: `/api/feed/posts/${draft.id}` })).statusCode, 404, 'the post is gone');

      await betoPage.goto(web.url(`/p/${postId}`));
      const post = articles(betoPage).first();
      await post.getByText('A walk in the park with Luna').waitFor();
      t.equal(await post.getByRole('button', { name: 'Edit post' }).count(), 0, 'nobody edits someone else\'s post');
      await post.getByRole('button', { name: 'Share' }).click();
      const share = betoPage.getByRole('dialog', { name: 'Share post' });
      await share.getByLabel('Add a comment (optional)').fill('Look at Luna!');
      await share.getByRole('button', { name: 'Share' }).click();
      await betoPage.getByText('Shared.').waitFor();
      const shared = (await call('GET', '/api/feed/users/beto/posts', beto)).items[0];
      t.match(shared, { text: 'Look at Luna!', sharedPost: { id: postId } }, 'the share carries the post');

      await post.getByRole('button', { name: 'More actions' }).click();
      await post.getByRole('button', { name: 'Report' }).click();
      const report = betoPage.getByRole('dialog', { name: 'Report post' });
      await report.getByRole('button', { name: 'Send report' }).click();
      await report.getByText('Tell the moderators what is wrong.').waitFor();
      t.pass('a report needs a reason');
      await report.getByLabel('What is wrong with this post?').fill('Testing the report form');
      await report.getByRole('button', { name: 'Send report' }).click();
      await betoPage.getByText('Thank you. The moderators will take a look.').waitFor();
      await report.waitFor({ state: 'hidden' });
    });

    await t.test('wellbeing: the reminder setting, the week\'s figure, and a gentle reminder', async (t) => {
      await anaPage.goto(web.url('/settings/more'));
      const section = anaPage.getByRole('region', { name: 'Wellbeing' });
      await section.getByText('Minutes per day, last 7 days').waitFor();
      t.equal(await section.locator('.feed-usage__bars li').count(), 7, 'seven days of use');
      await section.getByLabel('Remind me to take a break').selectOption('custom');
      await section.getByLabel('Minutes of continuous use').fill('45');
      await section.getByRole('button', { name: 'Save' }).click();
      await anaPage.getByText('Wellbeing settings saved.').waitFor();
      t.equal((await call('GET', '/api/feed/wellbeing', ana)).reminderMinutes, 45, 'saved through the API');
      await anaPage.reload();
      t.equal(await anaPage.getByRole('region', { name: 'Wellbeing' }).getByLabel('Minutes of continuous use').inputValue(), '45', 'a custom value comes back as custom');
      await web.expectAccessible(t, anaPage, 'wellbeing settings');
      await web.screenshot(anaPage, 'feed-wellbeing-en-default');

      // The server decides when to remind (its own tests cover that); here the page must say it when told.
      const page = await signedIn(web, ana);
      await page.route('**/api/feed/wellbeing/heartbeat', (route) => route.fulfill({ json: { minutesToday: 61, continuousMinutes: 60, remind: true } }));
      const beat = page.waitForRequest('**/api/feed/wellbeing/heartbeat');
      await page.goto(web.url('/'));
      t.match((await beat).postDataJSON(), { timeZone: String }, 'the heartbeat carries the browser\'s time zone');
      await page.getByText('You have been here for 60 minutes. Time for a break, maybe a walk with your pet?').waitFor();
      t.pass('the reminder shows as a toast');
      await page.context().close();
    });

    await t.test('a video post: processing while composing, then it plays from its HLS playlist', { skip: !clips && NO_FFMPEG }, async (t) => {
      await anaPage.goto(web.url('/'));
      await anaPage.getByLabel('Video').setInputFiles({ name: 'luna.mp4', mimeType: 'video/mp4', buffer: clips!.short });
      await anaPage.getByText('Processing video…').waitFor();
      t.equal(await anaPage.getByLabel('Photos').isDisabled(), true, 'a post carries a video or photos, not both');
      await anaPage.getByLabel('Post text').fill('Luna on video');
      await anaPage.getByRole('button', { name: 'Post', exact: true }).click();
      const card = articles(anaPage).first();
      await card.getByText('Luna on video').waitFor();
      const posted = (await call('GET', '/api/feed/users/ana/posts', ana)).items[0];
      t.equal(posted.media[0].kind, 'video');
      if (posted.media[0].status === 'processing') t.ok(await card.getByText('Your video is being prepared.', { exact: false }).isVisible(), 'the card says the video is on its way');
      await waitForStatus(k, ana, posted.media[0].id, 'ready');

      await anaPage.goto(web.url(`/p/${posted.id}`));
      const video = articles(anaPage).first().locator('video');
      await video.waitFor();
      t.match(await video.getAttribute('src'), /\.m3u8$/, 'the HLS playlist, played by the browser itself');
      t.ok(await video.getAttribute('poster'), 'with its poster');
      await video.evaluate((v: HTMLVideoElement) => { v.muted = true; void v.play(); });
      await anaPage.waitForFunction((v) => (v as HTMLVideoElement).currentTime > 0, await video.elementHandle(), { timeout: 30_000 });
      t.pass('the video plays');
    });

    await t.test('accessible and readable in English, Spanish (Mexico) and Arabic, in both themes', async (t) => {
      for (const theme of ['default', 'contrast']) {
        for (const locale of ['en', 'es-MX', 'ar']) {
          const page = await signedIn(web, ana, { locale, theme });
          await page.goto(web.url('/'));
          await articles(page).first().waitFor();
          if (locale === 'ar') t.equal(await page.getAttribute('html', 'dir'), 'rtl');
          if (theme === 'default') await web.expectAccessible(t, page, `home ${locale}`);
          await web.screenshot(page, `feed-home-${locale}-${theme}`);
          await page.goto(web.url(`/p/${postId}`));
          await page.locator('.feed-comment').first().waitFor();
          const picture = page.locator('.feed-media img').first();
          await page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await picture.elementHandle());
          if (theme === 'default' && locale !== 'en') await web.expectAccessible(t, page, `post view ${locale}`);
          await web.screenshot(page, `feed-post-${locale}-${theme}`);
          await page.context().close();
        }
      }
    });
  });
});

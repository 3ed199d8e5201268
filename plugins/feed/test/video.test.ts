import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import t, { type Test } from 'tap';
import { findFfmpeg, type PetAmigosConfig } from '@petamigos/core';
import { createTestDatabase, eachDatabase, eachDriver, startTestKernel, uniqueRedisPrefix, dropRedisPrefix, type TestKernel, type TestUser, type TestDatabaseKind, type TestServiceDriver } from '@petamigos/core/testing';
import social from '@petamigos/plugin-social';
import feed from '../src/index.js';
import { api, boot } from './helpers.js';

const run = promisify(execFile);

const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const upload = (k: TestKernel, as: TestUser, body: Buffer, type = 'video/mp4') =>
  k.app.inject({ method: 'POST', url: '/api/feed/media', headers: { ...as.headers, 'content-type': type }, payload: body });

const mediaOf = async (k: TestKernel, as: TestUser | null, id: string) => (await k.app.inject({ url: `/api/feed/media/${id}`, headers: as ? as.headers : {} })).json();

const waitForStatus = async (k: TestKernel, as: TestUser, id: string, status: string) => {
  let last: { status?: string } = {};
  await until(`video ${id} ${status}`, async () => (last = await mediaOf(k, as, id)).status === status);
  return last as Record<string, any>;
};

/** A stored object, through the kernel's `/files` route, as a browser or an HLS player fetches it. */
const fetchUrl = (k: TestKernel, url: string) => k.app.inject({ url: new URL(url).pathname + new URL(url).search });

// Not skipped without ffmpeg: a machine that cannot test video should say so (CI installs it).
const tools = await findFfmpeg();
if (!tools || tools.missingEncoders.length > 0) {
  t.fail('ffmpeg with libx264 and aac is required for the video tests (Debian: apt-get install ffmpeg)');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'feed-video-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  /** A short clip from ffmpeg's own generators, as core's video tests make them. */
  const clip = async (name: string, seconds: number, size = '320x240') => {
    const file = join(dir, name);
    await run(tools.ffmpeg, [
      '-v', 'error', '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30`,
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file,
    ]);
    return readFileSync(file);
  };
  const short = await clip('short.mp4', 2);
  const tall = await clip('tall.mp4', 1, '240x320');

  t.test('video posts: upload, HLS in a job, poster, one video per post, limits', async (t) => {
    await eachDatabase(t, 'video', async (t, database) => {
      const k = await boot(t, database);
      const call = api(k);
      const [ana, beto] = await Promise.all(['ana', 'beto'].map((username) => k.createUser({ username })));

      const uploaded = await upload(k, ana!, short);
      t.equal(uploaded.statusCode, 201, uploaded.body);
      const item = uploaded.json();
      t.match(item, { kind: 'video', status: 'processing', width: 320, height: 240, variants: [], posterUrl: null, playlistUrl: null, error: null });
      t.ok(Math.abs(item.durationSeconds - 2) < 0.2, `duration ${item.durationSeconds}`);
      t.equal((await k.app.inject({ url: `/api/feed/media/${item.id}`, headers: beto!.headers })).statusCode, 404, 'an unattached upload is its owner\'s alone');

      const ready = await waitForStatus(k, ana!, item.id, 'ready');
      t.match(ready, { kind: 'video', status: 'ready', width: 320, height: 240 });
      const master = await fetchUrl(k, ready.playlistUrl);
      t.equal(master.statusCode, 200, 'the master playlist is served');
      t.match(master.body, /^#EXTM3U/);
      t.match(master.body, /#EXT-X-STREAM-INF:.*RESOLUTION=320x240/, 'one rendition at the source size (smaller than the lowest rung)');
      const variantUri = master.body.split('\n').find((l) => l.trim() && !l.startsWith('#'))!.trim();
      const variant = await fetchUrl(k, new URL(variantUri, ready.playlistUrl).href);
      t.equal(variant.statusCode, 200, 'the rendition playlist resolves relative to the master');
      t.match(variant.body, /#EXT-X-ENDLIST/);
      const segmentUri = variant.body.split('\n').find((l) => l.trim() && !l.startsWith('#'))!.trim();
      const segment = await fetchUrl(k, new URL(segmentUri, ready.playlistUrl).href);
      t.equal(segment.statusCode, 200, 'and so do its segments');
      t.equal(segment.rawPayload[0], 0x47, 'an MPEG-TS segment (sync byte)');
      const poster = await fetchUrl(k, ready.posterUrl);
      t.equal(poster.statusCode, 200);
      t.same([...poster.rawPayload.subarray(0, 3)], [0xff, 0xd8, 0xff], 'the poster is a JPEG');
      t.match(await sharp(poster.rawPayload).metadata(), { width: 320, height: 240 });
      const original = await k.kernel.storage.stat(`feed/media/${item.id}/original`);
      t.equal(original?.private, true, 'the original is kept, private');

      // A post carries the video, with everything a player needs.
      const posted = await call('POST', '/api/feed/posts', ana, { text: 'mira #video', mediaIds: [item.id] });
      t.equal(posted.statusCode, 201);
      t.match(posted.json().media, [{ id: item.id, kind: 'video', status: 'ready', playlistUrl: ready.playlistUrl, posterUrl: ready.posterUrl, width: 320, height: 240 }]);
      t.equal((await mediaOf(k, beto!, item.id)).id, item.id, 'once in a public post, anyone who sees the post sees the item');

      // One video, or pictures: never both, never two videos.
      const portrait = (await upload(k, ana!, tall)).json();
      t.match(portrait, { kind: 'video', width: 240, height: 320 }, 'portrait stays portrait');
      const second = (await upload(k, ana!, short)).json();
      const picture = (await k.app.inject({ method: 'POST', url: '/api/feed/media', headers: { ...ana!.headers, 'content-type': 'image/png' }, payload: await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } }).png().toBuffer() })).json();
      t.match(picture, { kind: 'image', status: 'ready', posterUrl: null, playlistUrl: null, durationSeconds: null });
      t.equal((await call('POST', '/api/feed/posts', ana, { text: 'mezcla', mediaIds: [portrait.id, picture.id] })).json().error.code, 'VIDEO_WITH_OTHER_MEDIA');
      t.equal((await call('POST', '/api/feed/posts', ana, { text: 'dos', mediaIds: [portrait.id, second.id] })).json().error.code, 'VIDEO_WITH_OTHER_MEDIA');
      // A video still processing can be posted; the post shows it processing until the job is done.
      const early = (await call('POST', '/api/feed/posts', ana, { text: 'ya', mediaIds: [portrait.id] })).json();
      t.equal(early.media[0].id, portrait.id);
      await waitForStatus(k, ana!, portrait.id, 'ready');
      await waitForStatus(k, ana!, second.id, 'ready');
      t.match((await call('GET', `/api/feed/posts/${early.id}`, beto)).json().media, [{ kind: 'video', status: 'ready' }]);

      // What is not a video, with a video content type.
      const notVideo = await upload(k, ana!, Buffer.from('just some text pretending to be a film'.repeat(20)));
      t.equal(notVideo.statusCode, 415);
      t.equal(notVideo.json().error.code, 'NOT_A_VIDEO');
      t.equal((await upload(k, ana!, Buffer.alloc(0))).statusCode, 400, 'an empty body');
      t.equal((await k.app.inject({ method: 'POST', url: '/api/feed/media', headers: { 'content-type': 'video/mp4' }, payload: short })).statusCode, 401);

      // Export, then deletion takes the files with the rows.
      const exported = (await call('GET', '/api/users/me/export', ana)).json().plugins.feed;
      t.ok(exported.media.some((m: { id: string; kind: string }) => m.id === item.id && m.kind === 'video'));
      t.equal((await call('DELETE', '/api/users/me', ana, { password: ana!.password })).statusCode, 204);
      const left: string[] = [];
      for await (const object of k.kernel.storage.list('feed/media/')) left.push(object.key);
      t.same(left, [], 'no video files are left behind');
    });
  });

  t.test('video limits: maxVideoSeconds and maxVideoBytes', async (t) => {
    await eachDatabase(t, 'limits', async (t, database) => {
      const k = await boot(t, database, { settings: { maxVideoSeconds: 1, maxVideoBytes: short.length + 1000 } });
      const ana = await k.createUser({ username: 'ana' });
      const long = await upload(k, ana, short);
      t.equal(long.statusCode, 422);
      t.match(long.json().error, { code: 'VIDEO_TOO_LONG', details: { max: 1 } });
      const big = await upload(k, ana, Buffer.concat([short, Buffer.alloc(2000)]));
      t.equal(big.statusCode, 413);
      t.equal(big.json().error.code, 'VIDEO_TOO_LARGE');
      t.equal((await upload(k, ana, tall)).statusCode, 201, 'a one-second clip fits');
      t.same(await k.sql(`select count(*)::int as n from feed_media`), [{ n: 1 }], 'nothing is kept of refused uploads');
    });
  });

  t.test('without ffmpeg, videos are refused with 503 and everything else works', async (t) => {
    await eachDatabase(t, 'no ffmpeg', async (t, database) => {
      const config: PetAmigosConfig = { media: { ffmpegPath: join(dir, 'no-such-ffmpeg') }, security: { rateLimit: { max: 100_000, timeWindow: 60_000 } } };
      const k = await startTestKernel({ plugins: [social, feed], database, config });
      t.teardown(() => k.close());
      const ana = await k.createUser({ username: 'ana' });
      const refused = await upload(k, ana, short);
      t.equal(refused.statusCode, 503);
      t.equal(refused.json().error.code, 'VIDEO_UNAVAILABLE');
      t.same(await k.sql('select count(*)::int as n from feed_media'), [{ n: 0 }]);
      const picture = await k.app.inject({ method: 'POST', url: '/api/feed/media', headers: { ...ana.headers, 'content-type': 'image/png' }, payload: await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } }).png().toBuffer() });
      t.equal(picture.statusCode, 201, 'pictures still upload');
      t.equal((await api(k)('POST', '/api/feed/posts', ana, { text: 'hola', mediaIds: [picture.json().id] })).statusCode, 201, 'and posts still post');
    });
  });

  t.test('a video left processing by a restart is finished by the next start; a broken original fails', async (t) => {
    await eachDriver(t, 'recovery', async (t, services) => {
      await eachDatabase(t, 'recovery', async (t, database) => {
        await recovery(t, database, services);
      });
    });
  });

  async function recovery(t: Test, database: TestDatabaseKind, services: TestServiceDriver): Promise<void> {
    const db = await createTestDatabase(database);
    t.teardown(() => db.drop());
    const redisPrefix = uniqueRedisPrefix();
    if (services === 'redis') t.teardown(() => dropRedisPrefix(redisPrefix));
    const storageDir = mkdtempSync(join(dir, 'storage-'));
    const config: PetAmigosConfig = { storage: { local: { dir: storageDir } } };
    // A web-only process enqueues but runs no jobs: what a crash before the job ran leaves behind.
    const web = await startTestKernel({ plugins: [social, feed], database: db, services, redisPrefix, config, role: 'web' });
    const ana = await web.createUser({ username: 'ana' });
    const good = (await upload(web, ana, short)).json();
    const broken = (await upload(web, ana, tall)).json();
    t.equal(good.status, 'processing');
    await web.kernel.storage.put(`feed/media/${broken.id}/original`, Buffer.from('no longer a video at all '.repeat(10)), { private: true });
    await web.close();

    const worker = await startTestKernel({ plugins: [social, feed], database: db, services, redisPrefix, config });
    t.teardown(() => worker.close());
    const { tokens } = await worker.kernel.accounts.login({ login: 'ana', password: ana.password }, { ip: '127.0.0.1', device: 'test' });
    const again: TestUser = { ...ana, tokens, headers: { authorization: `Bearer ${tokens.accessToken}` } };
    t.match(await waitForStatus(worker, again, good.id, 'ready'), { playlistUrl: /master\.m3u8$/ }, 'the next start transcoded it');
    t.match(await waitForStatus(worker, again, broken.id, 'failed'), { error: 'NOT_A_VIDEO', playlistUrl: null }, 'an unusable original fails at once, with the reason');
  }
}

import sharp from 'sharp';
import t from 'tap';
import { eachDatabase } from '@petamigos/core/testing';
import { api, boot } from './helpers.js';
import { NO_FFMPEG, fetchUrl, makeClips, mediaOf, upload, waitForStatus } from './video-helpers.js';

// Not skipped without ffmpeg: a machine that cannot test video should say so (CI installs it).
const clips = await makeClips();
if (!clips) {
  t.fail(NO_FFMPEG);
} else {
  t.teardown(() => clips.cleanup());
  const { short, tall } = clips;

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
}

import { join } from 'node:path';
import sharp from 'sharp';
import t from 'tap';
import type { PetAmigosConfig } from '@petamigos/core';
import { eachDatabase, startTestKernel } from '@petamigos/core/testing';
import social from '@petamigos/plugin-social';
import feed from '../src/index.js';
import { api, boot } from './helpers.js';
import { NO_FFMPEG, makeClips, upload } from './video-helpers.js';

const clips = await makeClips();
if (!clips) {
  t.fail(NO_FFMPEG);
} else {
  t.teardown(() => clips.cleanup());
  const { dir, short, tall } = clips;

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
}

import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { PetAmigosConfig } from '@petamigos/core';
import { createTestDatabase, eachDatabase, eachDriver, startTestKernel, uniqueRedisPrefix, dropRedisPrefix, type TestUser, type TestDatabaseKind, type TestServiceDriver } from '@petamigos/core/testing';
import social from '@petamigos/plugin-social';
import feed from '../src/index.js';
import { NO_FFMPEG, makeClips, upload, waitForStatus } from './video-helpers.js';

const clips = await makeClips();
if (!clips) {
  t.fail(NO_FFMPEG);
} else {
  t.teardown(() => clips.cleanup());
  const { dir, short, tall } = clips;

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
    const lost = (await upload(web, ana, tall)).json();
    t.equal(good.status, 'processing');
    await web.kernel.storage.put(`feed/media/${broken.id}/original`, Buffer.from('no longer a video at all '.repeat(10)), { private: true });
    await web.kernel.storage.delete(`feed/media/${lost.id}/original`);
    await web.close();

    const worker = await startTestKernel({ plugins: [social, feed], database: db, services, redisPrefix, config });
    t.teardown(() => worker.close());
    const { tokens } = await worker.kernel.accounts.login({ login: 'ana', password: ana.password }, { ip: '127.0.0.1', device: 'test' });
    const again: TestUser = { ...ana, tokens, headers: { authorization: `Bearer ${tokens.accessToken}` } };
    t.match(await waitForStatus(worker, again, good.id, 'ready'), { playlistUrl: /master\.m3u8$/ }, 'the next start transcoded it');
    t.match(await waitForStatus(worker, again, broken.id, 'failed'), { error: 'NOT_A_VIDEO', playlistUrl: null }, 'an unusable original fails at once, with the reason');
    t.match(await waitForStatus(worker, again, lost.id, 'failed'), { error: 'ORIGINAL_MISSING' }, 'so does one that is gone');
  }
}

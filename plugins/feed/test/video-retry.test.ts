import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { findFfmpeg } from '@petamigos/core';
import { eachDatabase, eachDriver, startTestKernel } from '@petamigos/core/testing';
import social from '@petamigos/plugin-social';
import feed from '../src/index.js';
import { NO_FFMPEG, makeClips, until, upload, waitForStatus } from './video-helpers.js';

const clips = await makeClips();
const tools = await findFfmpeg();
if (!clips || !tools) {
  t.fail(NO_FFMPEG);
} else {
  t.teardown(() => clips.cleanup());
  const { dir, short, tall } = clips;
  // The real ffmpeg behind a wrapper that fails HLS runs, as a worker crash or a full disk would:
  // the 1 s clip (its poster is taken at 0.1 s) always, the 2 s clip (poster at 0.2 s) once, while
  // a marker file exists. Told apart by the command, both run at once and share the backoff waits.
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const once = join(dir, 'fail-once');
  writeFileSync(join(bin, 'ffmpeg'), `#!/bin/sh
case " $* " in
  *trim=start=0.1*" hls "*) echo "simulated failure" >&2; exit 1;;
  *trim=start=0.2*" hls "*) if [ -f '${once}' ]; then rm -f '${once}'; echo "simulated crash" >&2; exit 1; fi;;
esac
exec '${tools.ffmpeg}' "$@"
`);
  chmodSync(join(bin, 'ffmpeg'), 0o755);
  symlinkSync(tools.ffprobe, join(bin, 'ffprobe'));

  t.test('a failed transcode is retried; after the last attempt the video is marked failed', async (t) => {
    await eachDriver(t, 'retries', async (t, services) => {
      await eachDatabase(t, 'retries', async (t, database) => {
        const k = await startTestKernel({ plugins: [social, feed], database, services, config: { media: { ffmpegPath: bin } } });
        t.teardown(() => k.close());
        const ana = await k.createUser({ username: 'ana' });

        writeFileSync(once, '');
        const flaky = (await upload(k, ana, short)).json();
        const doomed = (await upload(k, ana, tall)).json();
        t.match(await waitForStatus(k, ana, flaky.id, 'ready'), { error: null, playlistUrl: /master\.m3u8$/ }, 'the second attempt made it');
        t.notOk(existsSync(once), 'after a first attempt that failed');
        t.match(await waitForStatus(k, ana, doomed.id, 'failed'), { error: 'TRANSCODE_FAILED', playlistUrl: null, posterUrl: null }, 'three attempts, then failed');
        // The video is marked failed just before the last attempt throws, so the queue may lag a moment.
        let failed: Awaited<ReturnType<typeof k.kernel.jobs.failed>> = [];
        await until('the job is listed as failed', async () => (failed = await k.kernel.jobs.failed({ name: 'feed.video' })).length > 0);
        t.match(failed, [{ id: `video-${doomed.id}`, attempts: 3, error: /could not be converted/ }], 'and the job shows among the failed ones for the operator');
      });
    });
  });
}

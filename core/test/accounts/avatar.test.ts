import sharp from 'sharp';
import t from 'tap';
import { eachDatabase, startTestKernel } from '@petamigos/core/testing';

t.test('avatars go through the image pipeline and storage', async (t) => {
  await eachDatabase(t, 'avatar upload', async (t, database) => {
    const k = await startTestKernel({ database });
    t.teardown(() => k.close());
    const amigo = await k.createUser();
    const png = await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 200, g: 120, b: 40 } } }).png().toBuffer();
    const upload = await k.app.inject({ method: 'PUT', url: '/api/users/me/avatar', headers: { ...amigo.headers, 'content-type': 'image/png' }, payload: png });
    t.equal(upload.statusCode, 200, upload.body);
    const url = new URL(upload.json().avatarUrl);
    const file = await k.app.inject({ url: url.pathname + url.search });
    t.equal(file.statusCode, 200);
    t.equal(file.headers['content-type'], 'image/webp');
    t.equal((await sharp(file.rawPayload).metadata()).width, 256, 'resized for avatars');

    const fake = await k.app.inject({ method: 'PUT', url: '/api/users/me/avatar', headers: { ...amigo.headers, 'content-type': 'image/png' }, payload: Buffer.from('not really a png') });
    t.equal(fake.statusCode, 415);
    t.equal(fake.json().error.code, 'NOT_AN_IMAGE');

    const removed = await k.app.inject({ method: 'DELETE', url: '/api/users/me/avatar', headers: amigo.headers });
    t.equal(removed.json().avatarUrl, null);
    t.equal((await k.app.inject({ url: url.pathname + url.search })).statusCode, 404, 'the old file is gone');
  });
});

import t from 'tap';
import sharp from 'sharp';
import { eachDatabase } from '@petamigos/core/testing';
import { api, boot } from './helpers.js';

const settings = { maxPetsPerUser: 3, maxPhotosPerPet: 2, maxPhotoBytes: 300_000 };

t.test('pet profiles', async (t) => {
  await eachDatabase(t, 'pets', async (t, database) => {
    const k = await boot(t, database, { settings });
    const call = api(k);
    const ana = await k.createUser({ username: 'ana' });
    const beto = await k.createUser({ username: 'beto' });
    const mod = await k.createUser({ username: 'moderadora', role: 'moderator' });

    await t.test('create, read, edit and delete with ownership', async (t) => {
      t.equal((await call('POST', '/api/social/pets', null, { name: 'Firulais', species: 'dog' })).statusCode, 401, 'signed-in only');
      const created = await call('POST', '/api/social/pets', ana, { name: '  Firulais ', species: 'dog', breed: 'Xoloitzcuintle', birthDate: '2021-05-04', bio: 'Le encanta el parque' });
      t.equal(created.statusCode, 201);
      const pet = created.json();
      t.match(pet, { ownerId: ana.user.id, name: 'Firulais', species: 'dog', breed: 'Xoloitzcuintle', birthDate: '2021-05-04', bio: 'Le encanta el parque', photos: [] });
      t.match(pet.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/, 'ids are UUIDv7');

      const invalid = [
        [{ name: 'Michi', species: 'dragon' }, 'VALIDATION_FAILED', 'species outside the list'],
        [{ name: 'Michi', species: 'cat', color: 'black' }, 'VALIDATION_FAILED', 'unknown fields are refused'],
        [{ name: '   ', species: 'cat' }, 'VALIDATION_FAILED', 'a blank name'],
        [{ name: 'Michi', species: 'cat', birthDate: '2021-02-30' }, 'VALIDATION_FAILED', 'a date that does not exist'],
        [{ name: 'Michi', species: 'cat', birthDate: '2999-01-01' }, 'INVALID_BIRTH_DATE', 'a birth date in the future'],
      ] as const;
      for (const [body, code, why] of invalid) {
        const res = await call('POST', '/api/social/pets', ana, body);
        t.equal(res.statusCode, 400, why);
        t.equal(res.json().error.code, code, why);
      }

      t.same((await call('GET', `/api/social/pets/${pet.id}`)).json(), pet, 'anyone may look');
      t.equal((await call('GET', '/api/social/pets/0192f0c8-6a5e-7cc1-8a11-9b0c2d3e4f50')).json().error.code, 'PET_NOT_FOUND');
      t.equal((await call('GET', '/api/social/pets/not-a-uuid')).statusCode, 400);

      const edit = await call('PATCH', `/api/social/pets/${pet.id}`, ana, { breed: null, bio: 'Duerme todo el día' });
      t.equal(edit.statusCode, 200);
      t.match(edit.json(), { name: 'Firulais', breed: null, bio: 'Duerme todo el día', birthDate: '2021-05-04' });
      t.equal((await call('PATCH', `/api/social/pets/${pet.id}`, ana, {})).statusCode, 400, 'an empty edit is refused');
      t.equal((await call('PATCH', `/api/social/pets/${pet.id}`, beto, { name: 'Mío' })).statusCode, 403, 'not the owner');
      t.equal((await call('PATCH', `/api/social/pets/${pet.id}`, mod, { name: 'Moderado' })).statusCode, 403, 'moderators remove, they do not edit');
      t.equal((await call('DELETE', `/api/social/pets/${pet.id}`, beto)).statusCode, 403);

      await call('POST', '/api/social/pets', ana, { name: 'Michi', species: 'cat' });
      await call('POST', '/api/social/pets', ana, { name: 'Piolín', species: 'bird' });
      const fourth = await call('POST', '/api/social/pets', ana, { name: 'Nemo', species: 'fish' });
      t.equal(fourth.statusCode, 409);
      t.match(fourth.json().error, { code: 'TOO_MANY_PETS', details: { max: 3 } });

      const profile = (await call('GET', '/api/social/users/ana')).json();
      t.same(profile.pets.map((p: { name: string }) => p.name), ['Firulais', 'Michi', 'Piolín'], 'the profile shows the pets, oldest first');
      t.equal(profile.counts.pets, 3);
      t.equal(profile.user.username, 'ana');
      t.equal(profile.relationship, null, 'no relationship when signed out');
      t.equal((await call('GET', '/api/social/users/nadie_aqui')).json().error.code, 'USER_NOT_FOUND');

      t.equal((await call('DELETE', `/api/social/pets/${pet.id}`, mod)).statusCode, 204, 'moderators may remove any pet');
      t.equal((await call('GET', `/api/social/pets/${pet.id}`)).statusCode, 404);
      t.equal((await call('DELETE', `/api/social/pets/${pet.id}`, ana)).statusCode, 404);
      t.equal((await call('GET', '/api/social/users/ana')).json().counts.pets, 2);

      const doc = (await call('GET', '/docs/json')).json();
      const operations = Object.entries(doc.paths as Record<string, Record<string, { tags: string[]; responses: Record<string, unknown> }>>)
        .filter(([path]) => path.startsWith('/api/social/'))
        .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, ...op })));
      t.equal(operations.length, 25, 'every route is in the OpenAPI document');
      for (const op of operations) {
        t.same(op.tags, ['social'], op.route);
        t.ok(Object.keys(op.responses).some((s) => Number(s) >= 400), `${op.route} documents its errors`);
      }
    });

    await t.test('photos become metadata-free variants in storage', async (t) => {
      const pet = (await call('POST', '/api/social/pets', ana, { name: 'Firulais', species: 'dog' })).json();
      const upload = (as: typeof ana, body: Buffer | string, contentType: string) =>
        k.app.inject({ method: 'POST', url: `/api/social/pets/${pet.id}/photos`, headers: { ...as.headers, 'content-type': contentType }, payload: body });

      const photo = await sharp({ create: { width: 1000, height: 800, channels: 3, background: '#c08040' } })
        .jpeg()
        .withExif({ IFD0: { Copyright: 'Ana', ImageDescription: 'en casa' } })
        .toBuffer();
      t.ok((await sharp(photo).metadata()).exif, 'the upload carries EXIF');

      const res = await upload(ana, photo, 'image/jpeg');
      t.equal(res.statusCode, 201, 'a JPEG is accepted');
      const stored = res.json();
      t.same(stored.variants.map((v: { name: string; format: string; width: number; height: number }) => [v.name, v.format, v.width, v.height]), [
        ['small', 'webp', 320, 256],
        ['medium', 'webp', 768, 614],
        ['large', 'webp', 1000, 800],
        ['medium', 'jpeg', 768, 614],
      ], 'three WebP widths (never enlarged) and a JPEG fallback');
      t.match(stored, { width: 1000, height: 800 });

      for (const variant of stored.variants) {
        const url = new URL(variant.url);
        const served = await k.app.inject({ url: url.pathname + url.search });
        t.equal(served.statusCode, 200, `${variant.name} ${variant.format} is served`);
        t.equal(served.headers['content-type'], `image/${variant.format}`);
        t.notOk((await sharp(served.rawPayload).metadata()).exif, 'no EXIF in what others download');
      }
      const keys: string[] = [];
      for await (const object of k.kernel.storage.list(`social/pets/${pet.id}/`)) keys.push(object.key);
      t.equal(keys.length, 4, 'only the variants are kept, not the original');

      t.same((await call('GET', `/api/social/pets/${pet.id}`)).json().photos, [stored], 'the pet lists its photos');

      const text = await upload(ana, 'just some notes, not a picture', 'text/plain');
      t.equal(text.statusCode, 415, 'a text file is not a photo');
      t.equal(text.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
      const disguised = await upload(ana, 'just some notes, not a picture', 'image/jpeg');
      t.equal(disguised.statusCode, 415, 'nor is a text file that claims to be a JPEG');
      t.equal(disguised.json().error.code, 'NOT_AN_IMAGE');

      const noise = await sharp(Buffer.from(Array.from({ length: 700 * 700 * 3 }, () => Math.floor(Math.random() * 256))), { raw: { width: 700, height: 700, channels: 3 } }).jpeg({ quality: 100 }).toBuffer();
      t.ok(noise.length > settings.maxPhotoBytes);
      const tooBig = await upload(ana, noise, 'image/jpeg');
      t.equal(tooBig.statusCode, 413, 'larger than maxPhotoBytes');
      t.equal(tooBig.json().error.code, 'PAYLOAD_TOO_LARGE');

      t.equal((await upload(beto, photo, 'image/jpeg')).statusCode, 403, 'only the owner adds photos');
      const png = await sharp({ create: { width: 200, height: 100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
      t.equal((await upload(ana, png, 'image/png')).statusCode, 201, 'PNG too');
      const third = await upload(ana, png, 'image/png');
      t.equal(third.statusCode, 409);
      t.equal(third.json().error.code, 'TOO_MANY_PHOTOS');
      const after: string[] = [];
      for await (const object of k.kernel.storage.list(`social/pets/${pet.id}/`)) after.push(object.key);
      t.equal(after.length, 8, 'a refused photo leaves no files behind');

      t.equal((await call('DELETE', `/api/social/pets/${pet.id}/photos/${stored.id}`, beto)).statusCode, 403);
      t.equal((await call('DELETE', `/api/social/pets/${pet.id}/photos/${stored.id}`, mod)).statusCode, 204, 'moderators remove photos');
      t.equal((await call('DELETE', `/api/social/pets/${pet.id}/photos/${stored.id}`, ana)).statusCode, 404);
      const gone = new URL(stored.variants[0].url);
      t.equal((await k.app.inject({ url: gone.pathname })).statusCode, 404, 'its files are deleted');
      t.equal((await call('GET', `/api/social/pets/${pet.id}`)).json().photos.length, 1);

      t.equal((await call('DELETE', `/api/social/pets/${pet.id}`, ana)).statusCode, 204);
      const left: string[] = [];
      for await (const object of k.kernel.storage.list(`social/pets/${pet.id}/`)) left.push(object.key);
      t.same(left, [], 'deleting the pet deletes its photo files');
      t.same(await k.sql('select id from social_pet_photo'), []);
    });
  });
});

import t from 'tap';
import sharp from 'sharp';
import { eachDatabase } from '@petamigos/core/testing';
import { api, boot, usernames } from './helpers.js';

t.test('account export and deletion reach the social plugin', async (t) => {
  await eachDatabase(t, 'export and delete', async (t, database) => {
    const k = await boot(t, database);
    const call = api(k);
    const [ana, beto, carla, dani] = [
      await k.createUser({ username: 'ana' }), await k.createUser({ username: 'beto' }), await k.createUser({ username: 'carla' }), await k.createUser({ username: 'dani' }),
    ];
    const pet = (await call('POST', '/api/social/pets', ana, { name: 'Luna', species: 'cat', birthDate: '2020-01-02' })).json();
    const image = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    const photo = await k.app.inject({ method: 'POST', url: `/api/social/pets/${pet.id}/photos`, headers: { ...ana.headers, 'content-type': 'image/jpeg' }, payload: image });
    t.equal(photo.statusCode, 201);
    const betoPet = (await call('POST', '/api/social/pets', beto, { name: 'Rocky', species: 'dog' })).json();
    await call('POST', '/api/social/friend-requests/ana', beto);
    await call('POST', '/api/social/friend-requests/beto/accept', ana);
    await call('POST', '/api/social/close-friends/beto', ana);
    await call('POST', '/api/social/following/carla', ana);
    await call('POST', '/api/social/following/ana', carla);
    await call('POST', '/api/social/following/carla', beto);
    await call('POST', '/api/social/mutes/carla', ana);
    await call('POST', '/api/social/mutes/ana', dani);
    await call('POST', '/api/social/friend-requests/dani', ana);

    const exported = await call('GET', '/api/users/me/export', ana);
    t.equal(exported.statusCode, 200);
    const mine = exported.json().plugins.social;
    t.match(mine.pets, [{ id: pet.id, name: 'Luna', species: 'cat', birthDate: '2020-01-02', photos: [{ id: photo.json().id }] }], 'her pets, with their photos');
    t.equal(mine.pets.length, 1, 'and only hers');
    const names = (ties: Array<{ username: string }>) => ties.map((x) => x.username);
    t.same(names(mine.friends), ['beto']);
    t.same(names(mine.closeFriends), ['beto']);
    t.same(names(mine.following), ['carla']);
    t.same(names(mine.followers), ['carla']);
    t.same(names(mine.muted), ['carla'], 'whom she muted, not who muted her');
    t.same(names(mine.friendRequestsSent), ['dani']);
    t.same(names(mine.friendRequestsReceived), []);
    t.match(mine.friends[0], { userId: beto.user.id, since: String });

    t.equal((await call('DELETE', '/api/users/me', ana, { password: ana.password })).statusCode, 204);
    for (const table of ['social_pet', 'social_pet_photo']) {
      t.same(await k.sql(`select id from ${table} where owner_id = ?`, [ana.user.id]), [], `${table}: nothing of hers`);
    }
    t.same(await k.sql('select id from social_friendship where requester_id = ? or addressee_id = ?', [ana.user.id, ana.user.id]), []);
    t.same(await k.sql('select id from social_follow where follower_id = ? or followee_id = ?', [ana.user.id, ana.user.id]), []);
    t.same(await k.sql('select id from social_mute where muter_id = ? or mutee_id = ?', [ana.user.id, ana.user.id]), []);
    t.same(await k.sql('select id from social_close_friend where owner_id = ? or friend_id = ?', [ana.user.id, ana.user.id]), []);
    const files: string[] = [];
    for await (const object of k.kernel.storage.list('social/pets/')) files.push(object.key);
    t.same(files, [], 'her photo files are gone');

    t.equal((await call('GET', '/api/social/users/ana')).statusCode, 404);
    t.same(usernames((await call('GET', '/api/social/users/beto/friends')).json()), []);
    t.same(usernames((await call('GET', '/api/social/users/carla/followers')).json()), ['beto'], 'other people\'s ties stay');
    t.equal((await call('GET', `/api/social/pets/${betoPet.id}`)).statusCode, 200, 'and so do their pets');
  });
});

import t from 'tap';
import { eachDatabase } from '@petamigos/core/testing';
import { watcher } from './fixtures.js';
import { api, boot, usernames } from './helpers.js';

t.test('a kernel block makes two people invisible to each other in social', async (t) => {
  await eachDatabase(t, 'blocks', async (t, database) => {
    const w = watcher();
    const k = await boot(t, database, { plugins: [w.manifest] });
    const call = api(k);
    const [ana, beto, carla] = [await k.createUser({ username: 'ana' }), await k.createUser({ username: 'beto' }), await k.createUser({ username: 'carla' })];
    const anaPet = (await call('POST', '/api/social/pets', ana, { name: 'Luna', species: 'cat' })).json();
    const betoPet = (await call('POST', '/api/social/pets', beto, { name: 'Rocky', species: 'dog' })).json();
    await call('POST', '/api/social/friend-requests/beto', ana);
    await call('POST', '/api/social/friend-requests/ana/accept', beto);
    await call('POST', '/api/social/following/beto', ana);
    await call('POST', '/api/social/following/ana', beto);
    await call('POST', '/api/social/close-friends/beto', ana);
    await call('POST', '/api/social/following/ana', carla);
    await call('POST', '/api/social/friend-requests/ana', carla);

    t.equal((await call('POST', '/api/users/beto/block', ana)).statusCode, 204, 'ana blocks beto (a kernel route)');
    t.equal((await call('POST', '/api/users/carla/block', ana)).statusCode, 204, 'and carla, who had asked to be friends');

    // Before either of them acts again, nobody sees them together.
    t.same(usernames((await call('GET', '/api/social/users/ana/friends')).json()), [], 'not on her friend list, even signed out');
    t.same(usernames((await call('GET', '/api/social/users/beto/followers')).json()), [], 'nor on his followers');
    t.match((await call('GET', '/api/social/users/ana')).json().counts, { friends: 0, followers: 0, following: 0 }, 'nor in her counts');

    for (const [viewer, other, pet] of [[beto, 'ana', anaPet], [ana, 'beto', betoPet]] as const) {
      const who = `${viewer.user.username} → ${other}`;
      t.equal((await call('GET', `/api/social/users/${other}`, viewer)).json().error.code, 'USER_NOT_FOUND', `${who}: profile`);
      t.equal((await call('GET', `/api/social/users/${other}/friends`, viewer)).statusCode, 404, `${who}: lists`);
      t.equal((await call('GET', `/api/social/pets/${pet.id}`, viewer)).json().error.code, 'PET_NOT_FOUND', `${who}: pets`);
      t.equal((await call('PATCH', `/api/social/pets/${pet.id}`, viewer, { name: 'X' })).statusCode, 404, `${who}: not even a 403 to show the pet exists`);
      t.equal((await call('POST', `/api/social/friend-requests/${other}`, viewer)).statusCode, 404, `${who}: friend request`);
      t.equal((await call('POST', `/api/social/following/${other}`, viewer)).statusCode, 404, `${who}: follow`);
      t.equal((await call('POST', `/api/social/mutes/${other}`, viewer)).statusCode, 404, `${who}: mute`);
    }
    t.equal((await call('POST', '/api/social/close-friends/beto', ana)).statusCode, 404);
    t.equal((await call('GET', `/api/social/pets/${anaPet.id}`, carla)).statusCode, 404);
    t.equal((await call('GET', `/api/social/pets/${anaPet.id}`)).statusCode, 200, 'everyone else still sees the pet');
    t.same(usernames((await call('GET', '/api/social/friend-requests/incoming', ana)).json()), [], 'a blocked person\'s request is gone');
    t.same(usernames((await call('GET', '/api/social/friend-requests/outgoing', carla)).json()), []);

    // Having met the block, the graph dropped every tie across it, and says so to other plugins.
    t.same(await k.sql('select requester_id from social_friendship'), []);
    t.same(await k.sql('select follower_id from social_follow'), []);
    t.same(await k.sql('select owner_id from social_close_friend'), []);
    await k.settle();
    t.same(w.named('social.friendship.removed').map((p) => p.reason), ['blocked']);
    t.same(w.named('social.follow.removed').map((p) => [p.followerId, p.followeeId, p.reason]).sort(), [
      [ana.user.id, beto.user.id, 'blocked'],
      [beto.user.id, ana.user.id, 'blocked'],
      [carla.user.id, ana.user.id, 'blocked'],
    ].sort());

    t.equal((await call('DELETE', '/api/users/beto/block', ana)).statusCode, 204);
    t.match((await call('GET', '/api/social/users/beto', ana)).json().relationship, { friendship: 'none', following: false, followedBy: false, closeFriend: false }, 'unblocking does not bring the ties back');
    t.equal((await call('POST', '/api/social/friend-requests/ana', beto)).statusCode, 201, 'they may start again');
  });
});

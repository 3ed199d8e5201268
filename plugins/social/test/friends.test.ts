import t from 'tap';
import { eachDatabase } from '@petamigos/core/testing';
import { watcher } from './fixtures.js';
import { api, boot, usernames } from './helpers.js';

t.test('friend requests: send, cancel, decline, accept, unfriend', async (t) => {
  await eachDatabase(t, 'friends', async (t, database) => {
    const w = watcher();
    const k = await boot(t, database, { plugins: [w.manifest] });
    const call = api(k);

    await t.test('the friendship lifecycle', async (t) => {
      const ana = await k.createUser({ username: 'ana' });
      const beto = await k.createUser({ username: 'beto' });
      const carla = await k.createUser({ username: 'carla' });
      const relation = async (as: typeof ana, username: string) => (await call('GET', `/api/social/users/${username}`, as)).json().relationship.friendship;

      t.equal((await call('POST', '/api/social/friend-requests/beto')).statusCode, 401);
      const sent = await call('POST', '/api/social/friend-requests/beto', ana);
      t.equal(sent.statusCode, 201);
      t.same(sent.json(), { status: 'pending' });
      const again = await call('POST', '/api/social/friend-requests/beto', ana);
      t.equal(again.statusCode, 409);
      t.equal(again.json().error.code, 'FRIEND_REQUEST_EXISTS');
      t.match((await call('POST', '/api/social/friend-requests/ana', ana)).json(), { error: { code: 'SELF_NOT_ALLOWED' } });
      t.equal((await call('POST', '/api/social/friend-requests/ana', ana)).statusCode, 400);
      t.equal((await call('POST', '/api/social/friend-requests/nadie_aqui', ana)).statusCode, 404);
      t.equal((await call('POST', '/api/social/friend-requests/no', ana)).statusCode, 400, 'not a username at all');

      t.same(usernames((await call('GET', '/api/social/friend-requests/incoming', beto)).json()), ['ana']);
      t.same(usernames((await call('GET', '/api/social/friend-requests/outgoing', ana)).json()), ['beto']);
      t.same(usernames((await call('GET', '/api/social/friend-requests/incoming', ana)).json()), []);
      t.equal(await relation(ana, 'beto'), 'request_sent');
      t.equal(await relation(beto, 'ana'), 'request_received');

      t.equal((await call('DELETE', '/api/social/friend-requests/beto', ana)).statusCode, 204, 'ana withdraws it');
      t.same(usernames((await call('GET', '/api/social/friend-requests/incoming', beto)).json()), []);
      t.equal((await call('DELETE', '/api/social/friend-requests/beto', ana)).json().error.code, 'FRIEND_REQUEST_NOT_FOUND');
      t.equal(await relation(ana, 'beto'), 'none');

      await call('POST', '/api/social/friend-requests/beto', ana);
      t.equal((await call('DELETE', '/api/social/friend-requests/ana', beto)).statusCode, 404, 'only the sender withdraws');
      t.equal((await call('POST', '/api/social/friend-requests/ana/decline', beto)).statusCode, 204, 'beto declines');
      t.equal((await call('POST', '/api/social/friend-requests/ana/decline', beto)).statusCode, 404);
      t.same(usernames((await call('GET', '/api/social/friend-requests/outgoing', ana)).json()), []);

      await call('POST', '/api/social/friend-requests/beto', ana);
      t.equal((await call('POST', '/api/social/friend-requests/beto/accept', ana)).statusCode, 404, 'the sender cannot accept her own request');
      const accepted = await call('POST', '/api/social/friend-requests/ana/accept', beto);
      t.equal(accepted.statusCode, 200);
      t.same(accepted.json(), { status: 'friends' });
      t.equal((await call('POST', '/api/social/friend-requests/ana/accept', beto)).json().error.code, 'ALREADY_FRIENDS');
      t.equal((await call('POST', '/api/social/friend-requests/beto', ana)).json().error.code, 'ALREADY_FRIENDS');
      t.equal(await relation(ana, 'beto'), 'friends');
      t.same(usernames((await call('GET', '/api/social/users/ana/friends')).json()), ['beto']);
      t.same(usernames((await call('GET', '/api/social/users/beto/friends', carla)).json()), ['ana'], 'friend lists are public');
      t.equal((await call('GET', '/api/social/users/beto')).json().counts.friends, 1);

      await k.settle();
      t.equal(w.named('social.friendship.requested').length, 3);
      t.same(w.named('social.friendship.cancelled'), [{ requesterId: ana.user.id, addresseeId: beto.user.id }]);
      t.same(w.named('social.friendship.declined'), [{ requesterId: ana.user.id, addresseeId: beto.user.id }]);
      const [acceptedEvent, ...more] = w.named('social.friendship.accepted');
      t.same(more, [], 'accepted once');
      t.match(acceptedEvent, { requesterId: ana.user.id, addresseeId: beto.user.id, friendshipId: String, acceptedAt: String });

      const betoInbox = (await call('GET', '/api/notifications', beto)).json().items;
      t.same(betoInbox.map((n: { type: string }) => n.type), ['social.friend_request'], 'beto heard about the request (grouped while unread)');
      t.match(betoInbox[0], { actorIds: [ana.user.id], textKey: 'notification.friend_request', target: { type: 'user', id: ana.user.id } });
      const anaInbox = (await call('GET', '/api/notifications', ana)).json().items;
      t.same(anaInbox.map((n: { type: string }) => n.type), ['social.friend_accepted'], 'ana heard that beto said yes');
      t.match(anaInbox[0], { actorIds: [beto.user.id], textKey: 'notification.friend_accepted' });

      // The close-friends circle is one's own list, of friends only.
      t.equal((await call('POST', '/api/social/close-friends/carla', ana)).json().error.code, 'NOT_FRIENDS');
      t.equal((await call('POST', '/api/social/close-friends/carla', ana)).statusCode, 409);
      t.equal((await call('POST', '/api/social/close-friends/ana', ana)).statusCode, 400);
      t.equal((await call('POST', '/api/social/close-friends/beto', ana)).statusCode, 204);
      t.equal((await call('POST', '/api/social/close-friends/beto', ana)).json().error.code, 'ALREADY_CLOSE_FRIEND');
      t.same(usernames((await call('GET', '/api/social/close-friends', ana)).json()), ['beto']);
      t.same(usernames((await call('GET', '/api/social/close-friends', beto)).json()), [], 'a circle is one-way');
      t.equal((await call('GET', '/api/social/users/beto', ana)).json().relationship.closeFriend, true);
      t.equal((await call('GET', '/api/social/close-friends')).statusCode, 401, 'private');
      t.equal((await call('DELETE', '/api/social/close-friends/beto', ana)).statusCode, 204);
      t.equal((await call('DELETE', '/api/social/close-friends/beto', ana)).json().error.code, 'NOT_CLOSE_FRIEND');
      await call('POST', '/api/social/close-friends/beto', ana);

      t.equal((await call('DELETE', '/api/social/friends/ana', beto)).statusCode, 204, 'beto unfriends ana');
      t.equal((await call('DELETE', '/api/social/friends/ana', beto)).json().error.code, 'NOT_FRIENDS');
      t.same(usernames((await call('GET', '/api/social/close-friends', ana)).json()), [], 'an ex-friend leaves the circle');
      t.same(usernames((await call('GET', '/api/social/users/ana/friends')).json()), []);
      t.same(await k.sql('select * from social_friendship'), []);
      await k.settle();
      t.same(w.named('social.friendship.removed'), [{ userId: beto.user.id, friendId: ana.user.id, reason: 'unfriended' }]);
      w.events.length = 0;
    });

    await t.test('crossing requests and double accepts under concurrency', async (t) => {
      const pairs = await Promise.all(Array.from({ length: 4 }, async (_, i) => [await k.createUser({ username: `left_${i}` }), await k.createUser({ username: `right_${i}` })] as const));

      // Each pair presses "add friend" on each other at the same moment, all pairs at once.
      const answers = await Promise.all(pairs.flatMap(([a, b]) => [
        call('POST', `/api/social/friend-requests/${b.user.username}`, a),
        call('POST', `/api/social/friend-requests/${a.user.username}`, b),
      ]));
      for (let i = 0; i < pairs.length; i++) {
        const [first, second] = [answers[2 * i]!, answers[2 * i + 1]!];
        t.same([first.statusCode, second.statusCode].sort(), [200, 201], `pair ${i}: one request, one "yes" — no error`);
        t.same([first.json().status, second.json().status].sort(), ['friends', 'pending']);
      }
      const rows = await k.sql<{ n: number; accepted: number }>("select count(*)::int as n, count(*) filter (where status = 'accepted')::int as accepted from social_friendship");
      t.same(rows, [{ n: pairs.length, accepted: pairs.length }], 'exactly one friendship row per pair, every one accepted');
      await k.settle();
      t.equal(w.named('social.friendship.accepted').length, pairs.length, 'one accepted event per pair');

      // Two devices accepting the same request at once: one succeeds, the others learn it is done.
      const [a, b] = pairs[0]!;
      await call('DELETE', `/api/social/friends/${b.user.username}`, a);
      await call('POST', `/api/social/friend-requests/${b.user.username}`, a);
      await k.settle();
      w.events.length = 0;
      const accepts = await Promise.all([1, 2, 3].map(() => call('POST', `/api/social/friend-requests/${a.user.username}/accept`, b)));
      t.same(accepts.map((r) => r.statusCode).sort(), [200, 409, 409]);
      await k.settle();
      t.same(w.named('social.friendship.accepted').map((p) => [p.requesterId, p.addresseeId]), [[a.user.id, b.user.id]], 'accepted is announced once');
    });
  });
});

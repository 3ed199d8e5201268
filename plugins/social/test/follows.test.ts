import t from 'tap';
import { eachDatabase } from '@petamigos/core/testing';
import { socialServiceOf, watcher } from './fixtures.js';
import { api, boot, usernames } from './helpers.js';

t.test('follows, mutes, pagination and the service other plugins use', async (t) => {
  await eachDatabase(t, 'the one-way graph', async (t, database) => {
    const w = watcher();
    const k = await boot(t, database, { plugins: [w.manifest] });
    const call = api(k);
    const social = await socialServiceOf(k);
    const [star, ana, beto, carla] = [
      await k.createUser({ username: 'estrella' }),
      await k.createUser({ username: 'ana' }),
      await k.createUser({ username: 'beto' }),
      await k.createUser({ username: 'carla' }),
    ];

    await t.test('follow and unfollow', async (t) => {
      t.equal((await call('POST', '/api/social/following/estrella', ana)).statusCode, 204);
      const twice = await call('POST', '/api/social/following/estrella', ana);
      t.equal(twice.statusCode, 409);
      t.equal(twice.json().error.code, 'ALREADY_FOLLOWING');
      t.equal((await call('POST', '/api/social/following/ana', ana)).json().error.code, 'SELF_NOT_ALLOWED');
      t.equal((await call('POST', '/api/social/following/nadie_aqui', ana)).statusCode, 404);
      t.equal((await call('POST', '/api/social/following/estrella')).statusCode, 401);
      t.equal((await call('POST', '/api/social/following/estrella', beto)).statusCode, 204, 'no friendship needed');

      t.same(usernames((await call('GET', '/api/social/users/estrella/followers')).json()), ['beto', 'ana'], 'newest first');
      t.same(usernames((await call('GET', '/api/social/users/ana/following')).json()), ['estrella']);
      t.match((await call('GET', '/api/social/users/estrella')).json().counts, { followers: 2, following: 0, friends: 0 });
      t.match((await call('GET', '/api/social/users/estrella', ana)).json().relationship, { following: true, followedBy: false, friendship: 'none' });
      t.match((await call('GET', '/api/social/users/ana', star)).json().relationship, { following: false, followedBy: true });

      const inbox = (await call('GET', '/api/notifications', star)).json().items;
      t.equal(inbox.length, 1, 'new followers are grouped into one notification');
      t.match(inbox[0], { type: 'social.follow', textKey: 'notification.follow', actorCount: 2, actorIds: [beto.user.id, ana.user.id] });

      t.equal((await call('DELETE', '/api/social/following/estrella', ana)).statusCode, 204);
      t.equal((await call('DELETE', '/api/social/following/estrella', ana)).json().error.code, 'NOT_FOLLOWING');
      t.same(usernames((await call('GET', '/api/social/users/estrella/followers')).json()), ['beto']);
      await k.settle();
      t.same(w.named('social.follow.created').map((p) => [p.followerId, p.followeeId]), [[ana.user.id, star.user.id], [beto.user.id, star.user.id]]);
      t.match(w.named('social.follow.created')[0], { followId: String, followedAt: String });
      t.same(w.named('social.follow.removed'), [{ followerId: ana.user.id, followeeId: star.user.id, reason: 'unfollowed' }]);
    });

    await t.test('mutes are private and one-way', async (t) => {
      t.equal((await call('POST', '/api/social/mutes/beto', ana)).statusCode, 204);
      t.equal((await call('POST', '/api/social/mutes/beto', ana)).json().error.code, 'ALREADY_MUTED');
      t.equal((await call('POST', '/api/social/mutes/ana', ana)).statusCode, 400);
      t.same(usernames((await call('GET', '/api/social/mutes', ana)).json()), ['beto']);
      t.same(usernames((await call('GET', '/api/social/mutes', beto)).json()), []);
      t.equal((await call('GET', '/api/social/mutes')).statusCode, 401);
      t.equal((await call('GET', '/api/social/users/beto', ana)).json().relationship.muted, true);
      t.equal((await call('GET', '/api/social/users/ana', beto)).json().relationship.muted, false, 'beto cannot tell');
      t.same(await social.mutedBy(ana.user.id), [beto.user.id], 'the feed learns whom to leave out');
      t.same(await social.mutedBy(beto.user.id), []);
      t.equal((await call('DELETE', '/api/social/mutes/beto', ana)).statusCode, 204);
      t.equal((await call('DELETE', '/api/social/mutes/beto', ana)).json().error.code, 'NOT_MUTED');
      t.same(await social.mutedBy(ana.user.id), []);
    });

    await t.test('lists page by opaque cursors, 20 by default, stable while people arrive', async (t) => {
      const fans = [];
      for (let i = 0; i < 21; i++) {
        const fan = await k.createUser({ username: `fan_${String(i).padStart(2, '0')}` });
        await call('POST', '/api/social/following/estrella', fan);
        fans.push(fan);
      }
      const everyone = [...fans.map((f) => f.user.username).reverse(), 'beto'];
      const first = (await call('GET', '/api/social/users/estrella/followers')).json();
      t.equal(first.items.length, 20, '20 per page by default');
      t.type(first.nextCursor, 'string');
      const second = (await call('GET', `/api/social/users/estrella/followers?cursor=${first.nextCursor}`)).json();
      t.same([...usernames(first), ...usernames(second)], everyone, 'newest first, nobody twice, nobody missing');
      t.equal(second.nextCursor, null, 'the last page says so');

      const walked: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: Array<{ user: { username: string }; since: string }>; nextCursor: string | null } =
          (await call('GET', `/api/social/users/estrella/followers?limit=5${cursor ? `&cursor=${cursor}` : ''}`)).json();
        walked.push(...usernames(page));
        cursor = page.nextCursor;
        // Someone follows while the list is being read: the pages already handed out do not shift.
        if (++pages === 1) await call('POST', '/api/social/following/estrella', carla);
      } while (cursor);
      t.same(walked, everyone, 'a follower arriving mid-walk neither duplicates nor drops anyone');
      t.equal(pages, 5);
      t.equal(usernames((await call('GET', '/api/social/users/estrella/followers?limit=1')).json())[0], 'carla', 'and is first on a fresh read');

      for (const bad of ['cursor=bogus', `cursor=${Buffer.from('v1:not-a-uuid').toString('base64url')}`, 'limit=0', 'limit=101', 'limit=ten', 'page=2']) {
        t.equal((await call('GET', `/api/social/users/estrella/followers?${bad}`)).statusCode, 400, bad);
      }
      t.equal((await call('GET', '/api/social/users/estrella/followers?cursor=bogus')).json().error.code, 'INVALID_CURSOR');
    });

    await t.test('the service', async (t) => {
      const starFollowers = (await k.sql<{ follower_id: string }>('select follower_id from social_follow where followee_id = ? order by follower_id', [star.user.id])).map((r) => r.follower_id);
      t.equal(starFollowers.length, 23);
      t.same(await social.followersOf(star.user.id), starFollowers, 'followersOf, for fan-out');
      t.equal(await social.followerCount(star.user.id), 23);
      t.same([...(await social.followerCounts([star.user.id, carla.user.id]))], [[star.user.id, 23], [carla.user.id, 0]], 'followerCounts: everyone asked for, nobody following is 0');
      t.same(await social.followerCounts([]), new Map());
      t.same(await social.followingOf(carla.user.id), [star.user.id]);
      t.equal(await social.isFollowing(carla.user.id, star.user.id), true);
      t.equal(await social.isFollowing(star.user.id, carla.user.id), false, 'follows are one-way');

      await call('POST', '/api/social/friend-requests/carla', ana);
      t.equal(await social.areFriends(ana.user.id, carla.user.id), false, 'a request is not a friendship');
      await call('POST', '/api/social/friend-requests/ana/accept', carla);
      t.equal(await social.areFriends(ana.user.id, carla.user.id), true);
      t.equal(await social.areFriends(carla.user.id, ana.user.id), true, 'both ways');
      t.same(await social.friendsOf(ana.user.id), [carla.user.id]);
      t.same(await social.circleMembers(ana.user.id), []);
      await call('POST', '/api/social/close-friends/carla', ana);
      t.same(await social.circleMembers(ana.user.id), [carla.user.id]);
      t.equal(await social.inCircle(ana.user.id, carla.user.id), true);
      t.equal(await social.inCircle(carla.user.id, ana.user.id), false);
      t.same(await social.circlesContaining(carla.user.id), [ana.user.id], 'circlesContaining: whose circles hold carla');
      t.same(await social.circlesContaining(ana.user.id), []);

      await call('POST', '/api/social/following/carla', ana);
      await call('POST', '/api/social/following/carla', beto);
      t.same(await social.audienceOf(carla.user.id), [ana.user.id, beto.user.id].sort(), 'friends ∪ followers, once each');

      t.equal(await social.isBlocked(carla.user.id, beto.user.id), false);
      t.equal((await call('POST', '/api/users/beto/block', carla)).statusCode, 204);
      t.equal(await social.isBlocked(carla.user.id, beto.user.id), true);
      t.equal(await social.isBlocked(beto.user.id, carla.user.id), true, 'either way');
      t.same(await social.audienceOf(carla.user.id), [ana.user.id], 'a blocked follower is no audience, even before the rows are cleaned');
      t.same(await social.followersOf(carla.user.id), [ana.user.id]);
      t.equal(await social.followerCount(carla.user.id), 1);
      t.equal((await social.followerCounts([carla.user.id])).get(carla.user.id), 1, 'nor counted, in a batch either');
      t.equal(await social.isFollowing(beto.user.id, carla.user.id), false);

      t.equal((await call('POST', '/api/users/carla/block', ana)).statusCode, 204);
      t.equal(await social.areFriends(ana.user.id, carla.user.id), false, 'blocked people are never friends');
      t.same(await social.friendsOf(ana.user.id), []);
      t.same(await social.circleMembers(ana.user.id), []);
      t.equal(await social.inCircle(ana.user.id, carla.user.id), false);
      t.same(await social.circlesContaining(carla.user.id), [], 'nor in a blocker\'s circle');
      t.same(await social.audienceOf(carla.user.id), []);
    });
  });
});

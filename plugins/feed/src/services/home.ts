import type { FeedContext } from '../settings.js';
import type { Audience, ViewerGraph } from './audience.js';
import type { PostCreatedPayload } from '../events.js';
import type { Posts, PostView } from './posts.js';
import { decodeCursor, decodeRankedCursor, encodeCursor, encodeRankedCursor } from './cursor.js';
import { uuidArray } from './sql.js';

export const PAGE = 20;
const RANKED_POOL = 300;
const LIST_TTL_MS = 7 * 86_400_000;

/**
 * A user's cached home list: newest post ids first. `complete` says the list was rebuilt from the
 * database and holds every post of their network (it was shorter than the cap), so an answer that
 * runs off its end is an answer, not a sign of trimming.
 */
interface HomeList {
  ids: string[];
  complete: boolean;
}

export interface HomePage {
  items: PostView[];
  nextCursor: string | null;
  source: 'cache' | 'database';
}

/**
 * The home feed. Writes fan post ids out into each reader's list in the cache; reads hydrate a page
 * of those ids in one query, re-checking visibility, and fall back to the database query whenever
 * the list is cold, trimmed or cannot fill the page — so a flushed cache changes speed, not content.
 */
export class HomeTimeline {
  constructor(private readonly ctx: FeedContext, private readonly audience: Audience, private readonly posts: Posts) {}

  private key(userId: string): string {
    return `home:${userId}`;
  }

  /** `feed.post.created`: push the id into every recently active reader's list. Idempotent. */
  async fanOut(event: PostCreatedPayload): Promise<void> {
    const social = await this.audience.social();
    if (event.visibility !== 'only_me' && (await social.followerCount(event.authorId)) > this.ctx.settings.fanoutMaxFollowers) {
      // Too many lists to touch per post: readers merge this author's posts in at read time.
      await this.push(event.authorId, event.postId);
      return;
    }
    const readers = new Set<string>([event.authorId]);
    if (event.visibility === 'public') for (const id of await social.audienceOf(event.authorId)) readers.add(id);
    // Close-friends posts go to every friend's list too: the read path re-checks the circle, so a
    // friend added to it later finds the post without the list being rebuilt.
    else if (event.visibility !== 'only_me') for (const id of await social.friendsOf(event.authorId)) readers.add(id);
    for (const id of await this.recentlyActive([...readers])) await this.push(id, event.postId);
  }

  /**
   * Lists of people who have not been around are not worth keeping warm: their first read rebuilds
   * from the database. `last_active_at` is the kernel's; if it cannot be read, fan out to everyone.
   */
  private async recentlyActive(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return ids;
    try {
      const rows = await this.ctx.db.query<{ id: string }>(`select id from kernel_user where id = any(?::uuid[]) and last_active_at > now() - make_interval(days => ?)`, [uuidArray(ids), this.ctx.settings.activeDays]);
      return rows.map((r) => r.id);
    } catch (error) {
      this.ctx.log.debug({ err: error }, 'cannot read last activity; fanning out to every reader');
      return ids;
    }
  }

  /**
   * The cache has no compare-and-set, so two writers of one list (two fan-outs, or a fan-out and a
   * rebuild) would lose each other's ids. An atomic counter is a lock that works on both drivers;
   * its TTL frees it if a process dies holding it.
   */
  private async withListLock<T>(userId: string, fn: () => Promise<T>, attempts: number): Promise<{ ok: true; value: T } | { ok: false }> {
    const lock = `lock:home:${userId}`;
    for (let i = 0; i < attempts; i++) {
      if ((await this.ctx.cache.increment(lock, { ttlMs: 5000 })) === 1) {
        try {
          return { ok: true, value: await fn() };
        } finally {
          await this.ctx.cache.delete(lock);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 20));
    }
    return { ok: false };
  }

  private async push(userId: string, postId: string): Promise<void> {
    const done = await this.withListLock(userId, async () => {
      const list = await this.ctx.cache.get<HomeList>(this.key(userId));
      // A cold list stays cold: the next read rebuilds it whole, which a single id cannot do.
      if (!list || list.ids.includes(postId)) return;
      const ids = [...list.ids, postId].sort().reverse();
      const trimmed = ids.length > this.ctx.settings.homeCacheSize;
      await this.ctx.cache.set(this.key(userId), { ids: ids.slice(0, this.ctx.settings.homeCacheSize), complete: list.complete && !trimmed } satisfies HomeList, { ttlMs: LIST_TTL_MS });
    }, 100);
    // Could not write it safely: a missing list is rebuilt from the database, a wrong one is not.
    if (!done.ok) await this.forget(userId);
  }

  async forget(userId: string): Promise<void> {
    await this.ctx.cache.delete(this.key(userId));
  }

  /** Visible network posts, newest first, below `before`: the database's answer, and the rebuild of a cold list. */
  private async fromDatabase(graph: ViewerGraph, before: string | null, limit: number, authors?: string[]): Promise<string[]> {
    const { where, params } = this.audience.condition(graph, true);
    const rows = await this.ctx.db.query<{ id: string }>(
      `select p.id from feed_post p where ${where} and p.id < ? ${authors ? 'and p.author_id = any(?::uuid[])' : ''} order by p.id desc limit ?`,
      [...params, before ?? 'ffffffff-ffff-ffff-ffff-ffffffffffff', ...(authors ? [uuidArray(authors)] : []), limit],
    );
    return rows.map((r) => r.id);
  }

  private async visibleAmong(graph: ViewerGraph, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { where, params } = this.audience.condition(graph, true);
    const rows = await this.ctx.db.query<{ id: string }>(`select p.id from feed_post p where ${where} and p.id = any(?::uuid[])`, [...params, uuidArray(ids)]);
    return new Set(rows.map((r) => r.id));
  }

  private async bigAuthors(graph: ViewerGraph): Promise<string[]> {
    const social = await this.audience.social();
    const network = [...new Set([...graph.friends, ...graph.following])];
    // One grouped count for the whole network: asked person by person, this was most of a read's queries.
    const counts = await social.followerCounts(network);
    return network.filter((id) => (counts.get(id) ?? 0) > this.ctx.settings.fanoutMaxFollowers);
  }

  /** Ids for one chronological page, from the cache when it can answer exactly, else the database. */
  async pageIds(userId: string, graph: ViewerGraph, before: string | null): Promise<{ ids: string[]; source: 'cache' | 'database' }> {
    const want = PAGE + 1;
    let list = await this.ctx.cache.get<HomeList>(this.key(userId));
    if (!list) {
      // Built without the viewer's blocks and mutes (the read filters those), so unmuting brings
      // the posts back without a rebuild. Under the list's lock, so a fan-out of a post committed
      // after this query waits and then adds it.
      const build = async (): Promise<HomeList> => {
        const ids = await this.fromDatabase({ ...graph, hidden: [] }, null, this.ctx.settings.homeCacheSize);
        return { ids, complete: ids.length < this.ctx.settings.homeCacheSize };
      };
      const built = await this.withListLock(userId, async () => {
        const fresh = await build();
        await this.ctx.cache.set(this.key(userId), fresh, { ttlMs: LIST_TTL_MS });
        return fresh;
      }, 3);
      list = built.ok ? built.value : await build();
    }
    const below = before ? list.ids.filter((id) => id < before) : list.ids;
    const candidates = below.slice(0, want * 2);
    const visible = await this.visibleAmong(graph, candidates);
    let ids = candidates.filter((id) => visible.has(id)).slice(0, want);
    if (ids.length < want && !list.complete) return { ids: await this.fromDatabase(graph, before, want), source: 'database' };
    if (ids.length < want && candidates.length === want * 2) return { ids: await this.fromDatabase(graph, before, want), source: 'database' };
    const big = await this.bigAuthors(graph);
    if (big.length > 0) {
      // Merge the big authors' posts that fall inside this page's window.
      const merged = await this.fromDatabase(graph, before, want, big);
      const floor = ids.length === want ? ids[ids.length - 1]! : '';
      ids = [...new Set([...ids, ...merged.filter((id) => id >= floor)])].sort().reverse().slice(0, want);
    }
    return { ids, source: 'cache' };
  }

  async read(userId: string, cursor: string | undefined, mode: 'chronological' | 'ranked'): Promise<HomePage> {
    const graph = await this.audience.graphOf(userId, { withMuted: true });
    if (mode === 'ranked') return this.ranked(userId, graph, cursor);
    const before = decodeCursor(cursor);
    const { ids, source } = await this.pageIds(userId, graph, before);
    const page = ids.slice(0, PAGE);
    return { items: await this.posts.hydrate(userId, page), nextCursor: ids.length > PAGE ? encodeCursor(page[page.length - 1]!) : null, source };
  }

  /**
   * Ranked: freshness, engagement and affinity over the newest few hundred network posts. The
   * ranking is frozen at the first page (its newest id travels in the cursor), so later pages
   * neither repeat nor skip posts when new ones arrive.
   */
  private async ranked(userId: string, graph: ViewerGraph, cursor: string | undefined): Promise<HomePage> {
    const frozen = decodeRankedCursor(cursor);
    const { where, params } = this.audience.condition(graph, true);
    const rows = await this.ctx.db.query<{ id: string; author_id: string; created_at: string; reactions: number; comments: number; friend_reactions: number }>(
      `select p.id, p.author_id, p.created_at,
          coalesce((select sum(c.n) from feed_reaction_count c where c.target_type = 'post' and c.target_id = p.id), 0)::int as reactions,
          (select count(*) from feed_comment m where m.post_id = p.id and m.deleted_at is null)::int as comments,
          (select count(*) from feed_reaction r where r.target_type = 'post' and r.target_id = p.id and r.user_id = any(?::uuid[]))::int as friend_reactions
        from feed_post p where ${where} and p.id <= ? order by p.id desc limit ?`,
      [uuidArray(graph.friends), ...params, frozen?.newestId ?? 'ffffffff-ffff-ffff-ffff-ffffffffffff', RANKED_POOL],
    );
    if (rows.length === 0) return { items: [], nextCursor: null, source: 'database' };
    const affinityRows = await this.ctx.db.query<{ author_id: string; n: number }>(
      `select p.author_id, count(*)::int as n from feed_post p join (
          select target_id as post_id from feed_reaction where user_id = ? and target_type = 'post'
          union all select post_id from feed_comment where author_id = ?) i on i.post_id = p.id
        where p.author_id = any(?::uuid[]) group by p.author_id`,
      [userId, userId, uuidArray(new Set(rows.map((r) => r.author_id)))],
    );
    const affinity = new Map(affinityRows.map((a) => [a.author_id, Number(a.n)]));
    const now = Date.now();
    const score = (r: (typeof rows)[number]) => {
      const hours = (now - new Date(r.created_at).getTime()) / 3_600_000;
      return 10 * Math.exp(-hours / 24) + 2 * Math.log1p(Number(r.reactions) + 2 * Number(r.comments)) + 3 * Math.log1p(affinity.get(r.author_id) ?? 0);
    };
    const ranked = rows.map((r) => ({ r, s: score(r) })).sort((a, b) => b.s - a.s || (a.r.id < b.r.id ? 1 : -1));
    const offset = frozen?.offset ?? 0;
    const slice = ranked.slice(offset, offset + PAGE);
    const items = await this.posts.hydrate(userId, slice.map((x) => x.r.id));
    const users = new Map((await this.ctx.accounts.getUsers([...new Set(slice.map((x) => x.r.author_id))])).map((u) => [u.id, u]));
    const friends = new Set(graph.friends);
    const following = new Set(graph.following);
    for (const item of items) {
      const row = slice.find((x) => x.r.id === item.id)!.r;
      const name = users.get(row.author_id)?.displayName || users.get(row.author_id)?.username || 'someone';
      item.why = row.author_id === userId ? 'your post'
        : Number(row.friend_reactions) >= 2 ? 'popular with your friends'
        : (affinity.get(row.author_id) ?? 0) > 0 ? `because you often interact with ${name}`
        : friends.has(row.author_id) ? `because you are friends with ${name}`
        : following.has(row.author_id) ? `because you follow ${name}` : 'recent in your network';
    }
    const newestId = frozen?.newestId ?? rows[0]!.id;
    return { items, nextCursor: offset + PAGE < ranked.length ? encodeRankedCursor(newestId, offset + PAGE) : null, source: 'database' };
  }
}

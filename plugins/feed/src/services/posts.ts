import { HttpError, type PublicUser } from '@petamigos/core';
import { v7 as uuidv7 } from 'uuid';
import { REACTIONS, type ReactionKind, type Visibility } from '../entities/index.js';
import type { FeedContext } from '../settings.js';
import { Audience, type PostRef } from './audience.js';
import { iso, sqlOf, uuidArray, type Sql } from './sql.js';
import { parseHashtags, parseMentions } from './text.js';
import { SearchIndexer } from './search.js';
import { MEDIA_COLUMNS, mediaView, type MediaRow, type MediaView, type StoredVariant } from './media-view.js';

export interface PostRow extends PostRef {
  text: string;
  language: string | null;
  shared_post_id: string | null;
  created_at: Date | string;
  edited_at: Date | string | null;
}

export interface NewPost {
  text: string;
  visibility: Visibility;
  language?: string;
  mediaIds?: string[];
  poll?: { question: string; options: string[]; closesAt: string };
  sharedPostId?: string;
}

export interface PostView {
  id: string;
  author: Pick<PublicUser, 'id' | 'username' | 'displayName' | 'avatarUrl'> | null;
  text: string;
  visibility: Visibility;
  language: string | null;
  hashtags: string[];
  /** Up to `maxImagesPerPost` pictures, or one video. */
  media: MediaView[];
  poll: { question: string; closesAt: string; closed: boolean; options: Array<{ id: string; text: string; votes: number }>; myVote: string | null } | null;
  /** One level only: a share of a share shows the middle post, not the whole chain. */
  sharedPost: (Omit<PostView, 'sharedPost'> & { sharedPost: null }) | null;
  reactions: Record<string, number>;
  myReaction: ReactionKind | null;
  commentCount: number;
  createdAt: string;
  editedAt: string | null;
  why?: string;
}

/** Posts: create, read, edit with history, soft delete and restore, share, report, polls. */
export class Posts {
  readonly audience: Audience;
  readonly search: SearchIndexer;

  constructor(private readonly ctx: FeedContext) {
    this.audience = new Audience(ctx);
    this.search = new SearchIndexer(ctx, this.audience);
  }

  async create(authorId: string, input: NewPost): Promise<string> {
    const text = input.text.trim();
    const mediaIds = [...new Set(input.mediaIds ?? [])];
    if (!text && mediaIds.length === 0 && !input.poll && !input.sharedPostId) throw new HttpError(400, 'EMPTY_POST', 'A post needs text, images, a poll or a shared post.');
    if (mediaIds.length > this.ctx.settings.maxImagesPerPost) throw new HttpError(400, 'TOO_MANY_IMAGES', `A post can have at most ${this.ctx.settings.maxImagesPerPost} images.`, { max: this.ctx.settings.maxImagesPerPost });
    if (input.poll) {
      if (new Set(input.poll.options.map((o) => o.trim().toLowerCase())).size !== input.poll.options.length) throw new HttpError(400, 'DUPLICATE_POLL_OPTIONS', 'Poll options must differ.');
      if (Date.parse(input.poll.closesAt) <= Date.now()) throw new HttpError(400, 'POLL_CLOSES_IN_PAST', 'A poll must close in the future.');
    }
    if (mediaIds.length > 0) await this.checkMediaMix(authorId, mediaIds);
    if (input.sharedPostId) await this.audience.visiblePost(authorId, input.sharedPostId);
    const id = uuidv7();
    const mentioned = await this.mentionedUsers(authorId, text);
    const createdAt = new Date();
    await this.ctx.db.transaction(async (em) => {
      const sql = sqlOf(em);
      await sql('insert into feed_post (id, author_id, text, visibility, language, shared_post_id, created_at) values (?, ?, ?, ?, ?, ?, ?)',
        [id, authorId, text, input.visibility, input.language ?? null, input.sharedPostId ?? null, createdAt]);
      await this.writeHashtags(sql, id, text);
      if (mediaIds.length > 0) {
        // Claiming with `post_id is null` makes a media id attachable once, and only by its uploader.
        const claimed = await sql(`update feed_media set post_id = ?, position = array_position(?::uuid[], id) where id = any(?::uuid[]) and owner_id = ? and post_id is null returning id`,
          [id, uuidArray(mediaIds), uuidArray(mediaIds), authorId]);
        if (claimed.length !== mediaIds.length) throw new HttpError(400, 'MEDIA_NOT_FOUND', 'An image id is unknown, not yours, or already attached to a post.');
      }
      if (input.poll) {
        await sql('insert into feed_poll (post_id, question, closes_at) values (?, ?, ?)', [id, input.poll.question, new Date(input.poll.closesAt)]);
        let position = 0;
        for (const option of input.poll.options) await sql('insert into feed_poll_option (id, post_id, position, text) values (?, ?, ?, ?)', [uuidv7(), id, position++, option]);
      }
      // In the same transaction: fan-out and indexing never see a post that was rolled back.
      await this.ctx.events.emit('feed.post.created', { postId: id, authorId, visibility: input.visibility, createdAt: createdAt.toISOString() });
    });
    await this.notifyMentions(authorId, id, mentioned);
    return id;
  }

  /** One video, or pictures: a post never mixes them. Unknown ids are left to the claim, which names them. */
  private async checkMediaMix(authorId: string, mediaIds: string[]): Promise<void> {
    const items = await this.ctx.db.query<{ kind: string; status: string }>('select kind, status from feed_media where id = any(?::uuid[]) and owner_id = ? and post_id is null', [uuidArray(mediaIds), authorId]);
    const videos = items.filter((m) => m.kind === 'video');
    if (videos.length > 0 && mediaIds.length > 1) throw new HttpError(400, 'VIDEO_WITH_OTHER_MEDIA', 'A post carries one video, or pictures, not both.');
    if (videos.some((v) => v.status === 'failed')) throw new HttpError(400, 'VIDEO_FAILED', 'This video could not be processed; upload it again.');
  }

  async edit(userId: string, id: string, patch: { text?: string; visibility?: Visibility }): Promise<void> {
    const post = await this.audience.visiblePost<PostRow>(userId, id);
    if (post.author_id !== userId) throw new HttpError(403, 'NOT_POST_AUTHOR', 'Only the author can edit a post.');
    const text = patch.text === undefined ? post.text : patch.text.trim();
    const before = new Set(parseMentions(post.text));
    await this.ctx.db.transaction(async (em) => {
      const sql = sqlOf(em);
      // The revision keeps what the post said before this edit, so the history reads oldest first.
      await sql('insert into feed_post_revision (id, post_id, text, visibility) values (?, ?, ?, ?)', [uuidv7(), id, post.text, post.visibility]);
      await sql('update feed_post set text = ?, visibility = ?, edited_at = now() where id = ?', [text, patch.visibility ?? post.visibility, id]);
      await sql('delete from feed_post_hashtag where post_id = ?', [id]);
      await this.writeHashtags(sql, id, text);
      await this.ctx.events.emit('feed.post.updated', { postId: id, authorId: userId });
    });
    const fresh = (await this.mentionedUsers(userId, text)).filter((u) => !before.has(u.username.toLowerCase()));
    await this.notifyMentions(userId, id, fresh);
    await this.search.index(id);
  }

  async revisions(viewerId: string | null, id: string) {
    const post = await this.audience.visiblePost<PostRow>(viewerId, id);
    const rows = await this.ctx.db.query<{ id: string; text: string; visibility: string; created_at: string }>('select id, text, visibility, created_at from feed_post_revision where post_id = ? order by id', [id]);
    return {
      current: { text: post.text, editedAt: iso(post.edited_at) },
      revisions: rows.map((r) => ({ id: r.id, text: r.text, replacedAt: iso(r.created_at)! })),
    };
  }

  async remove(userId: string, id: string, isModerator: boolean): Promise<void> {
    const [post] = await this.ctx.db.query<PostRow>('select * from feed_post where id = ? and deleted_at is null', [id]);
    if (!post || (!isModerator && !(await this.audience.canSee(userId, post)))) throw new HttpError(404, 'POST_NOT_FOUND', 'No such post.');
    if (post.author_id !== userId && !isModerator) throw new HttpError(403, 'NOT_POST_AUTHOR', 'Only the author or a moderator can delete a post.');
    await this.ctx.db.transaction(async (em) => {
      await sqlOf(em)('update feed_post set deleted_at = now(), deleted_by = ? where id = ?', [userId, id]);
      await this.ctx.events.emit('feed.post.deleted', { postId: id, authorId: post.author_id, deletedBy: userId });
    });
    await this.search.index(id);
  }

  async restore(moderatorId: string, id: string): Promise<void> {
    const [post] = await this.ctx.db.query<PostRow>('select * from feed_post where id = ?', [id]);
    if (!post) throw new HttpError(404, 'POST_NOT_FOUND', 'No such post.');
    if (!post.deleted_at) throw new HttpError(409, 'POST_NOT_DELETED', 'The post is not deleted.');
    const age = Date.now() - new Date(post.deleted_at).getTime();
    if (age > this.ctx.settings.restoreDays * 86_400_000) throw new HttpError(410, 'RESTORE_EXPIRED', `Posts can only be restored within ${this.ctx.settings.restoreDays} days of their deletion.`);
    await this.ctx.db.transaction(async (em) => {
      await sqlOf(em)('update feed_post set deleted_at = null, deleted_by = null where id = ?', [id]);
      await this.ctx.events.emit('feed.post.restored', { postId: id, authorId: post.author_id, restoredBy: moderatorId });
    });
    await this.search.index(id);
  }

  /** Files the report into the kernel's moderation queue; reporting the same post again while it is open changes nothing. */
  async report(reporterId: string, id: string, reason: string): Promise<string> {
    await this.audience.visiblePost(reporterId, id);
    return this.ctx.db.transaction(async () => {
      const report = await this.ctx.moderation.report({ itemType: 'post', itemId: id, reporterId, reason });
      if (report.created) await this.ctx.events.emit('feed.post.reported', { reportId: report.id, postId: id, reporterId, reason });
      return report.id;
    });
  }

  async vote(userId: string, postId: string, optionId: string): Promise<void> {
    await this.audience.visiblePost(userId, postId);
    const [poll] = await this.ctx.db.query<{ closes_at: string }>('select closes_at from feed_poll where post_id = ?', [postId]);
    if (!poll) throw new HttpError(404, 'POLL_NOT_FOUND', 'This post has no poll.');
    if (new Date(poll.closes_at).getTime() <= Date.now()) throw new HttpError(409, 'POLL_CLOSED', 'The poll is closed.');
    const [option] = await this.ctx.db.query('select id from feed_poll_option where id = ? and post_id = ?', [optionId, postId]);
    if (!option) throw new HttpError(400, 'POLL_OPTION_NOT_FOUND', 'No such option in this poll.');
    // The primary key (post, user) settles races: the second of two simultaneous votes inserts nothing.
    const rows = await this.ctx.db.query('insert into feed_poll_vote (post_id, user_id, option_id) values (?, ?, ?) on conflict do nothing returning user_id', [postId, userId, optionId]);
    if (rows.length === 0) throw new HttpError(409, 'ALREADY_VOTED', 'You already voted in this poll.');
  }

  async attachImage(ownerId: string, image: Buffer): Promise<MediaView> {
    const processed = await this.ctx.media.processImage(image);
    const id = uuidv7();
    const variants: StoredVariant[] = [];
    try {
      for (const v of processed.variants) {
        const key = `media/${id}/${v.name}.${v.format === 'jpeg' ? 'jpg' : 'webp'}`;
        await this.ctx.storage.put(key, v.bytes, { accept: ['image/*'], maxBytes: this.ctx.settings.maxImageBytes });
        variants.push({ name: v.name, format: v.format, width: v.width, height: v.height, key });
      }
      await this.ctx.db.query('insert into feed_media (id, owner_id, width, height, variants) values (?, ?, ?, ?, ?)', [id, ownerId, processed.width, processed.height, JSON.stringify(variants)]);
    } catch (error) {
      await this.deleteFiles(`media/${id}/`);
      throw error;
    }
    return mediaView(this.ctx.storage, { id, owner_id: ownerId, post_id: null, kind: 'image', status: 'ready', width: processed.width, height: processed.height, variants,
      duration_seconds: null, original_key: null, playlist_key: null, poster_key: null, error: null });
  }

  async deleteFiles(prefix: string): Promise<void> {
    try {
      for await (const object of this.ctx.storage.list(prefix)) await this.ctx.storage.delete(object.key);
    } catch (error) {
      this.ctx.log.error({ err: error, prefix }, 'deleting feed images from storage failed; remove the prefix by hand');
    }
  }

  /**
   * Posts as the viewer sees them, in the order of `ids`, in a handful of queries whatever the
   * page size. Visibility is not checked here: callers pass ids they already filtered.
   */
  async hydrate(viewerId: string | null, ids: string[], depth = 0): Promise<PostView[]> {
    if (ids.length === 0) return [];
    const list = uuidArray(ids);
    const [posts, tags, media, reactions, mine, comments, polls, options, votes] = await Promise.all([
      this.ctx.db.query<PostRow>('select * from feed_post where id = any(?::uuid[])', [list]),
      this.ctx.db.query<{ post_id: string; tag: string }>('select post_id, tag from feed_post_hashtag where post_id = any(?::uuid[]) order by tag', [list]),
      this.ctx.db.query<MediaRow & { post_id: string }>(`select ${MEDIA_COLUMNS} from feed_media where post_id = any(?::uuid[]) order by position`, [list]),
      this.ctx.db.query<{ target_id: string; kind: string; n: number }>(`select target_id, kind, n from feed_reaction_count where target_type = 'post' and target_id = any(?::uuid[]) and n > 0`, [list]),
      viewerId ? this.ctx.db.query<{ target_id: string; kind: ReactionKind }>(`select target_id, kind from feed_reaction where target_type = 'post' and user_id = ? and target_id = any(?::uuid[])`, [viewerId, list]) : Promise.resolve([]),
      this.ctx.db.query<{ post_id: string; n: string | number }>('select post_id, count(*) as n from feed_comment where post_id = any(?::uuid[]) and deleted_at is null and not hidden group by post_id', [list]),
      this.ctx.db.query<{ post_id: string; question: string; closes_at: string }>('select * from feed_poll where post_id = any(?::uuid[])', [list]),
      this.ctx.db.query<{ id: string; post_id: string; text: string; votes: string | number }>('select o.id, o.post_id, o.text, (select count(*) from feed_poll_vote v where v.option_id = o.id) as votes from feed_poll_option o where o.post_id = any(?::uuid[]) order by o.position', [list]),
      viewerId ? this.ctx.db.query<{ post_id: string; option_id: string }>('select post_id, option_id from feed_poll_vote where user_id = ? and post_id = any(?::uuid[])', [viewerId, list]) : Promise.resolve([]),
    ]);
    const byId = new Map(posts.map((p) => [p.id, p]));
    const users = new Map((await this.ctx.accounts.getUsers([...new Set(posts.map((p) => p.author_id))])).map((u) => [u.id, u]));
    const shared = new Map<string, Omit<PostView, 'sharedPost'> & { sharedPost: null }>();
    if (depth === 0) {
      const sharedIds = [...new Set(posts.map((p) => p.shared_post_id).filter((x): x is string => !!x))];
      // Checked together, not one post (and its author's ties) at a time: a page of shares costs the same as one.
      const visible = await this.audience.visibleIds(viewerId, sharedIds);
      for (const view of await this.hydrate(viewerId, sharedIds.filter((id) => visible.has(id)), 1)) shared.set(view.id, { ...view, sharedPost: null });
    }
    const group = <T extends { post_id: string }>(rows: T[]) => {
      const m = new Map<string, T[]>();
      for (const r of rows) m.set(r.post_id, [...(m.get(r.post_id) ?? []), r]);
      return m;
    };
    const tagsOf = group(tags);
    const mediaOf = group(media);
    const optionsOf = group(options);
    const views: PostView[] = [];
    for (const id of ids) {
      const p = byId.get(id);
      if (!p) continue;
      const author = users.get(p.author_id);
      const counts: Record<string, number> = Object.fromEntries(REACTIONS.map((k) => [k, 0]));
      for (const r of reactions) if (r.target_id === id) counts[r.kind] = Number(r.n);
      const poll = polls.find((x) => x.post_id === id);
      views.push({
        id,
        author: author ? { id: author.id, username: author.username, displayName: author.displayName, avatarUrl: author.avatarUrl } : null,
        text: p.text,
        visibility: p.visibility,
        language: p.language,
        hashtags: (tagsOf.get(id) ?? []).map((t) => t.tag),
        media: await Promise.all((mediaOf.get(id) ?? []).map((m) => mediaView(this.ctx.storage, m))),
        poll: poll ? {
          question: poll.question,
          closesAt: iso(poll.closes_at)!,
          closed: new Date(poll.closes_at).getTime() <= Date.now(),
          options: (optionsOf.get(id) ?? []).map((o) => ({ id: o.id, text: o.text, votes: Number(o.votes) })),
          myVote: votes.find((v) => v.post_id === id)?.option_id ?? null,
        } : null,
        sharedPost: p.shared_post_id ? shared.get(p.shared_post_id) ?? null : null,
        reactions: counts,
        myReaction: mine.find((r) => r.target_id === id)?.kind ?? null,
        commentCount: Number(comments.find((c) => c.post_id === id)?.n ?? 0),
        createdAt: iso(p.created_at)!,
        editedAt: iso(p.edited_at),
      });
    }
    return views;
  }

  async view(viewerId: string | null, id: string): Promise<PostView> {
    await this.audience.visiblePost(viewerId, id);
    return (await this.hydrate(viewerId, [id]))[0]!;
  }

  private async writeHashtags(sql: Sql, postId: string, text: string): Promise<void> {
    for (const tag of parseHashtags(text)) await sql('insert into feed_post_hashtag (post_id, tag) values (?, ?) on conflict do nothing', [postId, tag]);
  }

  private async mentionedUsers(authorId: string, text: string): Promise<PublicUser[]> {
    const users: PublicUser[] = [];
    for (const name of parseMentions(text)) {
      const user = await this.ctx.accounts.findByUsername(name);
      if (user && user.id !== authorId) users.push(user);
    }
    return users;
  }

  private async notifyMentions(authorId: string, postId: string, users: PublicUser[]): Promise<void> {
    const [post] = await this.ctx.db.query<PostRow>('select * from feed_post where id = ?', [postId]);
    for (const user of users) {
      // A mention must not reveal a post its subject cannot open.
      if (!post || !(await this.audience.canSee(user.id, post))) continue;
      await this.ctx.notifications.send({ type: 'mention', recipientId: user.id, actorId: authorId, target: { type: 'post', id: postId }, textKey: 'notification.mention' });
    }
  }
}

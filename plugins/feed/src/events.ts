import { Type, type Static } from '@petamigos/core';

/*
 * What the feed tells other plugins (and itself: fan-out and indexing run on `feed.post.created`).
 * Delivery is at least once, so handlers must be idempotent.
 */
const Id = Type.String({ format: 'uuid' });
const strict = { additionalProperties: false } as const;
const Visibility = Type.Enum(['public', 'friends', 'close_friends', 'only_me']);

export const PostCreated = Type.Object({ postId: Id, authorId: Id, visibility: Visibility, createdAt: Type.String({ format: 'date-time' }) }, strict);
export const PostUpdated = Type.Object({ postId: Id, authorId: Id }, strict);
export const PostDeleted = Type.Object({ postId: Id, authorId: Id, deletedBy: Id }, strict);
export const PostRestored = Type.Object({ postId: Id, authorId: Id, restoredBy: Id }, strict);
export const PostReported = Type.Object({ reportId: Id, postId: Id, reporterId: Id, reason: Type.String() }, strict);
export const CommentCreated = Type.Object({ commentId: Id, postId: Id, authorId: Id, parentId: Type.Union([Id, Type.Null()]) }, strict);

export const FeedEvents = {
  'feed.post.created': PostCreated,
  'feed.post.updated': PostUpdated,
  'feed.post.deleted': PostDeleted,
  'feed.post.restored': PostRestored,
  'feed.post.reported': PostReported,
  'feed.comment.created': CommentCreated,
} as const;

export type PostCreatedPayload = Static<typeof PostCreated>;
export type PostReportedPayload = Static<typeof PostReported>;

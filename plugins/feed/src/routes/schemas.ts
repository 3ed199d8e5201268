import { Type, type TSchema } from '@petamigos/core';
import { REACTIONS, VISIBILITIES } from '../entities/index.js';

export { errorResponses } from '@petamigos/core';
export const strict = { additionalProperties: false } as const;
export const tags = ['feed'];
export const security = [{ bearer: [] }];

export const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);

export const IdParams = Type.Object({ id: Uuid }, strict);
export const Visibility = Type.Enum([...VISIBILITIES], { description: 'public, friends, close_friends (your circle) or only_me.' });
export const ReactionKind = Type.Enum([...REACTIONS]);
export const PostText = Type.String({ maxLength: 5000 });
export const CommentText = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' });

export const Author = Nullable(Type.Object({ id: Uuid, username: Type.String(), displayName: Type.String(), avatarUrl: Nullable(Type.String()) }));
const Variant = Type.Object({ name: Type.String(), format: Type.String(), width: Type.Integer(), height: Type.Integer(), url: Type.String() });
export const Media = Type.Object({
  id: Uuid,
  kind: Type.Enum(['image', 'video']),
  status: Type.Enum(['processing', 'ready', 'failed'], { description: 'Pictures are ready at once; a video is processing until its HLS rendition and poster exist.' }),
  width: Type.Integer(),
  height: Type.Integer(),
  variants: Type.Array(Variant, { description: 'Picture sizes; empty for a video.' }),
  durationSeconds: Nullable(Type.Number({ description: 'Videos only.' })),
  posterUrl: Nullable(Type.String({ description: 'A video\'s poster frame (JPEG), once ready.' })),
  playlistUrl: Nullable(Type.String({ description: 'A video\'s HLS master playlist, once ready.' })),
  error: Nullable(Type.String({ description: 'Why a video failed (an error code), else null.' })),
});
export const Counts = Type.Record(Type.String(), Type.Integer(), { description: 'Reactions per kind: like, love, haha, wow, sad, angry.' });

const PostFields = {
  id: Uuid,
  author: Author,
  text: Type.String(),
  visibility: Visibility,
  language: Nullable(Type.String()),
  hashtags: Type.Array(Type.String()),
  media: Type.Array(Media),
  poll: Nullable(Type.Object({
    question: Type.String(), closesAt: DateTime, closed: Type.Boolean(),
    options: Type.Array(Type.Object({ id: Uuid, text: Type.String(), votes: Type.Integer() })),
    myVote: Nullable(Uuid),
  })),
  reactions: Counts,
  myReaction: Nullable(ReactionKind),
  commentCount: Type.Integer(),
  createdAt: DateTime,
  editedAt: Nullable(DateTime),
  why: Type.Optional(Type.String({ description: 'Ranked feed only: why this post is shown.' })),
};
export const Post = Type.Object({ ...PostFields, sharedPost: Nullable(Type.Object({ ...PostFields, sharedPost: Type.Null() })) });

export const PostCreateBody = Type.Object({
  text: Type.Optional(PostText),
  visibility: Type.Optional(Visibility),
  language: Type.Optional(Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$' })),
  mediaIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
  poll: Type.Optional(Type.Object({
    question: Type.String({ minLength: 1, maxLength: 300 }),
    options: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 2, maxItems: 4 }),
    closesAt: DateTime,
  }, strict)),
}, strict);

export const PostPatchBody = Type.Object({ text: Type.Optional(PostText), visibility: Type.Optional(Visibility) }, { ...strict, minProperties: 1 });
export const ShareBody = Type.Object({ text: Type.Optional(PostText), visibility: Type.Optional(Visibility) }, strict);
export const ReportBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, strict);
export const VoteBody = Type.Object({ optionId: Uuid }, strict);
export const ReactBody = Type.Object({ kind: ReactionKind }, strict);
export const CommentBody = Type.Object({ text: CommentText, parentId: Type.Optional(Uuid) }, strict);
export const CommentPatchBody = Type.Object({ text: CommentText }, strict);
export const HideBody = Type.Object({ hidden: Type.Boolean() }, strict);

export const Comment = Type.Object({
  id: Uuid, postId: Uuid, parentId: Nullable(Uuid), depth: Type.Integer({ minimum: 1, maximum: 3 }), text: Type.String(), hidden: Type.Boolean(),
  reactions: Counts, author: Author, createdAt: DateTime, editedAt: Nullable(DateTime),
});

export const PageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The `nextCursor` of the previous page.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
}, strict);

export const HomeQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  mode: Type.Optional(Type.Enum(['chronological', 'ranked'], { default: 'chronological' })),
}, strict);

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last.' })) });
}

export const ReactionState = Type.Object({ counts: Counts, mine: Nullable(ReactionKind) });
export const Created = Type.Object({ id: Uuid });
export const NoContent = Type.Null();

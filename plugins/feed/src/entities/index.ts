import { EntitySchema } from '@petamigos/core';

export const VISIBILITIES = ['public', 'friends', 'close_friends', 'only_me'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const REACTIONS = ['like', 'love', 'haha', 'wow', 'sad', 'angry'] as const;
export type ReactionKind = (typeof REACTIONS)[number];

/*
 * The feed reads and writes through SQL (counts, locks, `on conflict`), so these schemas exist for
 * the kernel's table-prefix check and for plugin authors browsing the data model.
 */
export interface Post {
  id: string;
  authorId: string;
  text: string;
  visibility: Visibility;
  language: string | null;
  sharedPostId: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  deletedBy: string | null;
}

export const PostEntity = new EntitySchema<Post>({
  name: 'FeedPost',
  tableName: 'feed_post',
  properties: {
    id: { type: 'uuid', primary: true },
    authorId: { type: 'uuid', fieldName: 'author_id' },
    text: { type: 'text' },
    visibility: { type: 'string' },
    language: { type: 'string', nullable: true },
    sharedPostId: { type: 'uuid', fieldName: 'shared_post_id', nullable: true },
    createdAt: { type: 'Date', fieldName: 'created_at' },
    editedAt: { type: 'Date', fieldName: 'edited_at', nullable: true },
    deletedAt: { type: 'Date', fieldName: 'deleted_at', nullable: true },
    deletedBy: { type: 'uuid', fieldName: 'deleted_by', nullable: true },
  },
});

export interface Comment {
  id: string;
  postId: string;
  authorId: string;
  parentId: string | null;
  depth: number;
  text: string;
  hidden: boolean;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

export const CommentEntity = new EntitySchema<Comment>({
  name: 'FeedComment',
  tableName: 'feed_comment',
  properties: {
    id: { type: 'uuid', primary: true },
    postId: { type: 'uuid', fieldName: 'post_id' },
    authorId: { type: 'uuid', fieldName: 'author_id' },
    parentId: { type: 'uuid', fieldName: 'parent_id', nullable: true },
    depth: { type: 'integer' },
    text: { type: 'text' },
    hidden: { type: 'boolean' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
    editedAt: { type: 'Date', fieldName: 'edited_at', nullable: true },
    deletedAt: { type: 'Date', fieldName: 'deleted_at', nullable: true },
  },
});

export const entities = [PostEntity, CommentEntity];

// The shapes the feed API answers with (plugins/feed/src/routes/schemas.ts), as the pages use them.

export const VISIBILITIES = ['public', 'friends', 'close_friends', 'only_me'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const REACTIONS = ['like', 'love', 'haha', 'wow', 'sad', 'angry'] as const;
export type ReactionKind = (typeof REACTIONS)[number];
export type Counts = Partial<Record<ReactionKind, number>>;

export interface Author {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
}

export interface Media {
  id: string;
  kind: 'image' | 'video';
  status: 'processing' | 'ready' | 'failed';
  width: number;
  height: number;
  variants: Array<{ name: string; format: string; width: number; height: number; url: string }>;
  durationSeconds: number | null;
  posterUrl: string | null;
  playlistUrl: string | null;
  error: string | null;
}

export interface Poll {
  question: string;
  closesAt: string;
  closed: boolean;
  options: Array<{ id: string; text: string; votes: number }>;
  myVote: string | null;
}

export interface PostFields {
  id: string;
  author: Author | null;
  text: string;
  visibility: Visibility;
  language: string | null;
  hashtags: string[];
  media: Media[];
  poll: Poll | null;
  reactions: Counts;
  myReaction: ReactionKind | null;
  commentCount: number;
  createdAt: string;
  editedAt: string | null;
  /** Ranked home feed only: the API's reason for showing the post. */
  why?: string;
}

export interface Post extends PostFields {
  sharedPost: (PostFields & { sharedPost: null }) | null;
}

export interface Comment {
  id: string;
  postId: string;
  parentId: string | null;
  depth: number;
  text: string;
  hidden: boolean;
  reactions: Counts;
  author: Author | null;
  createdAt: string;
  editedAt: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type FeedMode = 'chronological' | 'ranked';

export interface ReactionState {
  counts: Counts;
  mine: ReactionKind | null;
}

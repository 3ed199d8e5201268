import type { FeedContext } from '../settings.js';
import { Comments } from './comments.js';
import { HomeTimeline } from './home.js';
import { PostLists } from './lists.js';
import { Posts } from './posts.js';
import { Reactions } from './reactions.js';
import { NewPosts } from './new-posts.js';
import { Trending } from './trending.js';
import { Videos } from './videos.js';
import { Wellbeing } from './wellbeing.js';

/** The feed's parts, built once per context and shared by routes, handlers and hooks. */
export interface FeedServices {
  posts: Posts;
  comments: Comments;
  reactions: Reactions;
  home: HomeTimeline;
  lists: PostLists;
  videos: Videos;
  newPosts: NewPosts;
  trending: Trending;
  wellbeing: Wellbeing;
}

const built = new WeakMap<object, FeedServices>();

export function feedServices(ctx: FeedContext): FeedServices {
  let services = built.get(ctx);
  if (!services) {
    const posts = new Posts(ctx);
    services = { posts, comments: new Comments(ctx, posts.audience), reactions: new Reactions(ctx, posts.audience), home: new HomeTimeline(ctx, posts.audience, posts), lists: new PostLists(ctx, posts.audience, posts),
      videos: new Videos(ctx, posts.audience), newPosts: new NewPosts(ctx, posts.audience), trending: new Trending(ctx), wellbeing: new Wellbeing(ctx) };
    built.set(ctx, services);
  }
  return services;
}

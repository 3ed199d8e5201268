import { Migration } from '@petamigos/core';

export class Migration20261123200000_feed extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table feed_post (
      id uuid primary key,
      author_id uuid not null,
      text text not null default '',
      visibility text not null check (visibility in ('public', 'friends', 'close_friends', 'only_me')),
      language text,
      shared_post_id uuid,
      created_at timestamptz not null default now(),
      edited_at timestamptz,
      deleted_at timestamptz,
      deleted_by uuid
    )`);
    // The home feed asks "newest posts of these authors": one index range per author.
    this.addSql('create index feed_post_author_idx on feed_post (author_id, id desc)');
    this.addSql('create table feed_post_revision (id uuid primary key, post_id uuid not null references feed_post (id) on delete cascade, text text not null, visibility text not null, created_at timestamptz not null default now())');
    this.addSql('create index feed_post_revision_post_idx on feed_post_revision (post_id, id)');
    this.addSql('create table feed_post_hashtag (post_id uuid not null references feed_post (id) on delete cascade, tag text not null, primary key (post_id, tag))');
    this.addSql('create index feed_post_hashtag_tag_idx on feed_post_hashtag (tag, post_id desc)');
    this.addSql(`create table feed_media (
      id uuid primary key,
      owner_id uuid not null,
      post_id uuid references feed_post (id) on delete set null,
      position integer not null default 0,
      width integer not null,
      height integer not null,
      variants jsonb not null,
      created_at timestamptz not null default now()
    )`);
    this.addSql('create index feed_media_post_idx on feed_media (post_id, position)');
    this.addSql('create table feed_poll (post_id uuid primary key references feed_post (id) on delete cascade, question text not null, closes_at timestamptz not null)');
    this.addSql('create table feed_poll_option (id uuid primary key, post_id uuid not null references feed_poll (post_id) on delete cascade, position integer not null, text text not null)');
    // One vote per user per poll is the primary key, so a double submit cannot count twice.
    this.addSql('create table feed_poll_vote (post_id uuid not null references feed_poll (post_id) on delete cascade, user_id uuid not null, option_id uuid not null references feed_poll_option (id) on delete cascade, created_at timestamptz not null default now(), primary key (post_id, user_id))');
    this.addSql(`create table feed_comment (
      id uuid primary key,
      post_id uuid not null references feed_post (id) on delete cascade,
      author_id uuid not null,
      parent_id uuid references feed_comment (id) on delete cascade,
      depth integer not null check (depth between 1 and 3),
      text text not null,
      hidden boolean not null default false,
      created_at timestamptz not null default now(),
      edited_at timestamptz,
      deleted_at timestamptz
    )`);
    this.addSql('create index feed_comment_post_idx on feed_comment (post_id, id)');
    this.addSql('create index feed_comment_author_idx on feed_comment (author_id)');
    this.addSql(`create table feed_reaction (
      id uuid primary key,
      target_type text not null check (target_type in ('post', 'comment')),
      target_id uuid not null,
      user_id uuid not null,
      kind text not null check (kind in ('like', 'love', 'haha', 'wow', 'sad', 'angry')),
      created_at timestamptz not null default now(),
      unique (target_type, target_id, user_id)
    )`);
    this.addSql('create index feed_reaction_user_idx on feed_reaction (user_id)');
    // Counts are kept beside the rows, in the same transaction, so reading them never scans reactions.
    this.addSql(`create table feed_reaction_count (
      target_type text not null, target_id uuid not null, kind text not null, n integer not null default 0 check (n >= 0),
      primary key (target_type, target_id, kind)
    )`);
    this.addSql('create table feed_report (id uuid primary key, post_id uuid not null references feed_post (id) on delete cascade, reporter_id uuid not null, reason text not null, created_at timestamptz not null default now())');
  }

  override async down(): Promise<void> {
    for (const table of ['feed_report', 'feed_reaction_count', 'feed_reaction', 'feed_comment', 'feed_poll_vote', 'feed_poll_option', 'feed_poll', 'feed_media', 'feed_post_hashtag', 'feed_post_revision', 'feed_post']) {
      this.addSql(`drop table if exists ${table}`);
    }
  }
}

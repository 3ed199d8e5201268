import { Migration } from '@petamigos/core';

export class Migration20261123100000_social extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table social_pet (
      id uuid primary key,
      owner_id uuid not null,
      name text not null,
      species text not null check (species in ('dog', 'cat', 'bird', 'rabbit', 'fish', 'reptile', 'rodent', 'horse', 'other')),
      breed text,
      birth_date date,
      bio text not null default '',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql('create index social_pet_owner_idx on social_pet (owner_id, id)');

    this.addSql(`create table social_pet_photo (
      id uuid primary key,
      pet_id uuid not null references social_pet (id) on delete cascade,
      owner_id uuid not null,
      width integer not null,
      height integer not null,
      variants jsonb not null,
      created_at timestamptz not null default now()
    )`);
    this.addSql('create index social_pet_photo_pet_idx on social_pet_photo (pet_id, id)');

    this.addSql(`create table social_friendship (
      id uuid primary key,
      requester_id uuid not null,
      addressee_id uuid not null,
      status text not null check (status in ('pending', 'accepted')),
      created_at timestamptz not null default now(),
      accepted_at timestamptz,
      check (requester_id <> addressee_id)
    )`);
    // The unordered pair is unique: A→B and B→A are the same row, which is what lets two people who
    // ask each other at the same moment end up friends instead of with two crossed requests.
    this.addSql('create unique index social_friendship_pair_idx on social_friendship (least(requester_id, addressee_id), greatest(requester_id, addressee_id))');
    this.addSql('create index social_friendship_requester_idx on social_friendship (requester_id, status, id)');
    this.addSql('create index social_friendship_addressee_idx on social_friendship (addressee_id, status, id)');

    this.addSql(`create table social_follow (
      id uuid primary key,
      follower_id uuid not null,
      followee_id uuid not null,
      created_at timestamptz not null default now(),
      unique (follower_id, followee_id),
      check (follower_id <> followee_id)
    )`);
    this.addSql('create index social_follow_followee_idx on social_follow (followee_id, id)');
    this.addSql('create index social_follow_follower_idx on social_follow (follower_id, id)');

    this.addSql(`create table social_mute (
      id uuid primary key,
      muter_id uuid not null,
      mutee_id uuid not null,
      created_at timestamptz not null default now(),
      unique (muter_id, mutee_id),
      check (muter_id <> mutee_id)
    )`);
    this.addSql('create index social_mute_muter_idx on social_mute (muter_id, id)');
    this.addSql('create index social_mute_mutee_idx on social_mute (mutee_id)');

    this.addSql(`create table social_close_friend (
      id uuid primary key,
      owner_id uuid not null,
      friend_id uuid not null,
      created_at timestamptz not null default now(),
      unique (owner_id, friend_id),
      check (owner_id <> friend_id)
    )`);
    this.addSql('create index social_close_friend_owner_idx on social_close_friend (owner_id, id)');
    this.addSql('create index social_close_friend_friend_idx on social_close_friend (friend_id)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table social_close_friend');
    this.addSql('drop table social_mute');
    this.addSql('drop table social_follow');
    this.addSql('drop table social_friendship');
    this.addSql('drop table social_pet_photo');
    this.addSql('drop table social_pet');
  }
}

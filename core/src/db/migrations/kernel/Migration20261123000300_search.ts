import { Migration } from '@mikro-orm/migrations';

/**
 * The default search driver's storage: one row per (index, document), whose `search` tsvector
 * (weighted, stemmed, unaccented; GIN) answers the full-text match, and whose visibility columns
 * let every query enforce who may see what in SQL. Typo tolerance looks words up in
 * `kernel_search_word`, each index's vocabulary, through a trigram index: a trigram index on the
 * documents' whole text had to recheck tens of thousands of long rows per query (2–3 s at 100 000
 * documents), the vocabulary is a few thousand short words. `kernel_search_index` remembers each
 * index's fields and language, to warn when a changed declaration leaves documents indexed the old way.
 */
export class Migration20261123000300_search extends Migration {
  override async up(): Promise<void> {
    // Both ship with PostgreSQL's contrib and are trusted extensions (a database owner may create
    // them); PGlite loads them in core/src/db/embedded-postgres.ts.
    this.addSql('create extension if not exists pg_trgm');
    this.addSql('create extension if not exists unaccent');
    this.addSql(`create table kernel_search_document (
      index_name text not null,
      doc_id text not null,
      body jsonb not null,
      search tsvector not null,
      public boolean not null,
      owner_id uuid null,
      allowed uuid[] not null default '{}',
      removed boolean not null default false,
      updated_at timestamptz not null default now(),
      primary key (index_name, doc_id)
    )`);
    this.addSql('create index kernel_search_document_search_idx on kernel_search_document using gin (search)');
    this.addSql(`create table kernel_search_word (
      index_name text not null,
      word text not null,
      primary key (index_name, word)
    )`);
    this.addSql('create index kernel_search_word_trgm_idx on kernel_search_word using gin (word gin_trgm_ops)');
    this.addSql(`create table kernel_search_index (
      name text primary key,
      definition jsonb not null,
      defined_at timestamptz not null default now()
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table kernel_search_index');
    this.addSql('drop table kernel_search_word');
    this.addSql('drop table kernel_search_document');
    // The extensions stay: plugins may have come to rely on them, and they hold no data.
  }
}

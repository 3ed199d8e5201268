import type { SearchDocument, SearchEngine, SearchIndexDefinition } from './index.js';

/**
 * Synthetic pet posts for benchmarks and load tests: deterministic (same seed, same documents),
 * Spanish and English mixed, with the visibility mix a real feed has (mostly public, some
 * private, shared and removed), so a measured search pays for every part of the real query.
 */
export function seedIndexDefinition(name: string): SearchIndexDefinition {
  return {
    name,
    fields: [
      { name: 'title', weight: 'A' },
      { name: 'tags', weight: 'B' },
      { name: 'body', weight: 'C' },
    ],
    filters: ['species', 'tags'],
    sort: ['createdAt'],
    language: { field: 'language' },
  };
}

const SPECIES = ['perro', 'gato', 'conejo', 'loro', 'hurón', 'tortuga'];
const BREEDS = ['golden retriever', 'labrador', 'chihuahua', 'siamés', 'persa', 'beagle', 'pastor alemán', 'caniche', 'bulldog francés', 'maine coon'];
const WORDS_ES = ['paseo', 'parque', 'canción', 'juguete', 'pelota', 'comida', 'veterinario', 'vacuna', 'adopción', 'cachorro', 'siesta', 'playa', 'montaña', 'baño', 'correa', 'collar', 'premio', 'amigos', 'feliz', 'travieso'];
const WORDS_EN = ['walk', 'park', 'song', 'toy', 'ball', 'food', 'vet', 'vaccine', 'adoption', 'puppy', 'nap', 'beach', 'mountain', 'bath', 'leash', 'collar', 'treat', 'friends', 'happy', 'naughty'];

/** mulberry32: a tiny PRNG, enough to make documents differ and repeat across runs. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedOptions {
  /** Documents per upsert call. Default 1 000. */
  batchSize?: number;
  /** Owners to spread documents over (uuids). Default: 50 generated ones. */
  ownerIds?: string[];
  seed?: number;
}

export function* seedDocuments(n: number, options: SeedOptions = {}): Generator<SearchDocument> {
  const rand = random(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const owners = options.ownerIds ?? Array.from({ length: 50 }, (_, i) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`);
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < n; i++) {
    const spanish = rand() < 0.6;
    const words = spanish ? WORDS_ES : WORDS_EN;
    const species = pick(SPECIES);
    const breed = pick(BREEDS);
    const body = Array.from({ length: 12 + Math.floor(rand() * 30) }, () => pick(words)).join(' ');
    const roll = rand();
    const ownerId = pick(owners);
    yield {
      id: `seed-${String(i).padStart(9, '0')}`,
      title: spanish ? `Mi ${species} ${breed} en el ${pick(words)}` : `My ${breed} at the ${pick(words)}`,
      body,
      tags: [species, pick(words)],
      species,
      language: spanish ? 'es' : 'en',
      createdAt: new Date(start + i * 60_000).toISOString(),
      visibility: {
        public: roll < 0.8,
        ownerId,
        allowedUserIds: roll >= 0.85 && roll < 0.9 ? [pick(owners)] : [],
        removed: roll >= 0.95,
      },
    };
  }
}

/** Upserts `n` synthetic documents into an index defined with `seedIndexDefinition`; resolves to `n`. */
export async function seedSearchDocuments(engine: SearchEngine, index: string, n: number, options: SeedOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? 1000;
  let batch: SearchDocument[] = [];
  for (const doc of seedDocuments(n, options)) {
    batch.push(doc);
    if (batch.length === batchSize) {
      await engine.upsert(index, batch);
      batch = [];
    }
  }
  if (batch.length > 0) await engine.upsert(index, batch);
  return n;
}

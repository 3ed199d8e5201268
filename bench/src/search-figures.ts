import pg from 'pg';
import { seedIndexDefinition, seedSearchDocuments, type SearchEngine } from '../../core/dist/services/search/index.js';
import type { DatabaseTarget } from './database-target.js';
import { targetLabel } from './database-target.js';
import { figure, type Figure } from './figures.js';
import { startKernel } from './kernel-server.js';

const INDEX = 'bench.posts';
/** Measured queries per side; each side first runs 20 untimed. */
const QUERIES = 200;
const WARMUP = 20;
const LIMIT = 20;

/** Words the seeded documents are made of (`core/src/services/search/seed.ts`), and some that match nothing. */
const WORDS = ['perro', 'gato', 'conejo', 'loro', 'paseo', 'parque', 'juguete', 'pelota', 'veterinario', 'vacuna', 'adopción', 'cachorro', 'siesta', 'playa', 'montaña', 'collar', 'premio', 'walk', 'park', 'ball', 'puppy', 'beach', 'mountain', 'leash', 'treat', 'happy', 'naughty', 'labrador', 'beagle', 'bulldog', 'siamés', 'persa', 'caniche'];
const TYPO_WORDS = WORDS.filter((w) => [...w].length >= 6);

/**
 * The query mix, the same list on both sides: 40 % one word, 40 % two words, 20 % one word with
 * a typo (two neighbouring letters swapped, one typo as the engine counts them).
 */
export function searchQueries(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = WORDS[(i * 7) % WORDS.length]!;
    const b = WORDS[(i * 11 + 3) % WORDS.length]!;
    if (i % 5 < 2) out.push(a);
    else if (i % 5 < 4) out.push(a === b ? `${a} ${WORDS[(i + 1) % WORDS.length]!}` : `${a} ${b}`);
    else {
      const w = [...TYPO_WORDS[i % TYPO_WORDS.length]!];
      const at = 1 + (i % (w.length - 3));
      [w[at], w[at + 1]] = [w[at + 1]!, w[at]!];
      out.push(w.join(''));
    }
  }
  return out;
}

/** The baseline: plain full-text over the same table, the same visibility (anonymous viewer), ranked, first page. */
const BASELINE_SQL = `select doc_id, body, ts_rank_cd(search, q) as rank
  from kernel_search_document, websearch_to_tsquery('simple', $1) q
  where index_name = $2 and search @@ q and public and not removed
  order by rank desc
  limit ${LIMIT}`;

/**
 * Search latency on the default (PostgreSQL full-text) driver over `documents` seeded documents:
 * `kernel.search.search(...)` as an anonymous viewer, against the bare `websearch_to_tsquery` +
 * `ts_rank_cd` query on the very same table, query by query in alternating order.
 */
export async function searchFigures(target: DatabaseTarget, documents: number, log: (message: string) => void, note: (message: string) => void): Promise<Figure[]> {
  const started = await startKernel([], target);
  const { kernel } = started;
  const db = targetLabel(target);
  let pool: pg.Pool | undefined;
  try {
    const engine = kernel.search;
    if (engine.driver !== 'postgres') throw new Error(`search: the kernel picked the ${engine.driver} driver; the bench measures the default (postgres)`);
    await engine.defineIndex(seedIndexDefinition(INDEX));
    log(`search: seeding ${documents.toLocaleString('en-US')} documents on ${db}`);
    const seedStarted = performance.now();
    await seedSearchDocuments(withProgress(engine, documents, log), INDEX, documents);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const connection = kernel.db.orm.em.getConnection();
    await connection.execute('analyze kernel_search_document', [], 'run');
    await connection.execute('analyze kernel_search_word', [], 'run');
    log(`search: seeded in ${seedSeconds.toFixed(1)} s; ${QUERIES} queries per side`);

    let baseline: (q: string) => Promise<number>;
    if (target.kind === 'postgres') {
      pool = new pg.Pool({ connectionString: target.url, max: 1 });
      const p = pool;
      baseline = async (q) => (await p.query(BASELINE_SQL, [q, INDEX])).rowCount ?? 0;
    } else {
      // PGlite serves one connection, the kernel's: the baseline SQL goes through it, unwrapped.
      note('search baseline on PGlite runs its SQL through the kernel\'s one connection (PGlite serves a single one), not its own pg client');
      const sql = BASELINE_SQL.replace('$1', '?').replace('$2', '?');
      baseline = async (q) => ((await connection.execute(sql, [q, INDEX], 'all')) as unknown[]).length;
    }
    const kernelSearch = async (q: string) => (await engine.search({ q, index: INDEX, viewer: { userId: null }, limit: LIMIT })).hits.length;

    // Both answer a full page for a common word, or the comparison is between different work.
    const [k, b] = [await kernelSearch('perro'), await baseline('perro')];
    if (k !== LIMIT || b !== LIMIT) throw new Error(`search: "perro" gave ${k} kernel hit(s) and ${b} baseline row(s), expected ${LIMIT} each`);

    const queries = searchQueries(QUERIES);
    for (const q of searchQueries(WARMUP)) {
      await kernelSearch(q);
      await baseline(q);
    }
    const times = { kernel: [] as number[], baseline: [] as number[] };
    const hits = { kernel: 0, baseline: 0 };
    const time = async (side: 'kernel' | 'baseline', q: string) => {
      const t0 = performance.now();
      hits[side] += await (side === 'kernel' ? kernelSearch : baseline)(q);
      times[side].push(performance.now() - t0);
    };
    for (const [i, q] of queries.entries()) {
      // Alternating who goes first, so neither side always finds the other's pages in cache.
      if (i % 2 === 0) {
        await time('kernel', q);
        await time('baseline', q);
      } else {
        await time('baseline', q);
        await time('kernel', q);
      }
    }
    const label = documents === 100_000 ? '100k' : documents.toLocaleString('en-US');
    const kinds = { oneWord: (i: number) => i % 5 < 2, twoWords: (i: number) => i % 5 >= 2 && i % 5 < 4, typo: (i: number) => i % 5 === 4 };
    const byKind = Object.fromEntries(
      Object.entries(kinds).map(([kind, is]) => {
        const pick = (samples: number[]) => samples.filter((_, i) => is(i));
        return [kind, { kernel: { p50: percentile(pick(times.kernel), 50), p95: percentile(pick(times.kernel), 95) }, baseline: { p50: percentile(pick(times.baseline), 50), p95: percentile(pick(times.baseline), 95) } }];
      }),
    );
    log(`search: p50/p95 by kind (kernel | baseline): ${JSON.stringify(byKind, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toFixed(1)) : v))}`);
    const detail = { documents, db, queries: QUERIES, mix: '40% one word, 40% two words, 20% one typo', seedSeconds, hits, byKind, samplesMs: times };
    return [
      figure('search.p50', `[search] ${db}, ${label} docs: query p50 (${QUERIES} queries, 1/2 words, typos)`, 'ms', percentile(times.kernel, 50), percentile(times.baseline, 50), detail),
      figure('search.p95', `[search] ${db}, ${label} docs: query p95`, 'ms', percentile(times.kernel, 95), percentile(times.baseline, 95)),
    ];
  } finally {
    await pool?.end();
    await started.close();
  }
}

/** The engine, logging every 10 % of the seeding. */
function withProgress(engine: SearchEngine, total: number, log: (message: string) => void): SearchEngine {
  let done = 0;
  let next = total / 10;
  return Object.assign(Object.create(engine) as SearchEngine, {
    async upsert(index: string, docs: Parameters<SearchEngine['upsert']>[1]) {
      await engine.upsert(index, docs);
      done += docs.length;
      if (done >= next) {
        log(`search: seeded ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
        next += total / 10;
      }
    },
  });
}

/** Nearest rank. */
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Typo budget and edit distance, as Meilisearch counts them by default (one typo from 5
 * characters, two from 9; a swap of two neighbouring letters is one typo), so both drivers forgive
 * the same mistakes.
 */
export const MIN_WORD_FOR_TYPO = 5;
const MIN_WORD_FOR_TWO_TYPOS = 9;

export function typoBudget(word: string): number {
  const length = [...word].length;
  if (length >= MIN_WORD_FOR_TWO_TYPOS) return 2;
  if (length >= MIN_WORD_FOR_TYPO) return 1;
  return 0;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), or max + 1 once beyond `max`. */
export function editDistance(a: string, b: string, max: number): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, beforePrevious[j - 2]! + 1);
      current[j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return Math.min(previous[t.length]!, max + 1);
}

/**
 * The vocabulary words a query word may have been meant as: within its typo budget, closest first,
 * at most `limit`. `candidates` come from the trigram index, which over-approximates.
 */
export function corrections(word: string, candidates: string[], limit = 3): string[] {
  const budget = typoBudget(word);
  if (budget === 0) return [];
  return candidates
    .map((candidate, rank) => ({ candidate, rank, distance: candidate === word ? 0 : editDistance(word, candidate, budget) }))
    .filter((c) => c.distance > 0 && c.distance <= budget)
    .sort((x, y) => x.distance - y.distance || x.rank - y.rank)
    .slice(0, limit)
    .map((c) => c.candidate);
}

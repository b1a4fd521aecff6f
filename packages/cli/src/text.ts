/** Small helpers for the wording of messages. */

/** `text` as a sentence: trimmed, ending with exactly one full stop (or its own `?` or `!`), never two. */
export function sentence(text: string): string {
  const trimmed = text.trim().replace(/[.\s]+$/, "");
  return /[?!]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** `value` quoted for a message, cut to `max` characters so that a file's contents are never echoed at length. */
export function excerpt(value: string, max = 40): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(cut);
}

/** Levenshtein distance between `a` and `b`. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The candidate closest to `wanted` (case-insensitive), or `undefined` when none is close enough to be the
 * likely meaning: within a third of the longer name's length, or containing it.
 */
export function closest(wanted: string, candidates: Iterable<string>): string | undefined {
  const needle = wanted.toLowerCase();
  let best: { name: string; score: number } | undefined;
  for (const name of candidates) {
    const hay = name.toLowerCase();
    const score = distance(needle, hay);
    if (!best || score < best.score) best = { name, score };
  }
  if (!best) return undefined;
  const limit = Math.max(2, Math.ceil(Math.max(needle.length, best.name.length) / 3));
  return best.score <= limit ? best.name : undefined;
}

/** `"; did you mean 'x'?"` when there is a close candidate, else `""`. */
export function didYouMean(wanted: string, candidates: Iterable<string>): string {
  const match = closest(wanted, candidates);
  return match === undefined ? "" : `; did you mean '${match}'?`;
}

/** Where progress is written: stderr, or anything stream-like with the same shape. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Options of {@link createProgress}. Every duration is in milliseconds. */
export interface ProgressOptions {
  stream: ProgressStream;
  /** Print nothing (the summary included). Default `false`. */
  quiet?: boolean;
  /** Live `\r` line; default: `stream.isTTY`. */
  live?: boolean;
  /** Least time between two live redraws. Default `100`. */
  redrawMs?: number;
  /** On a non-terminal: a line every this many pages... Default `10`. */
  everyPages?: number;
  /** ...or when this much time has passed since the last line. Default `2000`. */
  everyMs?: number;
  /** What is counted, in the singular. Default `"item"`. */
  noun?: string;
  /** Counts already exported by an earlier run (resume): the rate leaves them out. Default zero. */
  initial?: ProgressCounts;
  /** Clock, for tests. Default `performance.now`. */
  now?: () => number;
}

/** Counts shown by {@link Progress}. Items and pages include those of an earlier run when resuming. */
export interface ProgressCounts {
  pages: number;
  items: number;
}

/** Progress reporting of one export. */
export interface Progress {
  /** After each page is written. */
  update(counts: ProgressCounts): void;
  /** Clears the live line so that a message can follow on a clean line. */
  clear(): void;
  /** Prints `text` as its own line (below the live line). */
  note(text: string): void;
  /** Milliseconds since the progress started. */
  elapsedMs(): number;
  /** This run's rate for `counts`, formatted (`"1,234 items/s"`). */
  rate(counts: ProgressCounts): string;
}

const number = new Intl.NumberFormat("en-US");

/** `1234567` → `"1,234,567"`. */
export const formatCount = (value: number): string => number.format(Math.round(value));

/** `"1 page"`, `"2 pages"`, with the count formatted. */
export const plural = (count: number, noun: string): string => `${formatCount(count)} ${noun}${count === 1 ? "" : "s"}`;

/** Milliseconds as `"850 ms"`, `"12.3 s"` or `"4 min 05 s"`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`;
}

/** `noun`s per second over `ms`, formatted. */
export function formatRate(count: number, ms: number, noun = "item"): string {
  return `${formatCount(ms > 0 ? (count * 1000) / ms : 0)} ${noun}s/s`;
}

/**
 * Progress on stderr: on a terminal one live line rewritten with `\r` (pages, items, rate, elapsed);
 * elsewhere a plain line every `everyPages` pages or `everyMs`, whichever comes first.
 * The rate counts this run's items only, so a resumed export shows its real speed.
 */
export function createProgress(options: ProgressOptions): Progress {
  const { stream, quiet = false, redrawMs = 100, everyPages = 10, everyMs = 2000, noun = "item" } = options;
  const now = options.now ?? (() => performance.now());
  const live = options.live ?? stream.isTTY === true;
  const started = now();
  const base = options.initial ?? { pages: 0, items: 0 };
  let lastDrawn = Number.NEGATIVE_INFINITY;
  let lastPages = 0;
  let lineShown = false;

  const line = (counts: ProgressCounts, at: number) => {
    const elapsed = at - started;
    return (
      `${plural(counts.items, noun)}, ${plural(counts.pages, "page")}, ` +
      `${formatRate(counts.items - base.items, elapsed, noun)}, ${formatDuration(elapsed)}`
    );
  };
  const clear = () => {
    if (lineShown) stream.write("\r\x1b[K");
    lineShown = false;
  };

  return {
    update(counts) {
      if (quiet) return;
      const at = now();
      if (live) {
        if (at - lastDrawn < redrawMs) return;
        stream.write(`\r\x1b[K${line(counts, at)}`);
        lineShown = true;
      } else {
        if (counts.pages - lastPages < everyPages && at - lastDrawn < everyMs) return;
        stream.write(`${line(counts, at)}\n`);
        lastPages = counts.pages;
      }
      lastDrawn = at;
    },
    clear,
    note(text) {
      clear();
      stream.write(`${text}\n`);
    },
    elapsedMs: () => now() - started,
    rate: (counts) => formatRate(counts.items - base.items, now() - started, noun),
  };
}

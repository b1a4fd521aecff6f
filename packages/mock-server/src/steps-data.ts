/**
 * Synthetic step counts, as `GET /v2/timeseries/{user_id}/steps/grouped` returns them. Any user id
 * has data: a few providers, each with hourly samples on most days of a history that ends on
 * 2025-12-31. The items of a walk are groups, one per provider and UTC day with samples in the
 * range, ordered by provider (in the mix's order), then day. Group `i` of a walk is computed from
 * the seed, the user, the provider and the day alone, so pages cost constant memory.
 */
import type { ClientFacingStepsTimeseries, GroupedSteps } from "@junction/openapi-types";
import { defaultProviderMix, type ProviderMix, providerPicker, providerShares } from "./dataset.js";
import { between, daySeconds, isoDateTime, type Random } from "./fake.js";
import { providerInfo, sourceType } from "./providers.js";
import { parseDateParam } from "./query.js";
import { mix32, mulberry32, seedFor } from "./random.js";
import { seedOption } from "./team.js";

/** How `GET /v2/timeseries/{user_id}/steps/grouped` pages. */
export interface StepsOptions {
  /** Groups (one provider's samples of one day) per page, 1 to 10000. Default `30`. */
  pageSize?: number;
}

/** What the steps data set is made of: the mock's `seed` and `providers` options. */
export interface StepsDataOptions {
  /** Seed of the generator (a 32-bit integer). Default `1`. */
  seed?: number;
  /** Providers users record steps with, in proportion to their weights. Default {@link defaultProviderMix}. */
  providers?: ProviderMix;
}

/** The request's filter, as its query gives it. */
export interface StepsQuery {
  /** The path's `user_id`, a UUID. */
  userId: string;
  /** `start_date`: `YYYY-MM-DD` (from its first second) or an ISO date-time (UTC when it has no offset). */
  startDate: string;
  /** `end_date`: `YYYY-MM-DD` (to its last second) or an ISO date-time. Default: the end of the data, 2025-12-31T23:59:59Z. */
  endDate?: string | null;
  /** Only this provider's groups. Default `""`: every provider. */
  provider?: string;
}

/** A query with its dates resolved: the scope of one walk. */
export interface StepsRange {
  /** Lower-case UUID. */
  userId: string;
  /** First and last instant included, in epoch milliseconds. */
  startMs: number;
  endMs: number;
  /** `""` for every provider. */
  provider: string;
}

/** The groups of one walk: `size` scan positions, some of them without a group. */
export interface StepsWalk {
  readonly size: number;
  /** The group at scan position `index` (below `size`), or `null` when that provider has no samples that day. */
  groupAt(index: number): GroupedSteps | null;
}

/** Step counts of every user, computed on demand. */
export interface StepsDataset {
  /** Differs between data sets that differ, to bind cursors to this data. */
  readonly fingerprint: string;
  /** The providers `userId` (in any case) has step data from, in the mix's order. */
  providersOf(userId: string): string[];
  walk(range: StepsRange): StepsWalk;
}

const stepsSalt = 0x73746570;
/** The data's present: the last day with samples is the one before 2026-01-01T00:00:00Z. */
const lastDataDay = 1_767_225_600 / daySeconds - 1;
const firstHour = 6;
const lastHour = 22;

/** FNV-1a of a string, spread with {@link mix32}. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** Validates the options and returns the data set they describe. Throws a descriptive error on bad options. */
export function createStepsDataset(options: StepsDataOptions = {}): StepsDataset {
  const seed = seedOption(options.seed);
  const mix = options.providers ?? defaultProviderMix;
  const providers = providerPicker(mix);

  // UUIDs compare without regard to case: hash the lower-case form.
  const userRandom = (userId: string): Random => mulberry32(seedFor(seed ^ stepsSalt, hash32(userId.toLowerCase())));
  const providersOf = (userId: string): string[] => {
    const random = userRandom(userId);
    const wanted = between(random, 1, Math.min(3, providers.names.length));
    const picked = new Set<string>();
    for (let tries = 0; picked.size < wanted && tries < 20; tries++) picked.add(providers.pick(random));
    return providers.names.filter((name) => picked.has(name));
  };
  /** First day of the user's history: 90 to 730 days before the last. */
  const firstDayOf = (userId: string): number => {
    const random = userRandom(`${userId}/history`);
    return lastDataDay - between(random, 90, 730);
  };

  const group = (userId: string, provider: string, day: number, range: StepsRange): GroupedSteps | null => {
    const random = mulberry32(seedFor(mix32(seed ^ stepsSalt ^ hash32(userId)) ^ hash32(provider), day));
    if (random() >= 0.9) return null;
    const data: ClientFacingStepsTimeseries[] = [];
    for (let hour = firstHour; hour <= lastHour; hour++) {
      const active = random() < 0.7;
      const value = between(random, 20, 1800);
      const start = day * daySeconds + hour * 3600;
      if (!active || start * 1000 < range.startMs || start * 1000 > range.endMs) continue;
      data.push({
        timezone_offset: 0,
        unit: "count",
        timestamp: isoDateTime(start),
        start: isoDateTime(start),
        end: isoDateTime(start + 3600),
        value,
      });
    }
    if (data.length === 0) return null;
    const { name, slug, logo } = providerInfo(provider);
    return { source: { provider, type: sourceType(provider), name, slug, logo }, data };
  };

  return {
    fingerprint: JSON.stringify({ data: "steps", seed, shares: [...providerShares(mix)] }),
    providersOf,
    walk(range) {
      const userId = range.userId.toLowerCase();
      const providers = providersOf(userId).filter((name) => range.provider === "" || name === range.provider);
      const firstDay = Math.max(Math.floor(range.startMs / 1000 / daySeconds), firstDayOf(userId));
      const lastDay = Math.min(Math.floor(range.endMs / 1000 / daySeconds), lastDataDay);
      const days = Math.max(0, lastDay - firstDay + 1);
      return {
        size: providers.length * days,
        groupAt(index) {
          const provider = providers[Math.floor(index / days)];
          return provider === undefined ? null : group(userId, provider, firstDay + (index % days), range);
        },
      };
    },
  };
}

/** The end of the data: what a missing `end_date` means. */
export const stepsDataEndMs = (lastDataDay + 1) * daySeconds * 1000 - 1000;

/**
 * `query` with its dates resolved, or the names of the parameters that are not valid dates. A bare
 * `end_date` means its last second; a missing one, {@link stepsDataEndMs}.
 */
export function resolveStepsQuery(query: StepsQuery): StepsRange | { invalid: ("start_date" | "end_date")[] } {
  const startMs = parseDateParam(query.startDate, false);
  const endMs = query.endDate ? parseDateParam(query.endDate, true) : stepsDataEndMs;
  const invalid: ("start_date" | "end_date")[] = [];
  if (startMs === undefined) invalid.push("start_date");
  if (endMs === undefined) invalid.push("end_date");
  if (startMs === undefined || endMs === undefined) return { invalid };
  return { userId: query.userId.toLowerCase(), startMs, endMs, provider: query.provider ?? "" };
}

/**
 * Every group the steps operation returns for this query, over all pages and in order (a page's
 * `groups` map lists the same groups, by provider): compare what a client received against this to
 * check it got each group exactly once. Throws when a date is not valid.
 */
export function expectedStepGroups(query: StepsDataOptions & StepsQuery): GroupedSteps[] {
  const range = resolveStepsQuery(query);
  if ("invalid" in range) throw new Error(`expectedStepGroups: not a date or date-time: ${range.invalid.join(", ")}.`);
  const walk = createStepsDataset(query).walk(range);
  const groups: GroupedSteps[] = [];
  for (let i = 0; i < walk.size; i++) {
    const group = walk.groupAt(i);
    if (group) groups.push(group);
  }
  return groups;
}

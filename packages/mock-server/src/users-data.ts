/**
 * Synthetic team users, as `GET /v2/user` lists them. User `i` is computed from `(seed, i)` alone, so
 * any page of any size of data set is made directly, in constant memory. Users are listed oldest first.
 */
import type { ClientFacingUser, ConnectedSourceClientFacing } from "@junction/openapi-types";
import { defaultProviderMix, type ProviderMix, providerPicker } from "./dataset.js";
import { alnum, between, chars, daySeconds, isoDate, isoDateTime, pick, uuid } from "./fake.js";
import { providerInfo } from "./providers.js";
import { mulberry32, seedFor } from "./random.js";
import { seedOption, teamIdFor, wholeOption } from "./team.js";

/** The users of `GET /v2/user` and how that operation pages. */
export interface UsersOptions {
  /** Number of users of the team (at most 10000000). Default `1000`. */
  count?: number;
  /** `limit` used when a request gives none. Default `100`, the spec's default. */
  pageSize?: number;
  /** The most users a page holds, whatever `limit` asks for; the answer's `limit` says what was used. Default `500`, the spec's maximum. */
  maxPageSize?: number;
}

/** What the users data set is made of: the mock's `seed`, `providers` and `users` options. */
export interface UsersDataOptions {
  /** Seed of the generator (a 32-bit integer). Default `1`. */
  seed?: number;
  /** Providers users connect, in proportion to their weights. Default {@link defaultProviderMix}. */
  providers?: ProviderMix;
  users?: Pick<UsersOptions, "count">;
}

/** The team's users, each computed on demand. */
export interface UserDataset {
  /** Number of users. */
  readonly size: number;
  readonly teamId: string;
  /** `user_id` of user `index`, without making the rest of the user. */
  userIdAt(index: number): string;
  /** User `index` (0-based, below `size`). */
  userAt(index: number): ClientFacingUser;
}

const usersSalt = 0x75736572;
/** Users join one a minute, with jitter, from this instant (2022-01-01T00:00:00Z). */
const firstSignUp = 1_640_995_200;
const timeZones = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "Europe/London",
  "Europe/Berlin",
  "Asia/Tokyo",
  "Australia/Sydney",
];

/** Validates the options and returns the users they describe. Throws a descriptive error on bad options. */
export function createUserDataset(options: UsersDataOptions = {}): UserDataset {
  const seed = seedOption(options.seed);
  const size = wholeOption("users.count", options.users?.count ?? 1000, 0, 10_000_000);
  const providers = providerPicker(options.providers ?? defaultProviderMix);
  const teamId = teamIdFor(seed);

  // Draw order per user: id, client id, sign-up jitter, sources, time zone, birth date.
  const randomAt = (index: number) => mulberry32(seedFor(seed ^ usersSalt, index));
  const userIdAt = (index: number) => uuid(randomAt(index));

  const userAt = (index: number): ClientFacingUser => {
    const random = randomAt(index);
    const userId = uuid(random);
    const clientUserId = `cu_${chars(random, alnum, 20)}`;
    const createdOn = firstSignUp + index * 60 + Math.floor(random() * 60);
    const slugs = new Set<string>();
    const wanted = Math.min(providers.names.length, pick(random, [0, 1, 1, 1, 2, 2, 3]));
    for (let tries = 0; slugs.size < wanted && tries < 20; tries++) slugs.add(providers.pick(random));
    const sources: ConnectedSourceClientFacing[] = [...slugs].map((slug) => {
      const provider = providerInfo(slug);
      return {
        provider,
        created_on: isoDateTime(createdOn + between(random, 60, 30 * daySeconds)),
        source: provider,
      };
    });
    const updatedAt = isoDateTime(createdOn + between(random, 0, 7 * daySeconds));
    const timeZone =
      random() < 0.6 ? { id: pick(random, timeZones), source_slug: "manual", updated_at: updatedAt } : null;
    const birthDate =
      random() < 0.4
        ? {
            value: isoDate(-631_152_000 + between(random, 0, 55 * 365) * daySeconds),
            source_slug: "manual",
            updated_at: updatedAt,
          }
        : null;
    return {
      user_id: userId,
      team_id: teamId,
      client_user_id: clientUserId,
      created_on: isoDateTime(createdOn),
      connected_sources: sources,
      fallback_time_zone: timeZone,
      fallback_birth_date: birthDate,
      ingestion_start: null,
      ingestion_end: null,
    };
  };

  return { size, teamId, userIdAt, userAt };
}

/**
 * Every user `GET /v2/user` lists for these options, in order: compare what a client received over
 * all pages against this to check it got each user exactly once.
 */
export function expectedUsers(options: UsersDataOptions = {}): ClientFacingUser[] {
  const dataset = createUserDataset(options);
  return Array.from({ length: dataset.size }, (_, i) => dataset.userAt(i));
}

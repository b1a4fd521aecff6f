/**
 * Synthetic connections for the bulk-export mock. Connection `i` is computed from `(seed, i)` alone,
 * so a data set of a million connections costs no memory and any page can be made directly.
 */
import type { ConnectionRecipe } from "@junction/openapi-types";
import { alnum, chars, digits, hex, type Random, upperAlnum, uuid } from "./fake.js";
import { mulberry32, seedFor } from "./random.js";

/** One connection as `POST /v2/link/bulk_export` returns it (the spec's schema, generated). */
export type { ConnectionRecipe };

/** Providers of the data set: names (equal shares) or `{ name: weight }` (shares proportional to the weights). */
export type ProviderMix = readonly string[] | Readonly<Record<string, number>>;

/** What a data set is made of. The same options always give the same connections. */
export interface DatasetOptions {
  /** Number of connections, all providers together (whole number, at most 4294967295). Default `2000`. */
  connections?: number;
  /** Which providers the connections belong to, and in what proportion. Default {@link defaultProviderMix}. */
  providers?: ProviderMix;
  /** Seed of the generator (a 32-bit integer). Default `1`. */
  seed?: number;
}

/** Which connections a request asks for: the body's `provider` and `user_ids`. */
export interface ConnectionFilter {
  /** Only connections of this provider. */
  provider: string;
  /** Only connections of these users; `null`, absent or empty means every user. */
  userIds?: readonly string[] | null;
}

/** A mix that looks like a typical team's connections. */
export const defaultProviderMix: Readonly<Record<string, number>> = {
  fitbit: 35,
  garmin: 25,
  oura: 20,
  withings: 10,
  whoop_v2: 6,
  polar: 4,
};

/** Expiry given to OAuth 1.0 tokens, which do not expire (the spec's instruction for Garmin). */
export const oauth1ExpiresAt = 2147483647;

/** OAuth 2.0 expiries spread over each provider's token lifetime from this instant (2026-01-01T00:00:00Z). */
const issuedAt = 1_767_225_600;

interface ProviderProfile {
  providerId(random: Random): string;
  scopes: readonly string[] | null;
  /** Access token lifetime in seconds; `null` for OAuth 1.0. */
  lifetimeSeconds: number | null;
}

const digitsOf = (length: number) => (random: Random) => digits(random, length);

// Shapes follow the providers' public docs closely enough to look real; they are not contract facts.
const profiles: Record<string, ProviderProfile> = {
  fitbit: {
    providerId: (r) => chars(r, upperAlnum, 6),
    scopes: ["activity", "heartrate", "location", "nutrition", "profile", "settings", "sleep", "weight"],
    lifetimeSeconds: 8 * 3600,
  },
  garmin: { providerId: uuid, scopes: null, lifetimeSeconds: null },
  oura: {
    providerId: (r) => chars(r, hex, 24),
    scopes: ["email", "personal", "daily", "heartrate", "workout", "session", "spo2"],
    lifetimeSeconds: 24 * 3600,
  },
  withings: {
    providerId: digitsOf(8),
    scopes: ["user.info", "user.metrics", "user.activity", "user.sleepevents"],
    lifetimeSeconds: 3 * 3600,
  },
  whoop_v2: {
    providerId: digitsOf(7),
    scopes: ["offline", "read:recovery", "read:cycles", "read:sleep", "read:workout", "read:profile"],
    lifetimeSeconds: 3600,
  },
  polar: { providerId: digitsOf(8), scopes: ["accesslink.read_all"], lifetimeSeconds: 365 * 24 * 3600 },
  strava: {
    providerId: digitsOf(9),
    scopes: ["read", "activity:read_all", "profile:read_all"],
    lifetimeSeconds: 6 * 3600,
  },
  google_fit: {
    providerId: digitsOf(21),
    scopes: [
      "https://www.googleapis.com/auth/fitness.activity.read",
      "https://www.googleapis.com/auth/fitness.body.read",
      "https://www.googleapis.com/auth/fitness.heart_rate.read",
      "https://www.googleapis.com/auth/fitness.sleep.read",
    ],
    lifetimeSeconds: 3600,
  },
  dexcom_v3: { providerId: uuid, scopes: ["offline_access"], lifetimeSeconds: 2 * 3600 },
  wahoo: { providerId: digitsOf(7), scopes: ["user_read", "workouts_read", "offline_data"], lifetimeSeconds: 2 * 3600 },
};

const genericProfile: ProviderProfile = {
  providerId: (r) => chars(r, hex, 24),
  scopes: null,
  lifetimeSeconds: 24 * 3600,
};

/** A random non-empty subset of `scopes`, in their listed order. */
function pickScopes(random: Random, scopes: readonly string[]): string[] {
  const picked = scopes.filter(() => random() < 0.8);
  return picked.length > 0 ? picked : [scopes[Math.floor(random() * scopes.length)] as string];
}

/** A data set: its connections are computed on demand, each from `(seed, index)`. */
export interface Dataset {
  /** Number of connections. */
  readonly size: number;
  readonly seed: number;
  /** Provider names with their normalised shares (summing to 1). */
  readonly shares: ReadonlyMap<string, number>;
  /** A string that differs between data sets that differ, used to bind page tokens to this data. */
  readonly fingerprint: string;
  /** Provider of connection `index`. */
  providerAt(index: number): string;
  /** Connection `index` (0-based, below `size`). */
  connectionAt(index: number): ConnectionRecipe;
  /** Indices, from `from` on (default 0) and in order, of the connections that pass `filter`. */
  matchIndices(filter: ConnectionFilter, from?: number): Generator<number>;
  /** Every connection that passes `filter`, in the order the API returns them. */
  matching(filter: ConnectionFilter): Generator<ConnectionRecipe>;
}

/**
 * The providers of `mix` with positive weight, in the order given, each with its share (the shares
 * sum to 1). Throws a descriptive error on an empty mix, a bad weight or a name given twice.
 */
export function providerShares(mix: ProviderMix): Map<string, number> {
  const entries: [string, number][] = Array.isArray(mix)
    ? (mix as readonly string[]).map((name) => [name, 1])
    : Object.entries(mix as Record<string, number>);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [name, weight] of entries) {
    if (typeof name !== "string" || name === "") throw new Error("providers: every provider needs a non-empty name.");
    if (!Number.isFinite(weight) || weight < 0) {
      throw new Error(`providers: the weight of "${name}" must be a finite number >= 0, got ${weight}.`);
    }
  }
  if (entries.length === 0 || !(total > 0)) {
    throw new Error('providers: give at least one provider with a positive weight, e.g. ["fitbit", "garmin"].');
  }
  if (new Set(entries.map(([name]) => name)).size !== entries.length) {
    throw new Error("providers: each provider may be listed once.");
  }
  return new Map(entries.filter(([, weight]) => weight > 0).map(([name, weight]) => [name, weight / total]));
}

/** Provider names of a mix, and a draw of one of them by its share. */
export interface ProviderPicker {
  /** The names, in the mix's order. */
  readonly names: readonly string[];
  /** One name, drawn with a probability equal to its share. */
  pick(random: Random): string;
}

/** A {@link ProviderPicker} for `mix`. Throws like {@link providerShares} on a bad mix. */
export function providerPicker(mix: ProviderMix): ProviderPicker {
  const shares = providerShares(mix);
  const names = [...shares.keys()];
  let sum = 0;
  const bounds = [...shares.values()].map((share) => {
    sum += share;
    return sum;
  });
  return {
    names,
    pick(random) {
      const u = random();
      const at = bounds.findIndex((bound) => u < bound);
      return names[at === -1 ? names.length - 1 : at] as string;
    },
  };
}

function wholeNumber(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${value}.`);
  }
  return value;
}

/** Validates `options` and returns the data set they describe. Throws a descriptive error on bad options. */
export function createDataset(options: DatasetOptions = {}): Dataset {
  const size = wholeNumber("connections", options.connections ?? 2000, 0, 0xffffffff);
  const seed = wholeNumber("seed", options.seed ?? 1, -0x80000000, 0xffffffff) >>> 0;
  const shares = providerShares(options.providers ?? defaultProviderMix);
  const names = [...shares.keys()];
  const thresholds: number[] = [];
  let cumulative = 0;
  for (const share of shares.values()) {
    cumulative += share;
    thresholds.push(cumulative);
  }

  const pick = (u: number): string => {
    for (let i = 0; i < thresholds.length - 1; i++) if (u < (thresholds[i] as number)) return names[i] as string;
    return names[names.length - 1] as string;
  };
  // Draw order per connection: provider, user id, tokens, provider id, expiry, scopes.
  const providerAt = (index: number) => pick(mulberry32(seedFor(seed, index))());
  const userIdAt = (index: number): [Random, string, string] => {
    const random = mulberry32(seedFor(seed, index));
    const provider = pick(random());
    return [random, provider, uuid(random)];
  };
  const connectionAt = (index: number): ConnectionRecipe => {
    const [random, provider, userId] = userIdAt(index);
    const profile = profiles[provider] ?? genericProfile;
    const accessToken = `mock_at_${chars(random, alnum, 40)}`;
    const refreshToken = `mock_rt_${chars(random, alnum, 40)}`;
    const providerId = profile.providerId(random);
    const expiresAt =
      profile.lifetimeSeconds === null ? oauth1ExpiresAt : issuedAt + Math.floor(random() * profile.lifetimeSeconds);
    return {
      user_id: userId,
      access_token: accessToken,
      refresh_token: refreshToken,
      provider_id: providerId,
      expires_at: expiresAt,
      oauth_scopes: profile.scopes ? pickScopes(random, profile.scopes) : null,
    };
  };
  function* matchIndices(filter: ConnectionFilter, from = 0): Generator<number> {
    if (!shares.has(filter.provider)) return;
    const users = filter.userIds?.length ? new Set(filter.userIds.map((id) => id.toLowerCase())) : undefined;
    for (let i = Math.max(0, from); i < size; i++) {
      if (providerAt(i) !== filter.provider) continue;
      if (users && !users.has(userIdAt(i)[2])) continue;
      yield i;
    }
  }

  return {
    size,
    seed,
    shares,
    fingerprint: JSON.stringify({ size, seed, shares: [...shares] }),
    providerAt,
    connectionAt,
    matchIndices,
    *matching(filter) {
      for (const index of matchIndices(filter)) yield connectionAt(index);
    },
  };
}

/**
 * The exact connections the bulk-export mock returns, over all pages, for a data set and a filter:
 * compare what a client received against this to check it got each connection exactly once.
 */
export function expectedConnections(query: DatasetOptions & ConnectionFilter): ConnectionRecipe[] {
  return [...createDataset(query).matching(query)];
}

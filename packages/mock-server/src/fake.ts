/** Made-up values for the synthetic data sets, drawn from a seeded random source. */

/** Floats in [0, 1), e.g. from `mulberry32`. */
export type Random = () => number;

export const upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
export const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const hex = "0123456789abcdef";

/** `length` characters drawn from `alphabet`. */
export function chars(random: Random, alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** A decimal number of `length` digits without a leading zero. */
export function digits(random: Random, length: number): string {
  return String(1 + Math.floor(random() * 9)) + chars(random, "0123456789", length - 1);
}

/** A whole number from `min` to `max`, both included. */
export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One element of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** A version 4 UUID from 122 random bits. */
export function uuid(random: Random): string {
  const h = chars(random, hex, 32).split("");
  h[12] = "4";
  h[16] = hex[8 + Math.floor(random() * 4)] ?? "8";
  const s = h.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** An RFC 3339 date-time in UTC, the API's way: `2026-01-05T07:00:00+00:00`. */
export function isoDateTime(epochSeconds: number): string {
  return `${new Date(epochSeconds * 1000).toISOString().slice(0, 19)}+00:00`;
}

/** An RFC 3339 full date (`2026-01-05`) of the UTC day that contains `epochSeconds`. */
export function isoDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}

/** Seconds in a day. */
export const daySeconds = 86_400;

/** The one team that every synthetic data set of a seed belongs to. */
import { uuid } from "./fake.js";
import { mulberry32, seedFor } from "./random.js";

const teamSalt = 0x7465616d;

/** The `team_id` of the data sets made from `seed`. */
export function teamIdFor(seed: number): string {
  return uuid(mulberry32(seedFor(seed ^ teamSalt, 0)));
}

/** A seed option checked and reduced to 32 bits. Default `1`. Throws when it is not a 32-bit integer. */
export function seedOption(seed: number | undefined): number {
  const value = seed ?? 1;
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) {
    throw new Error(`seed must be a whole number from -2147483648 to 4294967295, got ${value}.`);
  }
  return value >>> 0;
}

/** `value` when it is a whole number from `min` to `max`; throws a message naming the option otherwise. */
export function wholeOption(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${value}.`);
  }
  return value;
}

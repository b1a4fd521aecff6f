/** Checks of option values shared by the client, its calls and its logger; each failure is a {@link JunctionConfigError}. */
import { JunctionConfigError } from "./errors.js";

/** Checks a duration or count option; `undefined` means "use the default". */
export function checkNumber(name: string, value: unknown, integer = false): number | undefined {
  if (value !== undefined && !(typeof value === "number" && value >= 0 && (!integer || Number.isInteger(value)))) {
    throw new JunctionConfigError(name, `${name} must be ${integer ? "an integer" : "a number"} ≥ 0, got ${value}.`);
  }
  return value;
}

/** Checks an option with a fixed set of values; `undefined` gives the first. */
export function checkOneOf<T extends string>(name: string, value: T | undefined, allowed: readonly T[]): T {
  if (value !== undefined && !allowed.includes(value)) {
    throw new JunctionConfigError(name, `${name} must be one of ${allowed.join(", ")}; got ${JSON.stringify(value)}.`);
  }
  return value ?? (allowed[0] as T);
}

/** Checks `idempotentOperations` entries: `"METHOD /path"`. A typo would silently turn retries off. */
export function checkOperations(operations: readonly string[]): readonly string[] {
  for (const entry of operations) {
    const [method, path] = entry.split(" ");
    if (!method || !path?.startsWith("/")) {
      throw new JunctionConfigError(
        "idempotentOperations",
        `idempotentOperations: "${entry}" is not "METHOD /path" (e.g. "POST /v2/link/bulk_export").`,
      );
    }
  }
  return operations;
}

/** Checks `credentialHeaders`, a list of header names; returns them lower-cased. */
export function checkHeaderNames(value: readonly string[]): string[] {
  if (!Array.isArray(value) || !value.every((h) => /^[!#$%&'*+.^`|~\w-]+$/.test(h))) {
    throw new JunctionConfigError(
      "credentialHeaders",
      'credentialHeaders must be a list of header names, e.g. ["x-session-token"].',
    );
  }
  return value.map((h) => h.toLowerCase());
}

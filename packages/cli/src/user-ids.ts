import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { UsageError } from "./exit-codes.js";
import { excerpt } from "./text.js";

// What the API accepts as a UUID: hex in 8-4-4-4-12 groups, dashes optional, any case.
const uuidPattern = /^([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})$/i;
const example = "123e4567-e89b-12d3-a456-426614174000";
const maxReported = 5;

interface Entry {
  value: string;
  /** Where the value came from, for error messages: `line 3` or `item 2`. */
  where: string;
}

/** The canonical form of a UUID (lower case, dashed), or `undefined` when `value` is not one. */
export function canonicalUuid(value: string): string | undefined {
  const match = uuidPattern.exec(value);
  return match ? match.slice(1).join("-").toLowerCase() : undefined;
}

/** Something that may be an ID typed wrong (hex, dashes, braces), as opposed to a line of some other file. */
const idLike = /^[0-9a-f{}-]{1,40}$/i;

/** A bad value as an error shows it: from a file, quoted only when it looks like a mistyped ID. */
function describeBad(value: string, fromFile: boolean): string {
  if (!fromFile || idLike.test(value)) return excerpt(value);
  return `${value.length} characters that do not look like an ID (not shown: is this the right file?)`;
}

/**
 * Checks and canonicalises `entries`. A bad value is quoted cut short, and from a file (`fromFile`) only the
 * first one is, and only when it looks like a mistyped ID: the file may not be a list of IDs at all (a mistyped
 * path such as /etc/shadow), and its lines must not be echoed.
 */
function validate(entries: Entry[], source: string, fromFile: boolean): string[] {
  const bad = entries.filter((entry) => canonicalUuid(entry.value) === undefined);
  if (bad.length > 0) {
    const limit = fromFile ? 1 : maxReported;
    const shown = bad.slice(0, limit).map((entry) => `${entry.where}: ${describeBad(entry.value, fromFile)}`);
    const rest = bad.length - shown.length;
    const more = rest > 0 ? `\n  ... and ${rest} more` : "";
    throw new UsageError(
      `${source} has ${bad.length === 1 ? "a value that is" : `${bad.length} values that are`} not a user ID ` +
        `(a UUID such as ${example}):\n  ${shown.join("\n  ")}${more}`,
    );
  }
  if (entries.length === 0) {
    throw new UsageError(`${source} holds no user IDs; leave it out to export the connections of every user.`);
  }
  // Duplicates would not change the answer; drop them so the request stays small.
  return [...new Set(entries.map((entry) => canonicalUuid(entry.value) as string))];
}

/** User IDs from `--user-ids a,b,c`, checked and in canonical form. Throws {@link UsageError} naming each bad value. */
export function userIdsFromList(list: string): string[] {
  const entries = list
    .split(",")
    .map((value, index) => ({ value: value.trim(), where: `item ${index + 1}` }))
    .filter((entry) => entry.value !== "");
  return validate(entries, "--user-ids", false);
}

/**
 * User IDs from a file: one per line or comma-separated, blank lines and `#` comments ignored. Checked and in
 * canonical form. Throws {@link UsageError} when the file cannot be read or a value (named with its line) is bad.
 */
export async function userIdsFromFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`Cannot read --user-ids-file ${JSON.stringify(path)} (${reason}): check the path.`);
  }
  const entries: Entry[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const content = line.replace(/#.*/, "");
    for (const value of content.split(",")) {
      if (value.trim() !== "") entries.push({ value: value.trim(), where: `line ${index + 1}` });
    }
  });
  return validate(entries, `--user-ids-file ${JSON.stringify(path)}`, true);
}

/** A short digest of a user ID list (order and duplicates ignored) that a checkpoint records; `"all"` for none. */
export function hashUserIds(userIds: readonly string[] | undefined): string {
  if (!userIds || userIds.length === 0) return "all";
  const sorted = [...new Set(userIds)].sort();
  return `sha256:${createHash("sha256").update(sorted.join("\n")).digest("hex").slice(0, 32)}`;
}

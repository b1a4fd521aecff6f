import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

/** The first `count` non-empty lines of a text file, read without loading the whole file. */
export async function firstLines(path: string, count: number): Promise<string[]> {
  const lines: string[] = [];
  const stream = createReadStream(path, { encoding: "utf8" });
  const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of reader) {
      if (lines.length >= count) break;
      if (line !== "") lines.push(line);
    }
  } finally {
    reader.close();
    stream.destroy();
  }
  return lines;
}

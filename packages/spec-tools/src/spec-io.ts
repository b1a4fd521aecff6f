/** Reading a spec from a file or URL, and writing it back as YAML with stable formatting. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Json } from "@junction/codegen";
import { Document, isMap, isScalar, isSeq, parse, visit } from "yaml";

export type { Json };

/** Where a spec came from and its raw text. */
export interface SpecSource {
  /** The path or URL as the user gave it, for messages. */
  label: string;
  text: string;
}

const LINE_WIDTH = 80;

/** Reads `source`, an http(s) URL or a file path relative to `cwd`. */
export async function readSource(source: string, cwd: string, timeoutMs = 30_000): Promise<SpecSource> {
  if (/^https?:\/\//i.test(source)) {
    let response: Response;
    try {
      response = await fetch(source, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
    } catch (error) {
      throw new Error(`Could not download ${source}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!response.ok) throw new Error(`Could not download ${source}: HTTP ${response.status} ${response.statusText}`);
    return { label: source, text: await response.text() };
  }
  const path = resolve(cwd, source);
  try {
    return { label: source, text: await readFile(path, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === "ENOENT" ? `No such file: ${path}` : `Could not read ${path}: ${(error as Error).message}`,
    );
  }
}

/** Parses JSON or YAML text into a plain object; says which it tried when it fails. */
export function parseSpecText(text: string, label: string): Json {
  const json = /^\s*[{[]/.test(text);
  let doc: Json;
  try {
    doc = json ? JSON.parse(text) : parse(text, { prettyErrors: true });
  } catch (error) {
    throw new Error(`${label} is not valid ${json ? "JSON" : "YAML"}: ${(error as Error).message}`);
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
    throw new Error(`${label} is not an OpenAPI document: expected a JSON/YAML object at the top level.`);
  }
  return doc;
}

/**
 * The vendored YAML form of a document: key order as given, 80 columns, long one-line strings as
 * folded blocks (`>-`). A fixed function of the document, so re-vendoring the same spec is no diff.
 */
export function stringifySpec(doc: Json): string {
  const document = new Document(doc);
  visit(document, {
    Pair(_, pair, path) {
      const value = pair.value;
      if (!isScalar(value) || typeof value.value !== "string" || value.value.includes("\n")) return;
      const depth = path.filter((node) => isMap(node) || isSeq(node)).length - 1;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (depth * 2 + key.length + 2 + value.value.length > LINE_WIDTH && value.value.includes(" ")) {
        value.type = "BLOCK_FOLDED";
      }
    },
  });
  return document.toString({ lineWidth: LINE_WIDTH, minContentWidth: 0 });
}

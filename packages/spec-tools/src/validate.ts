/**
 * Tells an invalid OpenAPI document from an unusual one. Refused (errors): a document that the
 * official OpenAPI 3.0/3.1 JSON Schema rejects, a `$ref` that points outside the document or
 * nowhere, and names the generator cannot carry safely into code. Everything else Redocly's linter
 * finds (unknown keywords such as `union_mode`, style rules) is a warning: reported, never refused.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Json } from "@junction/codegen";
import { createConfig, getLineColLocation, lintFromString, loadConfig } from "@redocly/openapi-core";
import { Validator } from "@seriousme/openapi-schema-validator";

/** One finding in a document: where and what. */
export interface SpecProblem {
  /** JSON pointer into the document, e.g. `#/paths/~1v1~1users/get/responses`. */
  pointer: string;
  /** 1-based line in the source text, when known. */
  line: number | null;
  /** Rule that found it, e.g. `openapi-schema`, `no-unresolved-refs` or `struct`. */
  rule: string;
  message: string;
}

export interface Validation {
  /** What makes the document unusable: any one refuses it. */
  errors: SpecProblem[];
  /** What is unusual but usable (lint findings): reported once, grouped by rule. */
  warnings: SpecProblem[];
}

/**
 * Redocly rules whose findings break a MUST of the OpenAPI specification that its JSON Schema cannot
 * express (refs that resolve, unique operationIds and parameters, declared path parameters): refused.
 */
const REFUSING_RULES = new Set([
  "no-unresolved-refs",
  "operation-operationId-unique",
  "operation-parameters-unique",
  "path-parameters-defined",
  "path-declaration-must-exist",
]);

const escapePointer = (segment: string | number) => String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
const pointerOf = (path: (string | number)[]) => `#/${path.map(escapePointer).join("/")}`;

/** Control characters (and U+2028/9) would reach terminals, changesets and generated comments. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const printable = (text: string) =>
  JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );

/**
 * `$ref`s that point outside the document (refused before anything reads or fetches them), and names
 * that generated code carries (operationIds, schema, parameter and property names) holding control
 * characters.
 */
export function unsafeParts(doc: Json): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const seen = new Set<Json>();
  const problem = (path: (string | number)[], rule: string, message: string) =>
    problems.push({ pointer: pointerOf(path), line: null, rule, message });
  const visit = (node: Json, path: (string | number)[]): void => {
    if (!node || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if (typeof node.$ref === "string") {
      const ref: string = node.$ref;
      if (!ref.startsWith("#")) {
        problem(
          path,
          "external-ref",
          `$ref ${printable(ref)} points outside the document; only local "#/..." refs are read.`,
        );
      }
    }
    const names: [string, unknown][] = [];
    if (typeof node.operationId === "string") names.push(["operationId", node.operationId]);
    if (typeof node.name === "string" && typeof node.in === "string") names.push(["parameter name", node.name]);
    if (node.properties && typeof node.properties === "object") {
      for (const key of Object.keys(node.properties)) names.push(["property name", key]);
    }
    for (const [what, name] of names) {
      if (typeof name === "string" && UNSAFE_TEXT.test(name)) {
        problem(
          path,
          "unsafe-name",
          `${what} ${printable(name)} holds a control character; generated code cannot carry it.`,
        );
      }
    }
    for (const [key, value] of Object.entries(node)) visit(value, [...path, key]);
  };
  visit(doc, []);
  for (const name of Object.keys(doc?.components?.schemas ?? {})) {
    if (UNSAFE_TEXT.test(name)) {
      problem(
        ["components", "schemas", name],
        "unsafe-name",
        `schema name ${printable(name)} holds a control character.`,
      );
    }
  }
  return problems;
}

async function schemaErrors(doc: Json): Promise<SpecProblem[]> {
  const version = typeof doc?.openapi === "string" ? doc.openapi : undefined;
  if (!version || !/^3\.[01]\.\d+/.test(version)) {
    const found = version === undefined ? "no `openapi` field" : `\`openapi: ${printable(String(version))}\``;
    return [
      {
        pointer: "#/openapi",
        line: null,
        rule: "openapi-version",
        message: `an OpenAPI 3.0 or 3.1 document starts with \`openapi: 3.0.x\` or \`openapi: 3.1.x\`; this one has ${found}.`,
      },
    ];
  }
  const result = await new Validator({ allErrors: true }).validate(structuredClone(doc));
  if (result.valid) return [];
  if (!Array.isArray(result.errors)) {
    return [{ pointer: "#", line: null, rule: "openapi-schema", message: String(result.errors) }];
  }
  // ajv reports an `anyOf` of alternatives as one error per alternative plus the `anyOf` itself:
  // say it once, as "needs one of".
  const problems: SpecProblem[] = [];
  const alternatives = new Map<string, string[]>();
  for (const e of result.errors) {
    const pointer = `#${e.instancePath}`;
    const missing = (e.params as { missingProperty?: string }).missingProperty;
    if (
      e.keyword === "required" &&
      missing &&
      result.errors.some((o) => o.keyword === "anyOf" && o.instancePath === e.instancePath)
    ) {
      alternatives.set(pointer, [...(alternatives.get(pointer) ?? []), `\`${missing}\``]);
    } else if (e.keyword !== "anyOf" || !alternatives.has(pointer)) {
      const detail = e.keyword === "required" ? "" : ` ${JSON.stringify(e.params)}`;
      problems.push({ pointer, line: null, rule: "openapi-schema", message: `${e.message ?? "is invalid"}${detail}` });
    }
  }
  for (const [pointer, names] of alternatives) {
    problems.unshift({
      pointer,
      line: null,
      rule: "openapi-schema",
      message: `needs at least one of ${names.join(", ")}`,
    });
  }
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.pointer + p.message) && seen.add(p.pointer + p.message));
}

async function lintFindings(text: string, root: string, label: string): Promise<SpecProblem[]> {
  const configPath = join(root, "redocly.yaml");
  const config = existsSync(configPath)
    ? await loadConfig({ configPath })
    : await createConfig({ extends: ["recommended"] });
  const problems = await lintFromString({ source: text, absoluteRef: join(root, label), config });
  return problems.map((problem) => {
    const location = problem.location[0];
    let line: number | null = null;
    try {
      line = location ? getLineColLocation(location).start.line : null;
    } catch {
      line = null;
    }
    return { pointer: location?.pointer ?? "#/", line, rule: problem.ruleId, message: problem.message };
  });
}

/**
 * Validates a parsed document and its source text (for line numbers). Refs are checked before the
 * linter runs, so nothing outside the document is ever read or fetched.
 */
export async function validateSpec(text: string, doc: Json, root: string, label = "spec.yaml"): Promise<Validation> {
  const unsafe = unsafeParts(doc);
  const structural = await schemaErrors(doc);
  // A document with external refs is never linted: the linter would read or fetch them.
  if (unsafe.some((p) => p.rule === "external-ref") || structural.some((p) => p.rule === "openapi-version")) {
    return { errors: [...structural, ...unsafe], warnings: [] };
  }
  const lint = await lintFindings(text, root, label);
  return {
    errors: [...structural, ...unsafe, ...lint.filter((p) => REFUSING_RULES.has(p.rule))],
    warnings: lint.filter((p) => !REFUSING_RULES.has(p.rule)),
  };
}

/** Problems as a list a person can act on. */
export function formatProblems(problems: SpecProblem[], label: string, max = 20): string {
  const lines = problems
    .slice(0, max)
    .map((p) => `  ${label}${p.line === null ? "" : `:${p.line}`} ${p.pointer}: ${p.message} [${p.rule}]`);
  if (problems.length > max) lines.push(`  ... and ${problems.length - max} more`);
  return lines.join("\n");
}

/** Warnings grouped by rule, most frequent first, with a count and the first place of each. */
export function formatWarnings(warnings: SpecProblem[], label: string): string {
  if (warnings.length === 0) return "";
  const groups = new Map<string, SpecProblem[]>();
  for (const w of warnings) groups.set(w.rule, [...(groups.get(w.rule) ?? []), w]);
  const lines = [...groups]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .map(([rule, found]) => {
      const first = found[0] as SpecProblem;
      const at = `${label}${first.line === null ? "" : `:${first.line}`} ${first.pointer}`;
      return `  ${String(found.length).padStart(5)} × ${rule}: ${first.message} (first at ${at})`;
    });
  const total = warnings.length;
  return `${total} lint warning${total === 1 ? "" : "s"} in ${groups.size} rule${groups.size === 1 ? "" : "s"} (reported, not refused):\n${lines.join("\n")}`;
}

/**
 * The generators that turn the vendored spec into committed files. Today there is one, the
 * openapi-types generator; it is loaded from that package's scripts so both commands share its code.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Json } from "./spec-io.ts";

/** One generated file: its path relative to the repository root and its contents. */
export interface GeneratedFile {
  path: string;
  contents: string;
}

/** The facts the openapi-types generator reads from a spec (see its `scripts/facts.ts`). */
export interface SpecFacts {
  title: string;
  version: string;
  environments: { name: string; url: string }[];
  apiKeyHeader: string | null;
  operations: { operationId: string; method: string; path: string; tag: string | null; pagination: unknown }[];
  enums: { schemaName: string; values: (string | number)[]; open: boolean }[];
  secretFields: string[];
}

interface OpenapiTypesScripts {
  generate(doc: Json, source?: string): Promise<Record<string, string>>;
  extractFacts(doc: Json): SpecFacts;
  isOpenEnumDescription(description: unknown): boolean;
}

/** Where `pnpm gen` of @junction/openapi-types writes, relative to the repository root. */
export const openapiTypesOutDir = "packages/openapi-types/src/generated";

let loaded: Promise<OpenapiTypesScripts> | undefined;

/** The openapi-types package's generator modules (TypeScript, so this runs under tsx or vitest). */
export function openapiTypesScripts(): Promise<OpenapiTypesScripts> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const scripts = join(dirname(require.resolve("@junction/openapi-types/package.json")), "scripts");
    const [generateModule, factsModule] = await Promise.all([
      import(pathToFileURL(join(scripts, "generate.ts")).href),
      import(pathToFileURL(join(scripts, "facts.ts")).href),
    ]);
    return {
      generate: generateModule.generate,
      extractFacts: factsModule.extractFacts,
      isOpenEnumDescription: factsModule.isOpenEnumDescription,
    };
  })();
  return loaded;
}

/** Every generated file of the repository for `doc`, as `pnpm gen` would write them. */
export async function generateAll(doc: Json): Promise<GeneratedFile[]> {
  const { generate } = await openapiTypesScripts();
  const files = await generate(doc, "openapi/junction.yaml");
  return Object.entries(files).map(([name, contents]) => ({ path: `${openapiTypesOutDir}/${name}`, contents }));
}

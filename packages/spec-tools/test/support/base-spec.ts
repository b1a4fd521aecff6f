/** The fixture spec (test/fixtures/base.yaml), and spec changes written as edits of a copy of it. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Json, parseSpecText } from "../../src/spec-io.ts";
import { fixtures } from "./repo.ts";

export const baseText = await readFile(join(fixtures, "base.yaml"), "utf8");
export const base: Json = parseSpecText(baseText, "base.yaml");

/** A copy of `doc` with `edit` applied: a spec change as the lines that differ. */
export function mutate(doc: Json, edit: (doc: Json) => void): Json {
  const copy = structuredClone(doc);
  edit(copy);
  return copy;
}

/** A new operation for the fixture spec: `GET /v1/widgets/{widget_id}`. */
export const getWidget: Json = {
  get: {
    tags: ["widget"],
    summary: "Get Widget",
    operationId: "get_widget",
    parameters: [{ name: "widget_id", in: "path", required: true, schema: { type: "string" } }],
    responses: {
      "200": {
        description: "Successful Response",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Widget" } } },
      },
    },
  },
};

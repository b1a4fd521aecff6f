/**
 * Each class of spec change, as a pair of fixtures (test/fixtures/base.yaml → test/fixtures/bumps/*),
 * with the bump an SDK caller needs and the exact words of the changeset. Where api-smart-diff's
 * verdict differs from the caller's view, the override is asserted too.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Bump, compareSpecs } from "../src/classify.ts";
import { parseSpecText } from "../src/spec-io.ts";
import { fixtures } from "./support/repo.ts";

const load = async (name: string) => parseSpecText(await readFile(join(fixtures, name), "utf8"), name);
const base = await load("base.yaml");

interface Case {
  fixture: string;
  changes: [Bump, string][];
  /** The library's bump where the caller's view overrides it. */
  overrides?: (Bump | null)[];
}

const cases: Case[] = [
  { fixture: "operation-removed.yaml", changes: [["major", "removed operation `POST /v1/widgets`"]] },
  {
    fixture: "optional-request-field-removed.yaml",
    changes: [["major", "removed optional request body field `color` from `POST /v1/widgets`"]],
    overrides: ["minor"],
  },
  {
    fixture: "query-parameter-removed.yaml",
    changes: [["major", "removed query parameter `team_id` from `GET /v1/users/{user_id}`"]],
  },
  {
    fixture: "request-field-made-required.yaml",
    changes: [["major", "request body field `color` is now required in `POST /v1/widgets`"]],
  },
  {
    fixture: "response-type-changed.yaml",
    changes: [
      ["major", "changed the type of response field `age` from `integer` to `string` in `GET /v1/users/{user_id}`"],
    ],
    overrides: ["minor"],
  },
  { fixture: "enum-value-removed.yaml", changes: [["major", "removed value `paused` from enum `UserStatus`"]] },
  {
    fixture: "exhaustive-response-enum-value-added.yaml",
    changes: [["major", "added value `deleted` to exhaustive enum `UserStatus`, which appears in responses"]],
  },
  {
    fixture: "non-exhaustive-enum-value-added.yaml",
    changes: [["minor", "added value `new_provider` to non-exhaustive enum `OAuthProviders`"]],
    // OAuthProviders is also in the Widget response, where the library calls a new value breaking.
    overrides: ["major"],
  },
  { fixture: "operation-added.yaml", changes: [["minor", "added operation `GET /v1/widgets/{widget_id}`"]] },
  {
    fixture: "optional-parameter-added.yaml",
    changes: [["minor", "added optional query parameter `verbose` to `GET /v1/users/{user_id}`"]],
  },
  {
    fixture: "server-added.yaml",
    changes: [["minor", "added server `https://api.eu.example.test` (ProductionEU)"]],
    overrides: ["patch"],
  },
  {
    fixture: "documentation-changed.yaml",
    changes: [
      ["patch", "changed the summary of `POST /v1/widgets`"],
      ["patch", "added the description of request body field `color` in `POST /v1/widgets`"],
    ],
  },
  { fixture: "reformatted.json", changes: [] },
];

describe("classifying a spec change from an SDK caller's point of view", () => {
  it.each(cases)("$fixture", async ({ fixture, changes, overrides }) => {
    const found = await compareSpecs(base, await load(`bumps/${fixture}`));
    expect(found.map((c) => [c.level, c.text])).toEqual(changes);
    if (overrides) {
      expect(found.map((c) => c.library)).toEqual(overrides);
      for (const change of found) expect(change.override).toMatch(/^api-smart-diff: .*; SDK callers: /);
    } else {
      for (const change of found) expect(change.override).toBeNull();
    }
  });
});

describe("overrides of the library's verdict, one by one", () => {
  const mutate = (edit: (doc: typeof base) => void) => {
    const doc = structuredClone(base);
    edit(doc);
    return doc;
  };

  it("a parameter's type change is major (the library: non-breaking)", async () => {
    const [change] = await compareSpecs(
      base,
      mutate((d) => {
        d.paths["/v1/users/{user_id}"].get.parameters[1].schema.type = "integer";
      }),
    );
    expect(change).toMatchObject({
      level: "major",
      library: "minor",
      text: "changed the type of query parameter `team_id` from `string` to `integer` in `GET /v1/users/{user_id}`",
    });
  });

  it("a removed server is major (the library: annotation)", async () => {
    const [change] = await compareSpecs(
      base,
      mutate((d) => {
        d.servers.push({ url: "https://api.eu.example.test" });
      }),
    );
    expect(change?.level).toBe("minor");
    const withTwo = mutate((d) => {
      d.servers.push({ url: "https://api.eu.example.test" });
    });
    const [removed] = await compareSpecs(withTwo, base);
    expect(removed).toMatchObject({
      level: "major",
      library: "patch",
      text: "removed server `https://api.eu.example.test`",
    });
  });

  it("a renamed operationId is major (the library: annotation)", async () => {
    const [change] = await compareSpecs(
      base,
      mutate((d) => {
        d.paths["/v1/widgets"].post.operationId = "make_widget";
      }),
    );
    expect(change).toMatchObject({
      level: "major",
      library: "patch",
      text: "renamed operationId `create_widget` to `make_widget` of `POST /v1/widgets`",
    });
  });

  it("a value added to an exhaustive enum used only in requests is minor", async () => {
    const doc = mutate((d) => {
      d.components.schemas.WidgetSize = { type: "string", enum: ["small", "large"] };
      d.components.schemas.WidgetBody.properties.size = { $ref: "#/components/schemas/WidgetSize" };
    });
    const next = structuredClone(doc);
    next.components.schemas.WidgetSize.enum.push("huge");
    expect((await compareSpecs(doc, next)).map((c) => [c.level, c.text])).toEqual([
      ["minor", "added value `huge` to exhaustive enum `WidgetSize`"],
    ]);
  });

  it("the same change in several operations is one line naming each", async () => {
    const doc = mutate((d) => {
      d.paths["/v1/gadgets"] = structuredClone(d.paths["/v1/widgets"]);
      d.paths["/v1/gadgets"].post.operationId = "create_gadget";
    });
    const next = structuredClone(doc);
    delete next.components.schemas.WidgetBody.properties.color;
    expect((await compareSpecs(doc, next)).map((c) => c.text)).toEqual([
      "removed optional request body field `color` from `POST /v1/widgets` and `POST /v1/gadgets`",
    ]);
  });
});

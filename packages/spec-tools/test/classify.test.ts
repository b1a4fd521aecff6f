/**
 * Each class of spec change, as an edit of a copy of test/fixtures/base.yaml, with the bump an SDK caller
 * needs and the exact words of the changeset. Where api-smart-diff's verdict differs from the caller's
 * view, the override is asserted too.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Bump, compareSpecs } from "../src/classify/index.ts";
import { type Json, parseSpecText } from "../src/spec-io.ts";
import { base, getWidget, mutate } from "./support/base-spec.ts";
import { fixtures } from "./support/repo.ts";

type Edit = (doc: Json) => void;

interface Case {
  name: string;
  /** Applied to both sides: the spec the change starts from, when it is not the base one. */
  from?: Edit;
  edit: Edit;
  changes: [Bump, string][];
  /** The library's bump where the caller's view overrides it. */
  overrides?: (Bump | null)[];
}

const widgets = (d: Json) => d.paths["/v1/widgets"].post;
const getUser = "`GET /v1/users/{user_id}`";

/** A `size` of Widget (a response) and of WidgetBody (a request) that is one of two types. */
const withVariants: Edit = (d) => {
  d.components.schemas.Widget.properties.size = { oneOf: [{ type: "string" }, { type: "integer" }] };
  d.components.schemas.WidgetBody.properties.size = { anyOf: [{ type: "string" }, { type: "integer" }] };
};

/** A named enum used only in requests (`WidgetBody.size`), open. */
const withWidgetSize: Edit = (d) => {
  d.components.schemas.WidgetSize = { type: "string", enum: ["s", "l"], description: "This enum is non-exhaustive." };
  d.components.schemas.WidgetBody.properties.size = { $ref: "#/components/schemas/WidgetSize" };
};

/** Inline enums: an exhaustive one in a response (`User.role`), an open one in a request (`WidgetBody.finish`). */
const withInlineEnums: Edit = (d) => {
  d.components.schemas.User.properties.role = { type: "string", enum: ["admin", "member"] };
  d.components.schemas.WidgetBody.properties.finish = {
    type: "string",
    enum: ["matte", "gloss"],
    description: "ℹ️ This enum is non-exhaustive.",
  };
};

const cases: Case[] = [
  {
    name: "operation removed",
    edit: (d) => delete d.paths["/v1/widgets"],
    changes: [["major", "removed operation `POST /v1/widgets`"]],
  },
  {
    name: "optional request field removed",
    edit: (d) => delete d.components.schemas.WidgetBody.properties.color,
    changes: [["major", "removed optional request body field `color` from `POST /v1/widgets`"]],
    overrides: ["minor"],
  },
  {
    name: "query parameter removed",
    edit: (d) => d.paths["/v1/users/{user_id}"].get.parameters.splice(1, 1),
    changes: [["major", `removed query parameter \`team_id\` from ${getUser}`]],
  },
  {
    name: "request field made required",
    edit: (d) => d.components.schemas.WidgetBody.required.push("color"),
    changes: [["major", "request body field `color` is now required in `POST /v1/widgets`"]],
  },
  {
    name: "response type changed",
    edit: (d) => {
      d.components.schemas.User.properties.age.type = "string";
    },
    changes: [["major", `changed the type of response field \`age\` from \`integer\` to \`string\` in ${getUser}`]],
    overrides: ["minor"],
  },
  {
    name: "enum value removed",
    edit: (d) => d.components.schemas.UserStatus.enum.pop(),
    changes: [["major", "removed value `paused` from enum `UserStatus`"]],
  },
  {
    name: "exhaustive response enum value added",
    edit: (d) => d.components.schemas.UserStatus.enum.push("deleted"),
    changes: [["major", "added value `deleted` to exhaustive enum `UserStatus`, which appears in responses"]],
  },
  {
    name: "non-exhaustive enum value added",
    edit: (d) => d.components.schemas.OAuthProviders.enum.push("new_provider"),
    changes: [["minor", "added value `new_provider` to non-exhaustive enum `OAuthProviders`"]],
    // OAuthProviders is also in the Widget response, where the library calls a new value breaking.
    overrides: ["major"],
  },
  {
    name: "operation added",
    edit: (d) => {
      d.paths["/v1/widgets/{widget_id}"] = getWidget;
    },
    changes: [["minor", "added operation `GET /v1/widgets/{widget_id}`"]],
  },
  {
    name: "optional parameter added",
    edit: (d) =>
      d.paths["/v1/users/{user_id}"].get.parameters.push({
        name: "verbose",
        in: "query",
        required: false,
        schema: { type: "boolean" },
      }),
    changes: [["minor", `added optional query parameter \`verbose\` to ${getUser}`]],
  },
  {
    name: "server added",
    edit: (d) => d.servers.push({ url: "https://api.eu.example.test", "x-fern-server-name": "ProductionEU" }),
    changes: [["minor", "added server `https://api.eu.example.test` (ProductionEU)"]],
    overrides: ["patch"],
  },
  {
    name: "documentation changed",
    edit: (d) => {
      d.paths["/v1/widgets"].post.summary = "Make a Widget";
      d.components.schemas.WidgetBody.properties.color.description = "Any CSS colour name.";
    },
    changes: [
      ["patch", "changed the summary of `POST /v1/widgets`"],
      ["patch", "added the description of request body field `color` in `POST /v1/widgets`"],
    ],
  },

  // Operations.
  {
    name: "operation deprecated",
    edit: (d) => {
      widgets(d).deprecated = true;
    },
    changes: [["minor", "deprecated `POST /v1/widgets`"]],
  },
  {
    name: "operation deprecated by x-fern-availability (the generator marks it @deprecated too)",
    edit: (d) => {
      widgets(d)["x-fern-availability"] = "deprecated";
    },
    changes: [["minor", "deprecated `POST /v1/widgets`"]],
    overrides: ["patch"],
  },
  {
    name: "operation no longer deprecated",
    from: (d) => {
      widgets(d).deprecated = true;
    },
    edit: (d) => delete widgets(d).deprecated,
    changes: [["minor", "un-deprecated `POST /v1/widgets`"]],
  },
  {
    name: "request body removed",
    edit: (d) => delete widgets(d).requestBody,
    changes: [["major", "removed the request body of `POST /v1/widgets`"]],
  },
  {
    name: "response content type changed",
    edit: (d) => {
      const response = d.paths["/v1/users/{user_id}"].get.responses["200"];
      response.content = { "application/xml": response.content["application/json"] };
    },
    changes: [
      ["major", `removed content type \`application/json\` of response \`200\` in ${getUser}`],
      ["minor", `added content type \`application/xml\` of response \`200\` in ${getUser}`],
    ],
  },

  // Servers and authentication.
  {
    name: "server URL changed",
    edit: (d) => {
      d.servers[0].url = "https://api.junction.test";
    },
    changes: [
      ["minor", "changed the URL of server `https://api.example.test` (Production) to `https://api.junction.test`"],
    ],
    overrides: ["patch"],
  },
  {
    name: "server renamed (the environment name callers pass)",
    edit: (d) => {
      d.servers[0]["x-fern-server-name"] = "Live";
    },
    changes: [["major", "renamed environment `Production` of server `https://api.example.test` to `Live`"]],
    overrides: ["patch"],
  },
  {
    name: "API key header renamed",
    edit: (d) => {
      d.components.securitySchemes.apiKeyAuth.name = "x-junction-key";
    },
    changes: [["major", "changed the API key header from `x-api-key` to `x-junction-key`"]],
  },

  // oneOf / anyOf variants: a response may carry a variant callers do not handle; a request accepts more.
  {
    name: "variant added to a response field's oneOf",
    from: withVariants,
    edit: (d) => d.components.schemas.Widget.properties.size.oneOf.push({ type: "boolean" }),
    changes: [["major", "added a variant to the type of response field `size` in `POST /v1/widgets`"]],
  },
  {
    name: "variant removed from a response field's oneOf",
    from: withVariants,
    edit: (d) => d.components.schemas.Widget.properties.size.oneOf.pop(),
    changes: [["major", "removed a variant from the type of response field `size` in `POST /v1/widgets`"]],
    overrides: ["minor"],
  },
  {
    name: "variant added to a request field's anyOf",
    from: withVariants,
    edit: (d) => d.components.schemas.WidgetBody.properties.size.anyOf.push({ type: "boolean" }),
    changes: [["minor", "added a variant to the type of request body field `size` in `POST /v1/widgets`"]],
  },
  {
    name: "variant removed from a request field's anyOf",
    from: withVariants,
    edit: (d) => d.components.schemas.WidgetBody.properties.size.anyOf.pop(),
    changes: [["major", "removed a variant from the type of request body field `size` in `POST /v1/widgets`"]],
  },

  // Enums opened (non-exhaustive) or closed (exhaustive).
  {
    name: "response enum opened by its description",
    edit: (d) => {
      d.components.schemas.UserStatus.description = "ℹ️ This enum is non-exhaustive.";
    },
    changes: [["major", "enum `UserStatus`, which appears in responses, is now non-exhaustive"]],
    overrides: ["patch"],
  },
  {
    name: "response enum opened by x-junction-exhaustive: false",
    edit: (d) => {
      d.components.schemas.UserStatus["x-junction-exhaustive"] = false;
    },
    changes: [["major", "enum `UserStatus`, which appears in responses, is now non-exhaustive"]],
  },
  {
    name: "response enum opened by the description of a $ref to it",
    edit: (d) => {
      d.components.schemas.User.properties.status.description = "ℹ️ This enum is non-exhaustive.";
    },
    changes: [["major", "enum `UserStatus`, which appears in responses, is now non-exhaustive"]],
  },
  {
    name: "request and response enum closed by removing its descriptions",
    edit: (d) => {
      delete d.components.schemas.OAuthProviders.description;
      delete d.components.schemas.WidgetBody.properties.provider.description;
    },
    changes: [["major", "enum `OAuthProviders`, which appears in requests, is now exhaustive"]],
    overrides: ["patch"],
  },
  {
    name: "request enum closed by x-junction-exhaustive: true",
    from: withWidgetSize,
    edit: (d) => {
      d.components.schemas.WidgetSize["x-junction-exhaustive"] = true;
    },
    changes: [["major", "enum `WidgetSize`, which appears in requests, is now exhaustive"]],
  },
  {
    name: "request-only enum opened",
    from: (d) => {
      withWidgetSize(d);
      d.components.schemas.WidgetSize["x-junction-exhaustive"] = true;
    },
    edit: (d) => delete d.components.schemas.WidgetSize["x-junction-exhaustive"],
    changes: [["minor", "enum `WidgetSize`, which appears only in requests, is now non-exhaustive"]],
  },
  {
    name: "response-only enum closed",
    from: (d) => {
      d.components.schemas.UserStatus["x-junction-exhaustive"] = false;
    },
    edit: (d) => {
      d.components.schemas.UserStatus["x-junction-exhaustive"] = true;
    },
    changes: [["minor", "enum `UserStatus`, which appears only in responses, is now exhaustive"]],
  },
  {
    name: "inline response enum opened",
    from: withInlineEnums,
    edit: (d) => {
      d.components.schemas.User.properties.role.description = "Role. This enum is non-exhaustive.";
    },
    changes: [["major", `the enum of response field \`role\` is now non-exhaustive in ${getUser}`]],
    overrides: ["patch"],
  },
  {
    name: "inline request enum closed",
    from: withInlineEnums,
    edit: (d) => {
      d.components.schemas.WidgetBody.properties.finish["x-junction-exhaustive"] = true;
    },
    changes: [["major", "the enum of request body field `finish` is now exhaustive in `POST /v1/widgets`"]],
  },
];

describe("classifying a spec change from an SDK caller's point of view", () => {
  it.each(cases)("$name", async ({ from, edit, changes, overrides }) => {
    const before = from ? mutate(base, from) : base;
    const found = await compareSpecs(before, mutate(before, edit));
    expect(found.map((c) => [c.level, c.text])).toEqual(changes);
    if (overrides) {
      expect(found.map((c) => c.library)).toEqual(overrides);
      for (const change of found) expect(change.override).toMatch(/^api-smart-diff: .*; SDK callers: /);
    } else {
      for (const change of found) expect(change.override).toBeNull();
    }
  });

  it("the same document reformatted as JSON is no change", async () => {
    const reformatted = await readFile(join(fixtures, "bumps/reformatted.json"), "utf8");
    expect(await compareSpecs(base, parseSpecText(reformatted, "reformatted.json"))).toEqual([]);
  });
});

describe("overrides of the library's verdict, one by one", () => {
  it("a parameter's type change is major (the library: non-breaking)", async () => {
    const [change] = await compareSpecs(
      base,
      mutate(base, (d) => {
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
      mutate(base, (d) => {
        d.servers.push({ url: "https://api.eu.example.test" });
      }),
    );
    expect(change?.level).toBe("minor");
    const withTwo = mutate(base, (d) => {
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
      mutate(base, (d) => {
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
    const doc = mutate(base, (d) => {
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
    const doc = mutate(base, (d) => {
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

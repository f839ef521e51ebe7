import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../src/engine/language";
import { createEngine, type EngineDeps } from "../../src/engine/runtime";
import type { EngineEvent, FlowCatalog, Session } from "../../src/engine/types";
import { FlowValidationError } from "../../src/engine/validate";

/** A small catalogue of its own, so these tests do not change when the product's flows do. */
const catalog: FlowCatalog = {
  welcomeFlow: "menu",
  menuFlow: "menu",
  triggers: [{ words: ["tulis"], flow: "note" }],
  flows: [
    {
      id: "menu",
      specVersion: 1,
      start: "choose",
      nodes: {
        choose: {
          type: "choose",
          prompt: ["t:menu"],
          choices: [{ id: "note", label: "t:note", next: "go" }],
        },
        go: { type: "goto", flow: "note" },
      },
    },
    {
      id: "note",
      specVersion: 1,
      start: "title",
      nodes: {
        title: {
          type: "ask",
          prompt: ["t:title"],
          save: "title",
          next: "count",
          help: "t:title_help",
        },
        count: { type: "ask", prompt: ["t:count"], save: "count", parser: "number", next: "stamp" },
        stamp: { type: "act", action: "stamp", next: "done" },
        done: {
          type: "end",
          say: [{ key: "t:done", params: { title: "$title", at: "$stampedAt" } }],
        },
      },
    },
  ],
};

const texts = new Set([
  "t:menu",
  "t:note",
  "t:title",
  "t:title_help",
  "t:count",
  "t:done",
  "t:number",
]);
const hasText = (key: string) => texts.has(key) || key.startsWith("common:");

function engine(overrides: Partial<EngineDeps> = {}) {
  return createEngine({
    catalog,
    translate: (language, key) =>
      key === "t:note" ? (language === "id" ? "Catatan" : "Note") : key,
    hasText,
    idleMs: 24 * 3600_000,
    parsers: {
      number: (text) =>
        /^\d+$/.test(text.trim())
          ? { ok: true, value: Number(text) }
          : { ok: false, error: "t:number" },
    },
    actions: { stamp: (_params, context) => ({ vars: { stampedAt: context.now.toISOString() } }) },
    ...overrides,
  });
}

const t0 = new Date("2026-11-20T03:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);
const said = (events: EngineEvent[]) =>
  events.flatMap((event) =>
    event.type === "message" ? event.say.map((s) => (typeof s === "string" ? s : s.key)) : [],
  );

function play(inputs: string[], start?: Session, at = t0) {
  const e = engine();
  let session = start;
  let events: EngineEvent[] = [];
  for (const text of inputs) {
    const result = e.handle(session, { kind: "text", text }, at);
    session = JSON.parse(JSON.stringify(result.session)) as Session;
    events = result.events;
  }
  return { session: session as Session, events };
}

describe("engine", () => {
  it("walks a flow from a trigger to its end, filling parameters from answers and actions", () => {
    const { session, events } = play(["tulis", "Amplop di Desa Lalang", "3"]);
    expect(session.run).toBeUndefined();
    const done = events.find((e) => e.type === "message" && said([e]).includes("t:done"));
    expect(done).toMatchObject({
      say: [{ key: "t:done", params: { title: "Amplop di Desa Lalang", at: t0.toISOString() } }],
    });
  });

  it("asks again with the parser's reason when an answer does not parse", () => {
    const { session, events } = play(["tulis", "judul", "tiga"]);
    expect(said(events)).toEqual(["t:number", "t:count"]);
    expect(session.run?.nodeId).toBe("count");
  });

  it("does not start a trigger while it waits for free text", () => {
    const { session } = play(["tulis", "tulis"]);
    expect(session.run?.vars.title).toBe("tulis");
  });

  it("goes back to the previous question with `kembali`, across flows", () => {
    const first = play(["menu", "1", "judul"]);
    expect(first.session.run?.nodeId).toBe("count");
    const back = play(["kembali"], first.session);
    expect(back.session.run?.nodeId).toBe("title");
    const backAgain = play(["kembali"], back.session);
    expect(backAgain.session.run).toMatchObject({ flowId: "menu", nodeId: "choose" });
  });

  it("shows the question's own help for `bantuan`, then asks again", () => {
    const { events } = play(["tulis", "bantuan"]);
    expect(said(events)).toEqual(["t:title_help", "t:title"]);
  });

  it("cancels with `batal`, keeping nothing of the run, and shows the menu", () => {
    const { session, events } = play(["tulis", "judul", "batal"]);
    expect(said(events)).toEqual(["common:cancelled", "t:menu"]);
    expect(session.run?.flowId).toBe("menu");
  });

  it("matches a typed choice label in either language", () => {
    expect(play(["menu", "catatan"]).session.run?.flowId).toBe("note");
    expect(play(["menu", "Note"]).session.run?.flowId).toBe("note");
  });

  it("switches language with `language` and keeps waiting at the same question", () => {
    const { session, events } = play(["tulis", "language"]);
    expect(session.language).toBe("en");
    expect(session.run?.nodeId).toBe("title");
    expect(events.find((e) => e.type === "language_changed")).toEqual({
      type: "language_changed",
      language: "en",
    });
    const prompt = events.at(-1);
    expect(prompt).toMatchObject({ type: "message", language: "en", say: ["t:title"] });
  });

  it("expires a run idle for 24 hours, handing over what it collected", () => {
    const e = engine();
    const { session } = play(["tulis", "Amplop"]);
    expect(e.expireIfIdle(session, later(23 * 3600_000))).toBeUndefined();
    const expired = e.expireIfIdle(session, later(25 * 3600_000));
    expect(expired?.events).toEqual([
      { type: "run_abandoned", flowId: "note", reason: "expired", vars: { title: "Amplop" } },
    ]);
    expect(expired?.session.run).toBeUndefined();
  });

  it("tells a returning person their old conversation expired, and answers the new message", () => {
    const e = engine();
    const { session } = play(["tulis", "Amplop"]);
    const result = e.handle(session, { kind: "text", text: "menu" }, later(30 * 3600_000));
    expect(result.events[0]?.type).toBe("run_abandoned");
    expect(said(result.events)).toEqual(["common:session_expired", "t:menu"]);
  });

  it("answers media at a question by saying it was kept, then asks again", () => {
    const e = engine();
    const { session } = play(["tulis"]);
    const result = e.handle(session, { kind: "media", count: 1 }, t0);
    expect(said(result.events)).toEqual(["common:media_saved", "t:title"]);
  });

  it("never answers with silence, whatever the input", () => {
    const e = engine();
    for (const text of ["", "   ", "🙂", "?!", "x".repeat(4000), "999", "/unknown"]) {
      const idle = e.handle(
        { language: "id", lastActivityAt: t0.toISOString() },
        { kind: "text", text },
        t0,
      );
      expect(said(idle.events).length, `idle: ${JSON.stringify(text)}`).toBeGreaterThan(0);
      const waiting = e.handle(play(["tulis"]).session, { kind: "text", text }, t0);
      expect(said(waiting.events).length, `waiting: ${JSON.stringify(text)}`).toBeGreaterThan(0);
    }
  });

  it("guesses English only from an obviously English first message", () => {
    expect(detectLanguage("Hello, I want to report something")).toBe("en");
    expect(detectLanguage("halo saya mau lapor")).toBe("id");
    expect(detectLanguage("ok")).toBe("id");
    expect(detectLanguage(undefined)).toBe("id");
  });
});

describe("flow validation at load", () => {
  const broken = (mutate: (c: FlowCatalog) => void) => {
    const copy = structuredClone(catalog);
    mutate(copy);
    return () => engine({ catalog: copy });
  };

  it("refuses an exit that leads nowhere", () => {
    expect(
      broken((c) => {
        const node = c.flows[1]?.nodes.title;
        if (node?.type === "ask") node.next = "nowhere";
      }),
    ).toThrow(/leads to missing node "nowhere"/);
  });

  it("refuses a text that is not an i18n key, or a key with no text", () => {
    expect(
      broken((c) => {
        const node = c.flows[1]?.nodes.title;
        if (node?.type === "ask") node.prompt = ["Tulis judul"];
      }),
    ).toThrow(/is not an i18n key/);
    expect(
      broken((c) => {
        const node = c.flows[1]?.nodes.title;
        if (node?.type === "ask") node.prompt = ["t:missing"];
      }),
    ).toThrow(/text "t:missing" is missing/);
  });

  it("refuses unknown flows, parsers and actions, and repeated choice ids", () => {
    expect(broken((c) => c.triggers.push({ words: ["x"], flow: "ghost" }))).toThrow(
      FlowValidationError,
    );
    expect(() => engine({ parsers: {} })).toThrow(/unknown parser "number"/);
    expect(() => engine({ actions: {} })).toThrow(/unknown action "stamp"/);
    expect(
      broken((c) => {
        const node = c.flows[0]?.nodes.choose;
        if (node?.type === "choose") node.choices.push({ id: "note", label: "t:note", next: "go" });
      }),
    ).toThrow(/repeats choice "note"/);
  });

  it("accepts the product's own flows", async () => {
    const { createAppEngine } = await import("../support/engine-driver");
    await expect(createAppEngine()).resolves.toBeDefined();
  });
});

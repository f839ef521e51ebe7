import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine/runtime";
import type { EngineEvent, FlowCatalog, Session } from "../../src/engine/types";

const catalog: FlowCatalog = {
  welcomeFlow: "place",
  menuFlow: "place",
  triggers: [{ words: ["cek", "cek status"], flow: "lookup", withArgument: true }],
  flows: [
    {
      id: "place",
      specVersion: 1,
      start: "where",
      nodes: {
        where: { type: "ask", prompt: ["t:where"], save: "place", parser: "place", next: "route" },
        route: {
          type: "branch",
          cases: [{ var: "place", equals: "19.06.01.2006", next: "lalang" }],
          otherwise: "elsewhere",
        },
        lalang: { type: "end", say: ["t:lalang"] },
        elsewhere: { type: "end", say: ["t:elsewhere"] },
      },
    },
    {
      id: "lookup",
      specVersion: 1,
      start: "check",
      nodes: {
        check: { type: "branch", cases: [{ var: "argument", next: "with" }], otherwise: "without" },
        with: { type: "end", say: [{ key: "t:code", params: { code: "$argument" } }] },
        without: { type: "end", say: ["t:nocode"] },
      },
    },
  ],
};

const engine = createEngine({
  catalog,
  translate: (_language, key) => key,
  hasText: () => true,
  idleMs: 3600_000,
  parsers: {
    place: (text) => {
      if (/^lalang$/i.test(text.trim())) {
        return {
          ok: "offer",
          say: ["t:which"],
          options: [
            { value: "19.06.01.2006", label: "Lalang, Manggar" },
            { value: "19.06.01.2001", label: "Lalang Jaya, Manggar" },
          ],
        };
      }
      return /manggar/i.test(text)
        ? { ok: true, value: "19.06.01" }
        : { ok: false, error: "t:unknown" };
    },
  },
});

const now = new Date("2026-11-20T03:00:00Z");
function run(inputs: (string | { choice: string })[]) {
  let session: Session | undefined;
  let events: EngineEvent[] = [];
  for (const input of inputs) {
    const result = engine.handle(
      session,
      typeof input === "string"
        ? { kind: "text", text: input }
        : { kind: "choice", id: input.choice },
      now,
    );
    session = JSON.parse(JSON.stringify(result.session)) as Session;
    events = result.events;
  }
  return { session: session as Session, events };
}
const keys = (events: EngineEvent[]) =>
  events.flatMap((e) =>
    e.type === "message" ? e.say.map((s) => (typeof s === "string" ? s : s.key)) : [],
  );

describe("engine extensions", () => {
  it("offers a parser's candidates as choices with literal labels, and takes one by number", () => {
    const offered = run(["halo", "Lalang"]);
    const message = offered.events.at(-1);
    expect(message).toMatchObject({
      type: "message",
      say: ["t:which"],
      choices: [
        { id: "offered-1", label: { text: "Lalang, Manggar" } },
        { id: "offered-2", label: { text: "Lalang Jaya, Manggar" } },
      ],
    });
    expect(keys(run(["halo", "Lalang", "1"]).events)).toEqual(["t:lalang"]);
  });

  it("takes an offered candidate by button or by its label, and re-parses anything else", () => {
    expect(keys(run(["halo", "Lalang", { choice: "offered-2" }]).events)).toEqual(["t:elsewhere"]);
    expect(keys(run(["halo", "Lalang", "lalang, manggar"]).events)).toEqual(["t:lalang"]);
    expect(keys(run(["halo", "Lalang", "Manggar saja"]).events)).toEqual(["t:elsewhere"]);
  });

  it("routes by a variable with a branch node", () => {
    expect(run(["halo", "Lalang", "1"]).session.run).toBeUndefined();
  });

  it("starts a flow from a trigger followed by text, keeping the text as typed", () => {
    const { events } = run(["halo", "Manggar", "cek LPR-7K3M-Q9ZD 123456"]);
    expect(events.at(-1)).toMatchObject({
      say: [{ key: "t:code", params: { code: "LPR-7K3M-Q9ZD 123456" } }],
    });
  });

  it("prefers the longest trigger words", () => {
    const { events } = run(["halo", "Manggar", "Cek status LPR-7K3M-Q9ZD"]);
    expect(events.at(-1)).toMatchObject({
      say: [{ key: "t:code", params: { code: "LPR-7K3M-Q9ZD" } }],
    });
  });

  it("does not take trigger words while a question waits for free text", () => {
    const { events } = run(["halo", "cek sesuatu"]);
    expect(keys(events)).toEqual(["t:unknown", "t:where"]);
  });

  it("keeps a run that has collected answers when a trigger word arrives at a choice", () => {
    const guarded = createEngine({
      catalog: {
        welcomeFlow: "pick",
        menuFlow: "pick",
        triggers: [
          { words: ["cek"], flow: "pick" },
          { words: ["info"], flow: "info", interjection: true },
        ],
        flows: [
          {
            id: "pick",
            specVersion: 1,
            start: "name",
            nodes: {
              name: { type: "ask", prompt: ["t:name"], save: "name", next: "sure" },
              sure: {
                type: "choose",
                prompt: ["t:sure"],
                choices: [{ id: "yes", label: "t:yes", next: "done" }],
              },
              done: { type: "end", say: ["t:done"] },
            },
          },
          {
            id: "info",
            specVersion: 1,
            start: "say",
            nodes: { say: { type: "end", say: ["t:info"] } },
          },
        ],
      },
      translate: (_language, key) => key,
      hasText: () => true,
      idleMs: 3600_000,
    });
    let session = guarded.handle(undefined, { kind: "text", text: "mulai" }, now).session;
    session = guarded.handle(session, { kind: "text", text: "Siti" }, now).session;
    const trigger = guarded.handle(session, { kind: "text", text: "cek" }, now);
    expect(trigger.session.run?.vars).toEqual({ name: "Siti" });
    expect(keys(trigger.events)).toEqual(["common:not_understood_choice", "t:sure"]);
    const aside = guarded.handle(session, { kind: "text", text: "info" }, now);
    expect(keys(aside.events)).toEqual(["t:info", "t:sure"]);
    expect(aside.session.run).toEqual(session.run);
  });

  it("starts afresh, keeping the answers, when a stored run points at a question that no longer exists", () => {
    const stale: Session = {
      language: "id",
      lastActivityAt: now.toISOString(),
      run: {
        flowId: "place",
        nodeId: "removed_question",
        vars: { place: "19.06.01" },
        history: [],
        startedAt: now.toISOString(),
      },
    };
    const result = engine.handle(stale, { kind: "text", text: "halo" }, now);
    expect(result.events[0]).toEqual({
      type: "run_abandoned",
      flowId: "place",
      reason: "flow_changed",
      vars: { place: "19.06.01" },
    });
    expect(result.session.run?.nodeId).toBe("where");
  });
  it("branches on the conductor's facts and lets actions read them, without storing them", () => {
    const withFacts = createEngine({
      catalog: {
        welcomeFlow: "who",
        menuFlow: "who",
        triggers: [],
        flows: [
          {
            id: "who",
            specVersion: 1,
            start: "check",
            nodes: {
              check: {
                type: "branch",
                cases: [{ var: "contact.staff.role", equals: "officer", next: "keep" }],
                otherwise: "nobody",
              },
              keep: { type: "act", action: "keep_area", next: "ask" },
              ask: {
                type: "ask",
                prompt: [{ key: "t:area", params: { area: "$area" } }],
                save: "x",
                next: "done",
              },
              nobody: { type: "end", say: ["t:nobody"] },
              done: { type: "end" },
            },
          },
        ],
      },
      translate: (_language, key) => key,
      hasText: () => true,
      idleMs: 3600_000,
      actions: {
        keep_area: (_params, context) => {
          const staff = context.facts?.staff;
          const area =
            staff && typeof staff === "object" && !Array.isArray(staff) ? staff.region : null;
          return { vars: { area: typeof area === "string" ? area : "" } };
        },
      },
    });
    const input = { kind: "text" as const, text: "halo" };
    const officer = withFacts.handle(undefined, input, now, {
      staff: { role: "officer", region: "19.06" },
    });
    expect(officer.events).toMatchObject([
      { type: "message", say: [{ key: "t:area", params: { area: "19.06" } }] },
    ]);
    expect(JSON.stringify(officer.session)).not.toContain("officer");
    expect(keys(withFacts.handle(undefined, input, now).events)).toEqual(["t:nobody"]);
  });
});

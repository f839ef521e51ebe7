import { describe, expect, it } from "vitest";
import { type ActionResult, createEngine } from "../../src/engine/runtime";
import type { EngineEvent, FlowCatalog, Session } from "../../src/engine/types";

/**
 * The engine features behind free text: the catalogue's free-text flow, `freeText` choices,
 * choices computed by an action (`choicesFrom`), `goto` carrying variables, and an action
 * answering in another language. A catalogue of its own keeps these apart from product flows.
 */
const catalog: FlowCatalog = {
  welcomeFlow: "welcome",
  menuFlow: "menu",
  freeTextFlow: "read",
  triggers: [{ words: ["lapor"], flow: "form" }],
  flows: [
    {
      id: "welcome",
      specVersion: 1,
      start: "hi",
      nodes: {
        hi: { type: "say", say: ["t:hi"], next: "menu" },
        menu: { type: "goto", flow: "menu" },
      },
    },
    {
      id: "menu",
      specVersion: 1,
      start: "choose",
      nodes: {
        choose: {
          type: "choose",
          prompt: ["t:menu"],
          choices: [{ id: "form", label: "t:form", next: "form" }],
          freeText: true,
        },
        form: { type: "goto", flow: "form" },
      },
    },
    {
      id: "read",
      specVersion: 1,
      start: "guess",
      nodes: {
        guess: { type: "act", action: "guess", next: "route" },
        route: {
          type: "branch",
          cases: [
            { var: "intent", equals: "form", next: "to_form" },
            { var: "intent", equals: "pick", next: "pick" },
            { var: "firstMessage", equals: true, next: "welcome" },
          ],
          otherwise: "none",
        },
        to_form: { type: "goto", flow: "form", carry: ["place", "missing"] },
        pick: {
          type: "choose",
          prompt: ["t:pick"],
          choicesFrom: { var: "options", save: "picked", next: "answer" },
          choices: [{ id: "other", label: "t:other", next: "none" }],
          freeText: true,
        },
        answer: { type: "act", action: "answer", next: "done" },
        done: { type: "end" },
        welcome: { type: "goto", flow: "welcome" },
        none: { type: "end", say: ["t:none"] },
      },
    },
    {
      id: "form",
      specVersion: 1,
      start: "where",
      nodes: {
        where: {
          type: "branch",
          cases: [{ var: "place", next: "done" }],
          otherwise: "ask_place",
        },
        ask_place: { type: "ask", prompt: ["t:where"], save: "place", next: "done" },
        done: { type: "end", say: [{ key: "t:saved", params: { place: "$place" } }] },
      },
    },
  ],
};

const engine = createEngine({
  catalog,
  translate: (_language, key) => key,
  hasText: () => true,
  idleMs: 3600_000,
  actions: {
    guess(_params, { vars }): ActionResult {
      const text = String(vars.text);
      if (text.startsWith("di ")) return { vars: { intent: "form", place: text.slice(3) } };
      if (text.includes("?")) {
        return {
          vars: {
            intent: "pick",
            options: [
              { id: "a", label: "t:topic_a" },
              { id: "b", label: "t:topic_b" },
            ],
          },
        };
      }
      return { vars: { intent: "none" } };
    },
    answer(_params, { vars }) {
      return { say: [`t:answer_${String(vars.picked)}`], language: "en" };
    },
  },
});

const now = new Date("2026-11-20T03:00:00Z");

function conversation() {
  let session: Session | undefined;
  return (input: string | { choice: string }) => {
    const result = engine.handle(
      session,
      typeof input === "string"
        ? { kind: "text", text: input }
        : { kind: "choice", id: input.choice },
      now,
    );
    session = JSON.parse(JSON.stringify(result.session)) as Session;
    return { session, events: result.events };
  };
}

const said = (events: EngineEvent[]) =>
  events.flatMap((event) =>
    event.type === "message"
      ? event.say.map((say) => (typeof say === "string" ? say : say.key))
      : [],
  );
const choiceIds = (events: EngineEvent[]) =>
  events.flatMap((event) =>
    event.type === "message" && event.choices ? event.choices.map((choice) => choice.id) : [],
  );

describe("free text", () => {
  it("a first message that is no command goes to the free-text flow, marked as first", () => {
    const send = conversation();
    const { events } = send("hmm");
    expect(said(events)).toEqual(["t:hi", "t:menu"]);
  });

  it("text at a freeText menu is read instead of refused as not a choice", () => {
    const send = conversation();
    send("halo");
    const { events } = send("ada yang aneh");
    expect(said(events)).toEqual(["t:none"]);
  });

  it("a number at a freeText menu that picks nothing is still refused as out of range", () => {
    const send = conversation();
    send("halo");
    const { events } = send("7");
    expect(said(events)).toEqual(["common:choice_out_of_range", "t:menu"]);
  });

  it("text with nothing waiting goes to the free-text flow", () => {
    const send = conversation();
    send("halo");
    send("ada yang aneh"); // the run ends
    const { events } = send("ada lagi");
    expect(said(events)).toEqual(["t:none"]);
  });

  it("goto carries only the named variables into the next flow, which skips what it knows", () => {
    const send = conversation();
    send("halo");
    const { events, session } = send("di Manggar");
    expect(said(events)).toEqual(["t:saved"]);
    const saved = events.find((event) => event.type === "message");
    expect(saved?.type === "message" && saved.say[0]).toEqual({
      key: "t:saved",
      params: { place: "Manggar" },
    });
    expect(session.run).toBeUndefined();
  });

  it("choices computed by an action come first, and picking one saves its id", () => {
    const send = conversation();
    send("halo");
    const offered = send("kapan?");
    expect(choiceIds(offered.events)).toEqual(["a", "b", "other"]);
    const picked = send("2");
    expect(said(picked.events)).toEqual(["t:answer_b"]);
  });

  it("a command typed at topics offered after a question starts that command", () => {
    const send = conversation();
    send("halo");
    send("kapan?");
    const { session } = send("lapor");
    expect(session.run).toMatchObject({ flowId: "form", nodeId: "ask_place" });
  });

  it("a command typed while a form is being filled in is taken as the answer", () => {
    const send = conversation();
    send("lapor");
    const { events } = send("lapor");
    expect(said(events)).toEqual(["t:saved"]);
  });

  it("a computed choice can be pressed as a button too", () => {
    const send = conversation();
    send("halo");
    send("kapan?");
    expect(said(send({ choice: "a" }).events)).toEqual(["t:answer_a"]);
  });

  it("an action may answer in another language than the conversation's", () => {
    const send = conversation();
    send("halo");
    send("kapan?");
    const answer = send("1").events.find((event) => event.type === "message");
    expect(answer?.type === "message" && answer.language).toBe("en");
  });

  it("a new question at the offered choices is read afresh", () => {
    const send = conversation();
    send("halo");
    send("kapan?");
    expect(said(send("di Lalang").events)).toEqual(["t:saved"]);
  });

  it("trigger words still win over free text", () => {
    const send = conversation();
    send("halo");
    expect(said(send("lapor").events)).toEqual(["t:where"]);
  });
});

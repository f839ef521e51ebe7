import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  activeSubscribers,
  createSubscriptionParsers,
  placesOf,
} from "../../src/broadcasts/subscriptions";
import { createCasework } from "../../src/casework/casework";
import type { Conductor } from "../../src/conversations/conductor";
import { markContactSeen } from "../../src/conversations/contacts";
import { outboxPriority, readMailbox } from "../../src/conversations/outbox";
import { loadSession } from "../../src/conversations/sessions";
import type { InputParser, ParseResult, StepContext } from "../../src/engine/runtime";
import { createEngine } from "../../src/engine/runtime";
import type { EngineEvent, EngineInput, JsonValue, Session } from "../../src/engine/types";
import { FlowValidationError } from "../../src/engine/validate";
import { addOrganization } from "../../src/organizations/organizations";
import type { Keyring } from "../../src/privacy/keyring";
import { addStaff } from "../../src/staff/accounts";
import type { AppDatabase } from "../../src/storage/database";
import { contacts, outbox, reports, subscriptions } from "../../src/storage/schema";
import {
  createTestConductor,
  fixedClock,
  type TestClock,
  translator,
  webchatMessage,
} from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { createAppEngine, testRegions } from "../support/engine-driver";
import { identifiedReportLines } from "../support/reports";

const now = new Date("2026-11-20T03:00:00Z");
const context = (vars: Record<string, JsonValue> = {}): StepContext => ({
  now,
  language: "id",
  vars,
});

/** The codes a parse result keeps, or what it offers / refuses. */
function outcome(result: ParseResult) {
  if (result.ok === true) return { codes: placesOf(result.value)?.codes, value: result.value };
  if (result.ok === "offer") {
    return {
      offered: result.options.map((option) => option.label),
      offeredCodes: result.options.map((option) => placesOf(option.value)?.codes),
      say: result.say,
    };
  }
  return { error: result.error };
}

describe("reading the places of a subscription", () => {
  let places: InputParser;
  let more: InputParser;
  beforeAll(async () => {
    const parsers = createSubscriptionParsers({ regions: await testRegions() });
    places = parsers.subscription_places as InputParser;
    more = parsers.subscription_places_more as InputParser;
  });

  it("takes several kab/kota typed at once, by name or everyday name, with or without commas", () => {
    const expected = { codes: ["19.06", "19.71"] };
    expect(outcome(places("Belitung Timur, Pangkalpinang", context()))).toMatchObject(expected);
    expect(outcome(places("beltim dan pangkal pinang", context()))).toMatchObject(expected);
    expect(outcome(places("Belitung Timur Pangkalpinang", context()))).toMatchObject(expected);
    expect(outcome(places("beltim pkp", context()))).toMatchObject(expected);
  });

  it("shows what was understood by the names of the areas", () => {
    expect(outcome(places("beltim, pangkalpinang", context())).value).toEqual({
      codes: ["19.06", "19.71"],
      names: "Kab. Belitung Timur, Kota Pangkal Pinang",
    });
  });

  it("takes a whole province, and folds a kab/kota already inside it", () => {
    expect(outcome(places("seluruh Babel", context()))).toMatchObject({ codes: ["19"] });
    expect(outcome(places("all of Babel", context()))).toMatchObject({ codes: ["19"] });
    expect(outcome(places("provinsi Jambi", context()))).toMatchObject({ codes: ["15"] });
    expect(outcome(places("seluruh babel, beltim", context()))).toMatchObject({ codes: ["19"] });
  });

  it("takes every province served for `semua`", () => {
    expect(outcome(places("semua", context()))).toMatchObject({ codes: ["15", "19"] });
  });

  it("reads a kecamatan as the kab/kota it lies in", () => {
    expect(outcome(places("Manggar", context()))).toMatchObject({ codes: ["19.06"] });
  });

  it("reads a one-letter typo", () => {
    expect(outcome(places("belitung timr", context()))).toMatchObject({ codes: ["19.06"] });
  });

  it("asks which one for a name that fits two areas, keeping the other names", () => {
    expect(outcome(places("Jambi", context()))).toMatchObject({
      offered: ["Provinsi Jambi", "Kota Jambi"],
    });
    expect(outcome(places("beltim, tanjab", context()))).toMatchObject({
      offered: ["Kab. Tanjung Jabung Barat", "Kab. Tanjung Jabung Timur"],
      offeredCodes: [
        ["15.06", "19.06"],
        ["15.07", "19.06"],
      ],
    });
  });

  it("names an unknown place back and offers every kab/kota and province to pick from", () => {
    const result = outcome(places("kota antah berantah", context()));
    expect(result.say).toEqual([
      { key: "subscribe:places_unknown", params: { typed: "kota antah berantah" } },
    ]);
    expect(result.offered).toHaveLength(20);
    expect(result.offered?.slice(12, 14)).toEqual([
      "Provinsi Kepulauan Bangka Belitung",
      "Kab. Bangka",
    ]);
  });

  it("keeps the names it knows and says which it left out", () => {
    expect(outcome(places("beltim, abcdef", context())).value).toEqual({
      codes: ["19.06"],
      names: "Kab. Belitung Timur",
      skipped: "abcdef",
    });
  });

  it("never echoes chat formatting or run variables from what was typed", () => {
    const result = outcome(places("*$places* _x_", context()));
    expect(result.say).toEqual([
      { key: "subscribe:places_unknown", params: { typed: "places x" } },
    ]);
  });

  it("offers the list for `daftar` and for a bare number", () => {
    expect(outcome(places("daftar", context()))).toMatchObject({
      say: ["subscribe:pick_from_list"],
    });
    expect(outcome(places("3", context())).offered).toHaveLength(20);
  });

  it("adds to the places already chosen, also when picking from the list", () => {
    const chosen = { places: { codes: ["19.06"], names: "Kab. Belitung Timur" } };
    expect(outcome(more("Kota Jambi", context(chosen)))).toMatchObject({
      codes: ["15.71", "19.06"],
    });
    const list = outcome(more("list", context(chosen)));
    expect(list.offeredCodes?.[0]).toEqual(["15", "19.06"]);
  });

  it("asks again for an answer with no place in it", () => {
    expect(outcome(places(" , ", context()))).toEqual({ error: "subscribe:places_needed" });
  });
});

describe("berhenti works from any state of any flow, on the pure engine", () => {
  let engine: Awaited<ReturnType<typeof createAppEngine>>;
  beforeAll(async () => {
    engine = await createAppEngine();
  });

  function play(inputs: (string | { choice: string })[]) {
    let session: Session | undefined;
    let events: EngineEvent[] = [];
    for (const typed of inputs) {
      const input: EngineInput =
        typeof typed === "string"
          ? { kind: "text", text: typed }
          : { kind: "choice", id: typed.choice };
      const result = engine.handle(session, input, now);
      session = JSON.parse(JSON.stringify(result.session)) as Session;
      events = result.events;
    }
    return { session: session as Session, events };
  }
  const actions = (events: EngineEvent[]) =>
    events.flatMap((event) => (event.type === "action" ? [event] : []));
  const keys = (events: EngineEvent[]) =>
    events.flatMap((event) =>
      event.type === "message"
        ? event.say.map((say) => (typeof say === "string" ? say : say.key))
        : [],
    );

  const atPlace = ["lapor", { choice: "politik_uang" }];
  const atEvidence = [
    ...atPlace,
    "desa Lalang, Manggar",
    "tadi pagi",
    "Ada pembagian amplop berisi uang di rumah kepala dusun.",
    "tidak tahu",
    "tidak ada",
  ];

  it("unsubscribes at a question waiting for typed text, and asks that question again", () => {
    const before = play(atPlace);
    const after = play([...atPlace, "berhenti"]);
    expect(actions(after.events)).toMatchObject([
      { name: "unsubscribe_requested", vars: { interrupted: "report" } },
    ]);
    expect(keys(after.events)).toEqual(["subscribe:interrupted_kept", "report:ask_place"]);
    expect(after.session.run).toEqual(before.session.run);
  });

  it("takes `stop` at the evidence step as unsubscribing, not as being done", () => {
    const before = play(atEvidence);
    expect(before.session.run?.nodeId).toBe("evidence");
    const after = play([...atEvidence, "STOP"]);
    expect(actions(after.events).map((event) => event.name)).toEqual(["unsubscribe_requested"]);
    expect(after.session.run).toEqual(before.session.run);
  });

  it("offers a list the question offered again after berhenti, and a pick from it still counts", () => {
    const offering = [...atPlace, "kampung antah berantah"];
    const before = play(offering);
    const after = play([...offering, "/berhenti"]);
    const listed = after.events.at(-1);
    expect(listed).toMatchObject({ type: "message", say: ["common:choose_offered"] });
    expect(listed?.type === "message" && listed.choices).toHaveLength(
      before.session.run?.offered?.length ?? -1,
    );
    const picked = play([...offering, "/berhenti", "12"]);
    expect(picked.session.run?.vars.place).toMatchObject({ code: "19.01" });
  });

  it("counts only as the whole message: a longer answer with the word in it is an answer", () => {
    const after = play([...atPlace, "desa Lalang, Manggar", "berhenti kemarin sore"]);
    expect(actions(after.events)).toEqual([]);
  });

  it("leaves other interjections out of questions waiting for typed text", () => {
    const after = play([...atPlace, "privasi"]);
    expect(keys(after.events).some((key) => key.startsWith("privacy:"))).toBe(false);
  });

  it("unsubscribes in the middle of choosing places, which then go on", () => {
    const before = play(["langganan", "beltim"]);
    const after = play(["langganan", "beltim", "unsubscribe"]);
    expect(actions(after.events).map((event) => event.name)).toEqual(["unsubscribe_requested"]);
    expect(after.session.run).toEqual(before.session.run);
  });

  it("does not tell someone at the menu that what they were filling in stays", () => {
    const after = play(["menu", "berhenti"]);
    expect(actions(after.events)[0]?.vars.interrupted).toBeUndefined();
    expect(keys(after.events)).toEqual(["menu:prompt"]);
  });

  it("refuses at load a trigger that works anywhere but is no interjection", () => {
    const build = () =>
      createEngine({
        catalog: {
          welcomeFlow: "a",
          menuFlow: "a",
          triggers: [{ words: ["stop"], flow: "a", anywhere: true }],
          flows: [{ id: "a", specVersion: 1, start: "end", nodes: { end: { type: "end" } } }],
        },
        translate: (_language, key) => key,
        hasText: () => true,
        idleMs: 3600_000,
      });
    expect(build).toThrow(FlowValidationError);
  });
});

describe(`subscriptions through the conductor on ${testDatabaseKind}`, () => {
  let database: AppDatabase;
  let conductor: Conductor;
  let keyring: Keyring;
  let clock: TestClock;
  const address = (name: string) => `subscriptions-${name}-${process.pid}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    clock = fixedClock();
    ({ conductor, keyring } = await createTestConductor(database, { clock }));
  });
  afterAll(() => database.close());

  async function send(who: string, typed: string | { choice: string }) {
    clock.advance(4000); // under the 20-per-minute limit
    const input = typeof typed === "string" ? typed : { kind: "choice" as const, id: typed.choice };
    const result = await conductor.receive(webchatMessage(address(who), input));
    return {
      text: result.replies.map((reply) => reply.text).join("\n"),
      contactId: result.contactId,
    };
  }
  async function subscribe(who: string, place: string, language: "1" | "2" = "1") {
    await send(who, "langganan");
    await send(who, place);
    await send(who, { choice: "yes" });
    return send(who, language);
  }
  const rowOf = async (contactId: string) =>
    (
      await database.db.select().from(subscriptions).where(eq(subscriptions.contactId, contactId))
    )[0];

  it("stores the places, the language and the public role when a resident subscribes", async () => {
    const { text, contactId } = await subscribe("resident", "Belitung Timur, Pangkalpinang", "2");
    expect(text).toContain("*Langganan aktif.*");
    expect(await rowOf(contactId)).toMatchObject({
      regionCodes: ["19.06", "19.71"],
      language: "en",
      role: "public",
      unsubscribedAt: null,
    });
  });

  it("replaces the choice when subscribing again, saying so first", async () => {
    const { text } = await send("resident", "langganan");
    expect(text).toContain("Anda sudah berlangganan");
    await send("resident", "seluruh babel");
    await send("resident", { choice: "yes" });
    const { contactId } = await send("resident", "1");
    expect(await rowOf(contactId)).toMatchObject({ regionCodes: ["19"], language: "id" });
    const rows = await database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.contactId, contactId));
    expect(rows).toHaveLength(1);
  });

  it("subscribes a member of an ormas as a relayer", async () => {
    const { inviteCode } = await addOrganization(database.db, {
      name: "Relawan Demokrasi Beltim",
      regionCode: "19.06",
    });
    await send("relayer", `/gabung ${inviteCode}`);
    const { contactId } = await subscribe("relayer", "beltim");
    expect(await rowOf(contactId)).toMatchObject({ role: "relayer", regionCodes: ["19.06"] });
  });

  it("says plainly that there is nothing to stop for someone not subscribed", async () => {
    const { text, contactId } = await send("stranger", "berhenti");
    expect(text).toBe(
      "Anda tidak sedang berlangganan imbauan, jadi tidak ada yang perlu dihentikan. Untuk berlangganan, ketik *langganan*.",
    );
    expect(await rowOf(contactId)).toBeUndefined();
  });

  it("unsubscribes at once and confirms, keeping the row apart from being unreachable; resubscribing works", async () => {
    const { contactId } = await subscribe("leaver", "beltim");
    expect(await activeSubscribers(database.db, { regions: ["19.06"] })).toContain(contactId);
    const { text } = await send("leaver", "stop");
    expect(text).toContain("*berhenti berlangganan*");
    const row = await rowOf(contactId);
    expect(row?.unsubscribedAt).toEqual(clock());
    expect(row?.regionCodes).toEqual(["19.06"]);
    const [contact] = await database.db.select().from(contacts).where(eq(contacts.id, contactId));
    expect(contact?.unreachableAt).toBeNull();
    expect(await activeSubscribers(database.db, { regions: ["19.06"] })).not.toContain(contactId);

    expect((await send("leaver", "stop")).text).toContain("tidak sedang berlangganan");
    await subscribe("leaver", "beltim");
    expect((await rowOf(contactId))?.unsubscribedAt).toBeNull();
    expect(await activeSubscribers(database.db, { regions: ["19.06"] })).toContain(contactId);
  });

  it("berhenti in the middle of a report unsubscribes, leaves the draft intact, and status updates still arrive", async () => {
    const who = "reporter";
    let filed = "";
    for (const line of identifiedReportLines) filed = (await send(who, line)).text;
    const ticket = /LPR-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(filed)?.[0] ?? "";
    expect(ticket).not.toBe("");
    clock.advance(60_000);
    const { contactId } = await subscribe(who, "beltim");

    // A second report, begun: where and when are answered, the story is asked for.
    await send(who, "lapor");
    await send(who, { choice: "politik_uang" });
    await send(who, "desa Lalang, Manggar");
    const asked = await send(who, "tadi pagi");
    const draft = (await loadSession(database.db, keyring, contactId))?.run;
    expect(draft?.vars.place).toMatchObject({ code: "19.06.01.2006" });

    const stopped = await send(who, "berhenti");
    expect(stopped.text).toContain("*berhenti berlangganan*");
    expect(stopped.text).toContain("ketik *batal*");
    expect(stopped.text.endsWith(asked.text)).toBe(true);
    expect((await rowOf(contactId))?.unsubscribedAt).not.toBeNull();
    expect((await loadSession(database.db, keyring, contactId))?.run).toEqual(draft);

    // An officer moves the first report on: the reporter is told, subscribed or not.
    const casework = createCasework({
      database,
      keyring,
      translator,
      clock,
      nudge: async () => {},
    });
    const officer = {
      id: (await addStaff(database.db, { email: "o@example.org", name: "O", role: "admin" })).id,
      email: "o@example.org",
      role: "admin" as const,
      regionCode: null,
    };
    await casework.changeStage(officer, ticket, { stage: "dikaji" }, "api");
    const notices = await database.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.contactId, contactId), eq(outbox.priority, outboxPriority.notice)));
    expect(notices).toHaveLength(1);
    const { messages } = await readMailbox(database.db, keyring, contactId, { limit: 1 });
    expect(messages[0]?.text).toContain(`Kabar dari Bawaslu tentang laporan *${ticket}*`);

    // The draft goes on where it was and is filed with what was typed before berhenti.
    await send(who, "Ada pembagian amplop berisi uang di rumah kepala dusun.");
    await send(who, "tidak tahu");
    await send(who, "tidak ada");
    await send(who, "selesai");
    await send(who, { choice: "tip" });
    const receipt = (await send(who, { choice: "send" })).text;
    const second = /LPR-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(receipt)?.[0] ?? "";
    expect(second).not.toBe("");
    const [stored] = await database.db.select().from(reports).where(eq(reports.ticketCode, second));
    expect(stored?.regionCode).toBe("19.06.01.2006");
  });
});

describe(`activeSubscribers on ${testDatabaseKind}`, () => {
  let database: AppDatabase;
  const ids: Record<string, string> = {};
  const subscribedAt = new Date("2026-11-01T00:00:00Z");

  async function subscriber(
    name: string,
    regionCodes: string[],
    options: {
      channel?: string;
      role?: string;
      unsubscribed?: boolean;
      unreachable?: boolean;
    } = {},
  ) {
    const [contact] = await database.db
      .insert(contacts)
      .values({
        channel: options.channel ?? "webchat",
        addressIndex: `index-${name}`,
        addressSealed: "sealed",
        unreachableAt: options.unreachable ? subscribedAt : null,
      })
      .returning({ id: contacts.id });
    const id = contact?.id ?? "";
    ids[name] = id;
    await database.db.insert(subscriptions).values({
      contactId: id,
      regionCodes,
      language: "id",
      role: options.role ?? "public",
      subscribedAt,
      unsubscribedAt: options.unsubscribed ? subscribedAt : null,
    });
  }
  const named = async (audience: Parameters<typeof activeSubscribers>[1]) => {
    const found = new Set(await activeSubscribers(database.db, audience));
    return Object.keys(ids)
      .filter((name) => found.has(ids[name] ?? ""))
      .sort();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await subscriber("babel", ["19"]);
    await subscriber("beltim", ["19.06"]);
    await subscriber("bangka", ["19.01"]);
    await subscriber("left", ["19.06"], { unsubscribed: true });
    await subscriber("blocked", ["19.06"], { channel: "telegram", unreachable: true });
    await subscriber("jambi", ["15.71"], { channel: "telegram" });
    await subscriber("relayer", ["15.71", "19.06"], { channel: "whatsapp", role: "relayer" });
    // Someone who wrote but never subscribed.
    await database.db
      .insert(contacts)
      .values({ channel: "webchat", addressIndex: "index-never", addressSealed: "sealed" });
  });
  afterAll(() => database.close());

  it("reaches a kab/kota's subscribers and the whole province's, not a neighbour's", async () => {
    expect(await named({ regions: ["19.06"] })).toEqual(["babel", "beltim", "relayer"]);
  });

  it("reaches every kab/kota subscriber of a province with a province-wide broadcast", async () => {
    expect(await named({ regions: ["19"] })).toEqual(["babel", "bangka", "beltim", "relayer"]);
  });

  it("reaches a kab/kota's subscribers with a broadcast for a kecamatan in it", async () => {
    expect(await named({ regions: ["19.06.01"] })).toEqual(["babel", "beltim", "relayer"]);
    expect(await named({ regions: ["19.01"] })).toEqual(["babel", "bangka"]);
  });

  it("reaches every active, reachable subscriber without filters, and nobody else", async () => {
    expect(await named({})).toEqual(["babel", "bangka", "beltim", "jambi", "relayer"]);
    expect(await activeSubscribers(database.db)).toHaveLength(5);
  });

  it("filters by channel and by role", async () => {
    expect(await named({ channels: ["telegram"] })).toEqual(["jambi"]);
    expect(await named({ roles: ["relayer"] })).toEqual(["relayer"]);
    expect(await named({ regions: ["19.06", "15"], channels: ["whatsapp", "webchat"] })).toEqual([
      "babel",
      "beltim",
      "relayer",
    ]);
  });

  it("matches nobody for a filter given as an empty list", async () => {
    expect(await named({ regions: [] })).toEqual([]);
    expect(await named({ channels: [] })).toEqual([]);
  });

  it("counts an unreachable subscriber again once they write again", async () => {
    await markContactSeen(database.db, ids.blocked ?? "", new Date(), "id");
    expect(await named({ regions: ["19.06"] })).toEqual(["babel", "beltim", "blocked", "relayer"]);
  });
});

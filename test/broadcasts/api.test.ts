import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import idErrors from "../../locales/id/errors.json" with { type: "json" };
import { recordAudit } from "../../src/audit/audit-log";
import { createBroadcastService, promoteDueBroadcasts } from "../../src/broadcasts/broadcasts";
import { createBroadcastDelivery } from "../../src/broadcasts/delivery";
import { createCasework } from "../../src/casework/casework";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter";
import { lockContact } from "../../src/conversations/contacts";
import { apiV1Routes } from "../../src/http/routes/api-v1";
import { startBroadcastJobs } from "../../src/jobs/broadcast-jobs";
import { createJobQueue, type JobQueue } from "../../src/jobs/queue";
import { addStaff } from "../../src/staff/accounts";
import { issueToken } from "../../src/staff/tokens";
import type { AppDatabase } from "../../src/storage/database";
import { auditLog, calendarEvents, staff, subscriptions } from "../../src/storage/schema";
import { fixedClock, silentLog, testKeyring, translator } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { type StandInBotApi, startStandInBotApi } from "../support/telegram-bot-api";
import { telegramRateRule } from "../support/telegram-rate-limit";

let database: AppDatabase;
let botApi: StandInBotApi;
const keyring = testKeyring();
const clock = fixedClock();
const tokens = { admin: "", admin2: "", beltim: "", viewer: "" };
const ids = { admin: "", admin2: "" };
let nextChat = 500_000;
/** Subscribers of the whole of Jambi: they match any broadcast for a kab/kota in it. */
let jambi: number[] = [];

async function subscribe(count: number, regions: string[]): Promise<number[]> {
  return database.db.transaction(async (tx) => {
    const chats: number[] = [];
    for (let i = 0; i < count; i++) {
      const chatId = nextChat++;
      const { contact } = await lockContact(tx, keyring, "telegram", String(chatId), "id");
      await tx.insert(subscriptions).values({
        contactId: contact.id,
        regionCodes: regions,
        language: "id",
        role: "public",
        subscribedAt: clock(),
      });
      chats.push(chatId);
    }
    return chats;
  });
}

/** The staff API with broadcasts, over a service whose queue is `kick`. */
function apiWith(options: { approvalRequired?: boolean; kick?: (id: string) => Promise<void> }) {
  const kicked: string[] = [];
  const telegram = createTelegramAdapter({ token: botApi.token, apiRoot: botApi.apiRoot });
  const delivery = createBroadcastDelivery({
    database,
    keyring,
    adapters: { telegram },
    log: silentLog,
    clock,
  });
  const broadcasts = createBroadcastService({
    db: database.db,
    clock,
    approvalRequired: options.approvalRequired ?? false,
    kick:
      options.kick ??
      (async (id) => {
        kicked.push(id);
      }),
    sendTest: delivery.sendTest,
    audit: (entry) => recordAudit(database.db, keyring, entry, clock()),
  });
  const app = apiV1Routes({
    db: database.db,
    keyring,
    translator,
    casework: createCasework({ database, keyring, translator, clock, nudge: async () => {} }),
    broadcasts,
  });
  const call = (path: string, token: string | undefined, body?: unknown) =>
    app.request(path, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { call, kicked };
}

beforeAll(async () => {
  database = await createTestDatabase();
  botApi = await startStandInBotApi();
  const people = [
    { key: "admin", email: "admin@example.org", role: "admin" as const },
    { key: "admin2", email: "admin2@example.org", role: "admin" as const },
    { key: "beltim", email: "beltim@example.org", role: "officer" as const, regionCode: "19.06" },
    { key: "viewer", email: "viewer@example.org", role: "viewer" as const },
  ];
  for (const { key, ...person } of people) {
    const account = await addStaff(database.db, { name: person.email, ...person });
    tokens[key as keyof typeof tokens] = await issueToken(database.db, account.id);
    if (key === "admin" || key === "admin2") ids[key] = account.id;
  }
  await subscribe(4, ["19.06"]);
  await subscribe(2, ["19"]);
  jambi = await subscribe(3, ["15"]);
}, 60_000);

afterAll(async () => {
  await database?.close();
  await botApi?.close();
});

const text = "Imbauan: masa tenang dimulai besok. Laporkan politik uang.";

describe(`broadcasts in the staff API on ${testDatabaseKind}`, () => {
  it("describes the broadcast routes in the OpenAPI document", async () => {
    const response = await apiWith({}).call("/openapi.json", undefined);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((p) => p.startsWith("/broadcasts"))).toEqual([
      "/broadcasts",
      "/broadcasts/{id}",
      "/broadcasts/{id}/pause",
      "/broadcasts/{id}/resume",
      "/broadcasts/{id}/cancel",
      "/broadcasts/{id}/approve",
      "/broadcasts/{id}/test",
    ]);
  });

  it("creates a broadcast for Belitung Timur, queued at once, with the subscribers it matches", async () => {
    const { call, kicked } = apiWith({});
    const response = await call("/broadcasts", tokens.admin, {
      text,
      audience: { regions: ["19.06"] },
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; state: string; recipients: number };
    // Four of Belitung Timur and two of the whole province; none of Jambi.
    expect(body).toMatchObject({ state: "sending", recipients: 6 });
    expect(kicked).toEqual([body.id]);
  });

  it("refuses no token, a viewer, and an officer's audience outside their area, in our error shape", async () => {
    const { call, kicked } = apiWith({});
    expect((await call("/broadcasts", undefined, { text, audience: {} })).status).toBe(401);
    const viewer = await call("/broadcasts", tokens.viewer, { text, audience: {} });
    expect(viewer.status).toBe(403);
    expect(await viewer.json()).toEqual({
      error: { code: "forbidden", message: idErrors["broadcast.forbidden"] },
    });
    const outside = await call("/broadcasts", tokens.beltim, {
      text,
      audience: { regions: ["15"] },
    });
    expect(outside.status).toBe(403);
    expect(await outside.json()).toEqual({
      error: { code: "outside_scope", message: idErrors["broadcast.outside_scope"] },
    });
    const whole = await call("/broadcasts", tokens.beltim, { text, audience: { regions: ["19"] } });
    expect(whole.status).toBe(403);
    expect(kicked).toEqual([]);
  });

  it("gives an officer who names no region their own area", async () => {
    const { call } = apiWith({});
    const response = await call("/broadcasts", tokens.beltim, { text, audience: {} });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { recipients: number }).recipients).toBe(6);
  });

  it("refuses malformed input with 400", async () => {
    const { call } = apiWith({});
    const bad = await call("/broadcasts", tokens.admin, { text: "", audience: { regions: ["x"] } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  });

  it("holds a broadcast for later until its time comes, then queues it", async () => {
    const { call, kicked } = apiWith({});
    const sendAt = new Date(clock().getTime() + 3_600_000).toISOString();
    const response = await call("/broadcasts", tokens.admin, { text, audience: {}, sendAt });
    const body = (await response.json()) as { id: string; state: string; recipients: number };
    expect(body).toMatchObject({ state: "scheduled", recipients: 9 });
    expect(kicked).toEqual([]);
    expect(await promoteDueBroadcasts(database.db, clock())).not.toContain(body.id);
    expect(
      await promoteDueBroadcasts(database.db, new Date(clock().getTime() + 3_600_000)),
    ).toContain(body.id);
  });

  it("sends a broadcast attached to a calendar event by itself at 07:00 WIB on the event's first day, as the calendar says then", async () => {
    await database.db.insert(calendarEvents).values({
      id: "uji_masa_tenang_2029",
      election: "pilkada_2029",
      kind: "quiet_period",
      startsOn: "2029-11-24",
      endsOn: "2029-11-26",
      scopeLevel: "national",
      scopeCodes: [],
      source: "uji",
    });
    const { call, kicked } = apiWith({});
    const response = await call("/broadcasts", tokens.admin, {
      text,
      audience: { regions: ["19.06"] },
      calendarEventId: "uji_masa_tenang_2029",
    });
    expect(response.status).toBe(201);
    const { id, state } = (await response.json()) as { id: string; state: string };
    expect(state).toBe("scheduled");
    expect(kicked).toEqual([]);
    // Staff move the event a day later before it starts: the broadcast follows it.
    await database.db
      .update(calendarEvents)
      .set({ startsOn: "2029-11-25" })
      .where(eq(calendarEvents.id, "uji_masa_tenang_2029"));
    const at = (iso: string) => promoteDueBroadcasts(database.db, new Date(iso));
    expect(await at("2029-11-24T01:00:00Z")).not.toContain(id); // 08:00 WIB on the old day
    expect(await at("2029-11-24T23:59:00Z")).not.toContain(id); // 06:59 WIB on the first day
    expect(await at("2029-11-25T00:00:00Z")).toContain(id); // 07:00 WIB
    expect(await at("2029-11-25T00:01:00Z")).not.toContain(id); // once
  });

  it("refuses an unknown calendar event, one that has started, and sendAt given with one", async () => {
    const { call } = apiWith({});
    const post = (body: Record<string, unknown>) =>
      call("/broadcasts", tokens.admin, { text, audience: { regions: ["19.06"] }, ...body });
    const unknown = await post({ calendarEventId: "tidak_ada" });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe(
      "event_unknown",
    );
    await database.db.insert(calendarEvents).values({
      id: "uji_sudah_mulai",
      election: "pilkada_2024",
      kind: "quiet_period",
      startsOn: "2026-11-20",
      endsOn: "2026-11-22",
      scopeLevel: "national",
      scopeCodes: [],
      source: "uji",
    });
    // The test clock is 10:00 WIB on 20 November 2026: today's 07:00 has passed.
    const started = await post({ calendarEventId: "uji_sudah_mulai" });
    expect(started.status).toBe(409);
    const both = await post({
      calendarEventId: "uji_sudah_mulai",
      sendAt: new Date(clock().getTime() + 3_600_000).toISOString(),
    });
    expect(both.status).toBe(400);
  });

  it("with approval required, sends only after another staff member approves", async () => {
    const { call, kicked } = apiWith({ approvalRequired: true });
    const created = (await (
      await call("/broadcasts", tokens.admin, { text, audience: { regions: ["15"] } })
    ).json()) as { id: string; state: string };
    expect(created.state).toBe("awaiting_approval");
    const own = await call(`/broadcasts/${created.id}/approve`, tokens.admin, {});
    expect(own.status).toBe(403);
    expect(((await own.json()) as { error: { code: string } }).error.code).toBe("own_approval");
    expect(kicked).toEqual([]);
    expect((await call(`/broadcasts/${created.id}/approve`, tokens.admin2, {})).status).toBe(200);
    expect(kicked).toEqual([created.id]);
    const status = (await (await call(`/broadcasts/${created.id}`, tokens.admin)).json()) as {
      state: string;
    };
    expect(status.state).toBe("sending");
  });

  it("pauses, resumes and cancels, and says 409 when the state does not allow it", async () => {
    const { call } = apiWith({});
    const { id } = (await (
      await call("/broadcasts", tokens.admin, { text, audience: { regions: ["15"] } })
    ).json()) as { id: string };
    expect((await call(`/broadcasts/${id}/resume`, tokens.admin, {})).status).toBe(409);
    expect((await call(`/broadcasts/${id}/pause`, tokens.admin, {})).status).toBe(200);
    const paused = (await (await call(`/broadcasts/${id}`, tokens.admin)).json()) as {
      state: string;
    };
    expect(paused.state).toBe("paused");
    expect((await call(`/broadcasts/${id}/resume`, tokens.admin, {})).status).toBe(200);
    expect((await call(`/broadcasts/${id}/cancel`, tokens.admin, {})).status).toBe(200);
    expect((await call(`/broadcasts/${id}/pause`, tokens.admin, {})).status).toBe(409);
    // An officer of Belitung Timur does not see a broadcast for Jambi.
    expect((await call(`/broadcasts/${id}`, tokens.beltim)).status).toBe(404);
    expect((await call("/broadcasts/not-a-uuid", tokens.admin)).status).toBe(404);
  });

  it("audits who created, paused, resumed and cancelled a broadcast, over the API", async () => {
    const { call } = apiWith({});
    const { id } = (await (
      await call("/broadcasts", tokens.admin, { text, audience: { regions: ["15"] } })
    ).json()) as { id: string };
    for (const action of ["pause", "resume", "cancel"]) {
      expect((await call(`/broadcasts/${id}/${action}`, tokens.admin, {})).status).toBe(200);
    }
    // A refused action changes nothing and is not audited.
    expect((await call(`/broadcasts/${id}/pause`, tokens.admin, {})).status).toBe(409);
    const entries = await database.db
      .select({
        action: auditLog.action,
        staffEmail: auditLog.staffEmail,
        via: auditLog.via,
        detail: auditLog.detail,
      })
      .from(auditLog)
      .where(eq(auditLog.subject, id))
      .orderBy(auditLog.id);
    expect(entries.map((e) => [e.action, e.staffEmail, e.via])).toEqual([
      ["broadcast_created", "admin@example.org", "api"],
      ["broadcast_paused", "admin@example.org", "api"],
      ["broadcast_resumed", "admin@example.org", "api"],
      ["broadcast_cancelled", "admin@example.org", "api"],
    ]);
    expect(entries[0]?.detail).toMatchObject({ state: "sending", audience: { regions: ["15"] } });
  });

  it("sends a test to the staff member's linked Telegram, and 409 when none is linked", async () => {
    const { call } = apiWith({});
    const { id } = (await (
      await call("/broadcasts", tokens.admin, { text, audience: { regions: ["15"] } })
    ).json()) as { id: string };
    const unlinked = await call(`/broadcasts/${id}/test`, tokens.admin, {});
    expect(unlinked.status).toBe(409);
    expect(((await unlinked.json()) as { error: { code: string } }).error.code).toBe("no_telegram");

    const chatId = 900_001;
    const { contact } = await database.db.transaction((tx) =>
      lockContact(tx, keyring, "telegram", String(chatId), "id"),
    );
    await database.db
      .update(staff)
      .set({ telegramContactId: contact.id })
      .where(eq(staff.id, ids.admin));
    botApi.clear();
    expect((await call(`/broadcasts/${id}/test`, tokens.admin, {})).status).toBe(200);
    const sent = botApi.calls("sendMessage");
    expect(sent.map((c) => Number(c.params.chat_id))).toEqual([chatId]);
    expect(String(sent[0]?.params.text)).toContain("masa tenang");
  });
});

describe(`a broadcast through the job queue on ${testDatabaseKind}`, () => {
  let queue: JobQueue | undefined;
  afterAll(async () => {
    await queue?.stop();
  });

  it("delivers to every subscriber once, counts the blocked unreachable, and the API says done", async () => {
    const chats = await subscribe(12, ["15.71"]);
    const blocked = new Set(chats.slice(0, 2));
    const realClock = () => new Date();
    const rule = telegramRateRule({ clock: realClock, perSecond: 30, blocked });
    const telegram = createTelegramAdapter({
      token: botApi.token,
      apiRoot: botApi.apiRoot,
      fetch: rule.fetch,
    });
    const delivery = createBroadcastDelivery({
      database,
      keyring,
      adapters: { telegram },
      log: silentLog,
      clock: realClock,
    });
    queue = createJobQueue({ database, log: silentLog });
    await queue.start();
    const jobs = await startBroadcastJobs(queue, {
      db: database.db,
      delivery,
      log: silentLog,
      clock: realClock,
    });
    const { call } = apiWith({ kick: jobs.kick });
    const { id } = (await (
      await call("/broadcasts", tokens.admin, { text, audience: { regions: ["15.71"] } })
    ).json()) as { id: string };
    await vi.waitFor(
      async () => {
        const status = (await (await call(`/broadcasts/${id}`, tokens.admin)).json()) as {
          state: string;
        };
        expect(status.state).toBe("done");
      },
      { timeout: 30_000, interval: 200 },
    );
    jobs.stop();
    const status = (await (await call(`/broadcasts/${id}`, tokens.admin)).json()) as {
      counts: Record<string, number>;
    };
    expect(status.counts).toMatchObject({ total: 15, sent: 13, unreachable: 2, pending: 0 });
    expect([...rule.delivered].sort()).toEqual([...chats.slice(2), ...jambi].sort());
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addStaff } from "../../src/staff/accounts";
import { issueToken } from "../../src/staff/tokens";
import type { AppDatabase } from "../../src/storage/database";
import { createTestAwas, postJson } from "../support/app-harness";
import { fixedClock } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { fileReportOverWebchat } from "../support/reports";

let database: AppDatabase;
let awas: Awaited<ReturnType<typeof createTestAwas>>;
let token: string;

const api = async (path: string) =>
  (await awas.app.request(`/api/v1${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  })) as Response;

const say = (conversationId: string, text: string) =>
  awas.app.request("/chat/messages", postJson({ conversationId, text }));

beforeAll(async () => {
  database = await createTestDatabase();
  awas = await createTestAwas(database, { RATE_LIMIT_PER_MINUTE: "1000" }, fixedClock());
  const officer = await addStaff(database.db, {
    name: "Petugas Beltim",
    email: "beltim@example.org",
    role: "officer",
    regionCode: "19.06",
  });
  token = await issueToken(database.db, officer.id);
}, 60_000);

afterAll(() => database?.close());

describe(`a report its reporter withdraws, on ${testDatabaseKind}`, () => {
  it("leaves the queue, stays findable by its stage, and shows when and from which stage", async () => {
    const { ticket, conversation } = await fileReportOverWebchat(awas.app);
    const queued = (await (await api("/reports")).json()) as { items: { ticket: string }[] };
    expect(queued.items.map((item) => item.ticket)).toContain(ticket);

    expect((await say(conversation, `cabut laporan ${ticket}`)).status).toBe(200);
    expect((await say(conversation, "1")).status).toBe(200);

    const after = (await (await api("/reports")).json()) as { items: { ticket: string }[] };
    expect(after.items.map((item) => item.ticket)).not.toContain(ticket);
    const withdrawn = (await (await api("/reports?stage=dicabut")).json()) as {
      items: { ticket: string }[];
    };
    expect(withdrawn.items.map((item) => item.ticket)).toEqual([ticket]);
    const detail = (await (await api(`/reports/${ticket}`)).json()) as {
      stage: string;
      timeline: { kind: string; fromStage: string | null; toStage: string | null }[];
    };
    expect(detail.stage).toBe("dicabut");
    expect(detail.timeline).toEqual([
      expect.objectContaining({ kind: "withdrawn", fromStage: "diterima", toStage: "dicabut" }),
    ]);
  });
});

import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveArticle, shippedKnowledge } from "../../src/content/knowledge-articles";
import { createLiveContent, type LiveContent } from "../../src/content/live-content";
import type { Conductor } from "../../src/conversations/conductor";
import {
  type CalendarEventInput,
  removeCalendarEvent,
  saveCalendarEvent,
  seedCalendar,
} from "../../src/knowledge/calendar-store";
import { seedKnowledge } from "../../src/knowledge/seed";
import type { AppDatabase } from "../../src/storage/database";
import { calendarEvents } from "../../src/storage/schema";
import { conversationId, createTestAwas, postJson } from "../support/app-harness";
import { createTestConductor, silentLog, webchatMessage } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { testRegions } from "../support/engine-driver";

const staffId = crypto.randomUUID();
const shipped = shippedKnowledge();
const tpsQuestion = "tps buka jam berapa ya";
const votingDayQuestion = "kapan hari coblos pilkada 2024";

const voting2029: CalendarEventInput = {
  election: "pilkada_2029",
  electionNameId: "Pilkada 2029",
  electionNameEn: "the 2029 regional elections (Pilkada)",
  kind: "voting",
  start: "2029-11-28",
  end: "2029-11-28",
  scopeLevel: "national",
  scopeCodes: [],
  source: "Keputusan KPU (contoh uji)",
};

function answerTexts(answer: string, title = shipped.id["tps_hours.title"] ?? "") {
  return {
    id: { title, answer },
    en: {
      title: shipped.en["tps_hours.title"] ?? "",
      answer: shipped.en["tps_hours.answer"] ?? "",
    },
  };
}

let database: AppDatabase;

async function liveContent(): Promise<LiveContent> {
  return createLiveContent({
    db: database.db,
    regions: await testRegions(),
    log: silentLog,
    engine: {
      idleMs: 24 * 3600_000,
      ticketPrefix: "LPR",
      dataController: "Bawaslu Provinsi Kepulauan Bangka Belitung",
      draftRetentionDays: 30,
    },
  });
}

/** Sends one message from a new person and returns everything the bot wrote back. */
async function ask(conductor: Conductor, text: string): Promise<string> {
  const result = await conductor.receive(webchatMessage(`live-${crypto.randomUUID()}`, text));
  return result.replies.map((reply) => reply.text).join("\n");
}

describe(`content edits reach the bot without a restart on ${testDatabaseKind}`, () => {
  let content: LiveContent;
  let conductor: Conductor;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedKnowledge(database.db, shipped);
    await seedCalendar(database.db);
    content = await liveContent();
    // Built once, like the server's: it keeps these objects for its whole life.
    ({ conductor } = await createTestConductor(database, {
      engine: content.engine,
      translator: content.translator,
    }));
  });
  afterAll(async () => {
    await content.stop();
    await database.close();
  });

  it("answers with an edited answer as soon as the content is reloaded", async () => {
    const before = await ask(conductor, tpsQuestion);
    expect(before).toContain(shipped.id["tps_hours.answer"]);

    const edited =
      "TPS buka pukul 07.00 sampai 13.00 WIB (teks petugas).\nSumber: KPU, diperbarui petugas.";
    const saved = await saveArticle(
      database.db,
      "tps_hours",
      answerTexts(edited),
      staffId,
      new Date(),
    );
    expect(saved).toEqual({ ok: true, changed: ["id"] });
    await content.reload();

    const after = await ask(conductor, tpsQuestion);
    expect(after).toContain(edited);
    expect(after).not.toContain(shipped.id["tps_hours.answer"]);
  });

  it("gives the date and H-n of a 2029 voting day once staff add it, and 'belum ditetapkan' again once removed", async () => {
    // The harness clock stands at 20 November 2026.
    expect(await ask(conductor, votingDayQuestion)).toContain(
      "Jadwal berikutnya *belum ditetapkan*.",
    );

    const added = await saveCalendarEvent(database.db, voting2029, staffId, new Date());
    if (!added.ok) throw new Error(added.problems.join());
    await content.reload();
    const withDate = await ask(conductor, votingDayQuestion);
    expect(withDate).toContain(
      "Pemungutan suara berikutnya: Pilkada 2029, Rabu, 28 November 2029 (H-1104).",
    );
    expect(withDate).not.toContain("belum ditetapkan");
    // The name staff gave is what the bot says in English too.
    expect(content.translator.text("en", "ask:election.pilkada_2029")).toBe(
      "the 2029 regional elections (Pilkada)",
    );

    expect(await removeCalendarEvent(database.db, added.id, staffId, new Date())).toBe(true);
    await content.reload();
    const removed = await ask(conductor, votingDayQuestion);
    expect(removed).toContain("Jadwal berikutnya *belum ditetapkan*.");
    expect(removed).not.toContain("2029");
  });

  it("a second instance on the same database picks the edit up at its periodic check", async () => {
    const other = await liveContent();
    const { conductor: otherConductor } = await createTestConductor(database, {
      engine: other.engine,
      translator: other.translator,
    });
    try {
      expect(await other.checkForChanges()).toBe(false);
      const edited = "TPS buka pukul 07.00 dan tutup 13.00 (dari instans lain).\nSumber: KPU.";
      const saved = await saveArticle(
        database.db,
        "tps_hours",
        answerTexts(edited),
        staffId,
        new Date(),
      );
      expect(saved.ok).toBe(true);
      await content.reload();
      expect(await ask(conductor, tpsQuestion)).toContain(edited);
      // The other instance has not looked yet.
      expect(await ask(otherConductor, tpsQuestion)).not.toContain(edited);

      expect(await other.checkForChanges()).toBe(true);
      expect(await ask(otherConductor, tpsQuestion)).toContain(edited);
      expect(await other.checkForChanges()).toBe(false);
    } finally {
      await other.stop();
    }
  });

  it("a check finds nothing to do after this instance's own reload", async () => {
    const saved = await saveArticle(
      database.db,
      "tps_hours",
      answerTexts("TPS buka 07.00–13.00.\nSumber: KPU."),
      staffId,
      new Date(),
    );
    expect(saved.ok).toBe(true);
    await content.reload();
    expect(await content.checkForChanges()).toBe(false);
  });

  it("keeps serving the current content when a reload fails", async () => {
    const failing = await liveContent();
    const { conductor: failingConductor } = await createTestConductor(database, {
      engine: failing.engine,
      translator: failing.translator,
    });
    try {
      // A row no save would write: the calendar refuses to build from it.
      await database.db.insert(calendarEvents).values({
        id: "broken.voting",
        election: "broken",
        kind: "voting",
        startsOn: "2029-12-01",
        endsOn: "2029-11-01",
        scopeLevel: "national",
        scopeCodes: [],
        source: "x",
        editedAt: new Date(),
      });
      await expect(failing.reload()).rejects.toThrow(/ends before it starts/);
      expect(await ask(failingConductor, tpsQuestion)).toContain("TPS buka 07.00–13.00.");
      await removeCalendarEvent(database.db, "broken.voting", staffId, new Date());
      await failing.reload();
    } finally {
      await failing.stop();
    }
  });
});

describe(`the server's content on ${testDatabaseKind}`, () => {
  let serverDatabase: AppDatabase;
  beforeAll(async () => {
    serverDatabase = await createTestDatabase();
  });
  afterAll(() => serverDatabase.close());

  it("seeds the calendar at start and answers a voting day staff added after content.reload()", async () => {
    const awas = await createTestAwas(serverDatabase, { AWAS_NOW: "2026-11-20T03:00:00Z" });
    const chat = async (text: string) => {
      const response = await awas.app.request(
        "/chat/messages",
        postJson({ conversationId: conversationId(), text }),
      );
      const body = (await response.json()) as { replies: { text: string }[] };
      return body.replies.map((reply) => reply.text).join("\n");
    };
    expect(await chat(votingDayQuestion)).toContain("Jadwal berikutnya *belum ditetapkan*.");
    const added = await saveCalendarEvent(serverDatabase.db, voting2029, staffId, new Date());
    expect(added.ok).toBe(true);
    await awas.content.reload();
    expect(await chat(votingDayQuestion)).toContain("Pilkada 2029, Rabu, 28 November 2029");
  });
});

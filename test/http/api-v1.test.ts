import { afterAll, beforeAll, describe, expect, it } from "vitest";
import idCasework from "../../locales/id/casework.json" with { type: "json" };
import idStatus from "../../locales/id/status.json" with { type: "json" };
import type { AppDatabase } from "../../src/storage/database";
import { createTestAwas, postJson } from "../support/app-harness";
import { fixedClock } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import {
  fileReportOverWebchat,
  identifiedReportLines,
  reporterName,
  reportStory,
  webchatMessages,
} from "../support/reports";
import { staffApiClient, staffApiTokens } from "../support/staff-tokens";

let database: AppDatabase;
let awas: Awaited<ReturnType<typeof createTestAwas>>;
let ticket: string;
let conversation: string;
let tokens: Awaited<ReturnType<typeof staffApiTokens>>;

let api: ReturnType<typeof staffApiClient>["api"];
let post: ReturnType<typeof staffApiClient>["post"];

beforeAll(async () => {
  database = await createTestDatabase();
  awas = await createTestAwas(database, { RATE_LIMIT_PER_MINUTE: "1000" }, fixedClock());
  tokens = await staffApiTokens(database);
  ({ api, post } = staffApiClient(awas.app));
  ({ ticket, conversation } = await fileReportOverWebchat(awas.app));
}, 60_000);

afterAll(() => database?.close());

describe(`staff API /api/v1 on ${testDatabaseKind}`, () => {
  it("serves its OpenAPI document with every route", async () => {
    const response = await api("/openapi.json", undefined);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths).sort()).toEqual([
      "/audit",
      "/broadcasts",
      "/broadcasts/{id}",
      "/broadcasts/{id}/approve",
      "/broadcasts/{id}/cancel",
      "/broadcasts/{id}/pause",
      "/broadcasts/{id}/resume",
      "/broadcasts/{id}/test",
      "/questions",
      "/questions/{ticket}",
      "/questions/{ticket}/close",
      "/questions/{ticket}/replies",
      "/reports",
      "/reports/{ticket}",
      "/reports/{ticket}/assign",
      "/reports/{ticket}/notes",
      "/reports/{ticket}/replies",
      "/reports/{ticket}/stage",
      "/reports/{ticket}/unseal",
    ]);
  });

  it("answers 401 without a token or with a forged one", async () => {
    expect((await api("/reports", undefined)).status).toBe(401);
    expect((await api("/reports", `awas_${"x".repeat(43)}`)).status).toBe(401);
    const body = (await (await api(`/reports/${ticket}`, undefined)).json()) as {
      error: { code: string };
    };
    expect(body.error.code).toBe("unauthorized");
  });

  it("lists the report a resident filed a minute ago, with its stage and kab/kota", async () => {
    const response = await api("/reports", tokens.admin);
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Record<string, unknown>[] };
    const item = items.find((candidate) => candidate.ticket === ticket);
    expect(item).toMatchObject({
      type: "report",
      stage: "diterima",
      category: "politik_uang",
      channel: "webchat",
      ageDays: 0,
    });
    expect(String(item?.regionCode)).toMatch(/^19\.06\./);
  });

  it("filters the queue and refuses a filter it cannot read", async () => {
    const byRegion = await api(
      "/reports?region=19.06&type=report&category=politik_uang",
      tokens.admin,
    );
    expect(((await byRegion.json()) as { items: unknown[] }).items).toHaveLength(1);
    const elsewhere = await api("/reports?region=15", tokens.admin);
    expect(((await elsewhere.json()) as { items: unknown[] }).items).toHaveLength(0);
    const bad = await api("/reports?stage=nonsense", tokens.admin);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  });

  it("finds a report by words of its story without the database reading them", async () => {
    const found = await api("/reports?q=amplop%20kepala", tokens.admin);
    const body = (await found.json()) as { items: { ticket: string }[]; searchedReports: number };
    expect(body.items.map((item) => item.ticket)).toEqual([ticket]);
    expect(body.searchedReports).toBeGreaterThanOrEqual(1);
    const none = await api("/reports?q=spanduk", tokens.admin);
    expect(((await none.json()) as { items: unknown[] }).items).toHaveLength(0);
  });

  it("gives an officer of another province 404 for the report, and an empty queue", async () => {
    const response = await api(`/reports/${ticket}`, tokens.jambi);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
    const queue = await api("/reports", tokens.jambi);
    expect(((await queue.json()) as { items: unknown[] }).items).toHaveLength(0);
    expect((await post(`/reports/${ticket}/stage`, tokens.jambi, { stage: "dikaji" })).status).toBe(
      404,
    );
  });

  it("shows a viewer the story but never the reporter's name or phone", async () => {
    const response = await api(`/reports/${ticket}`, tokens.viewer);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain(reportStory);
    expect(text).not.toContain(reporterName);
    expect(text).not.toContain("3456");
    // Witnesses are named with their addresses: identities too.
    expect(text).not.toContain("Bu Sari");
    expect(
      (await post(`/reports/${ticket}/unseal`, tokens.viewer, { reason: "Klarifikasi saksi" }))
        .status,
    ).toBe(403);
    expect(
      (await post(`/reports/${ticket}/stage`, tokens.viewer, { stage: "dikaji" })).status,
    ).toBe(403);
  });

  it("moves the report to dikaji and replies; the reporter's web chat shows both in Indonesian", async () => {
    const stage = await post(`/reports/${ticket}/stage`, tokens.beltim, { stage: "dikaji" });
    expect(stage.status).toBe(200);
    const reply = await post(`/reports/${ticket}/replies`, tokens.beltim, {
      text: "Mohon kirim foto amplopnya jika ada.",
    });
    expect(reply.status).toBe(201);
    const messages = await webchatMessages(awas.app, conversation);
    const stageNotice = messages.find((text) => text.includes(idStatus["stage.dikaji"]));
    expect(stageNotice).toContain(ticket);
    expect(stageNotice).toContain(idCasework.stage_changed.split("*")[0] as string);
    const replyNotice = messages.at(-1);
    expect(replyNotice).toBe(
      idCasework.officer_reply
        .replace("{{text}}", "Mohon kirim foto amplopnya jika ada.")
        .replace("{{code}}", ticket),
    );
    const detail = (await (await api(`/reports/${ticket}`, tokens.admin)).json()) as {
      stage: string;
      timeline: { kind: string; toStage: string | null; text: string | null }[];
    };
    expect(detail.stage).toBe("dikaji");
    expect(detail.timeline.map((entry) => entry.kind)).toEqual(["stage", "reply"]);
  });

  it("adds the reporter's answer to the officer to the report's timeline", async () => {
    const answer = await awas.app.request(
      "/chat/messages",
      postJson({ conversationId: conversation, text: "Fotonya ada, nanti sore saya kirim." }),
    );
    expect(answer.status).toBe(200);
    const detail = (await (await api(`/reports/${ticket}`, tokens.beltim)).json()) as {
      timeline: { kind: string; text: string | null }[];
    };
    expect(detail.timeline.at(-1)).toMatchObject({
      kind: "reporter_message",
      text: "Fotonya ada, nanti sore saya kirim.",
    });
  });

  it("refuses a stage that cannot follow, and one that needs a note without it", async () => {
    const skip = await post(`/reports/${ticket}/stage`, tokens.admin, { stage: "selesai" });
    expect(skip.status).toBe(409);
    expect(((await skip.json()) as { error: { code: string } }).error.code).toBe("not_allowed");
    const bare = await post(`/reports/${ticket}/stage`, tokens.admin, {
      stage: "perlu_dilengkapi",
    });
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as { error: { code: string } }).error.code).toBe("note_required");
    const detail = (await (await api(`/reports/${ticket}`, tokens.admin)).json()) as {
      stage: string;
    };
    expect(detail.stage).toBe("dikaji");
  });

  it("unseals the identity only with a written reason, and logs it for admins", async () => {
    const noReason = await post(`/reports/${ticket}/unseal`, tokens.beltim, { reason: "x" });
    expect(noReason.status).toBe(400);
    const unsealed = await post(`/reports/${ticket}/unseal`, tokens.beltim, {
      reason: "Klarifikasi kepada pelapor untuk kajian awal",
    });
    expect(unsealed.status).toBe(200);
    const identity = (await unsealed.json()) as {
      reporter: { name: string; phone: string };
      witnesses: string | null;
    };
    expect(identity.reporter.name).toBe(reporterName);
    expect(identity.reporter.phone.replace(/\D/g, "")).toContain("81234567890");
    expect(identity.witnesses).toBe("Bu Sari, warga Desa Lalang");
    expect((await api("/audit", tokens.beltim)).status).toBe(403);
    const audit = (await (await api(`/audit?subject=${ticket}`, tokens.admin)).json()) as {
      items: { action: string; staffEmail: string; reason: string | null; via: string }[];
    };
    expect(audit.items.map((item) => item.action)).toEqual([
      "identity_unsealed",
      "reply_sent",
      "stage_changed",
    ]);
    expect(audit.items[0]).toMatchObject({
      staffEmail: "beltim@example.org",
      reason: "Klarifikasi kepada pelapor untuk kajian awal",
      via: "api",
    });
  });

  it("masks mobile numbers typed in a story and shows them in full only after an unseal", async () => {
    const story = "Amplop dibagikan Pak Kadus, nomornya 0813-7777-2468, tiap rumah Rp 100.000.";
    const lines = identifiedReportLines.map((line) => (line === reportStory ? story : line));
    const typed = await fileReportOverWebchat(awas.app, undefined, lines);
    const viewed = await (await api(`/reports/${typed.ticket}`, tokens.viewer)).text();
    expect(viewed).toContain("nomornya +62 813-•••••-468, tiap rumah Rp 100.000.");
    expect(viewed).not.toContain("7777");
    const detail = await (await api(`/reports/${typed.ticket}`, tokens.beltim)).text();
    expect(detail).not.toContain("7777");
    const unsealed = await post(`/reports/${typed.ticket}/unseal`, tokens.beltim, {
      reason: "Menghubungi terlapor untuk klarifikasi",
    });
    const identity = (await unsealed.json()) as { phoneNumbers: string[] };
    expect(identity.phoneNumbers).toEqual(["+6281377772468"]);
    // Searching digit by digit does not spell the masked number out.
    for (const q of ["0813-7777", "7777", "081377772468"]) {
      const found = await api(
        `/reports?ticket=${typed.ticket}&q=${encodeURIComponent(q)}`,
        tokens.viewer,
      );
      expect(((await found.json()) as { items: unknown[] }).items, q).toEqual([]);
    }
    // A number an officer writes in a note is masked too, but it is not the reporter's to unseal.
    await post(`/reports/${typed.ticket}/notes`, tokens.beltim, {
      text: "Hubungi Pak Kadus di 0819 1111 2222",
    });
    const again = await post(`/reports/${typed.ticket}/unseal`, tokens.beltim, {
      reason: "Menghubungi terlapor untuk klarifikasi",
    });
    expect(((await again.json()) as { phoneNumbers: string[] }).phoneNumbers).toEqual([
      "+6281377772468",
    ]);
    expect(await (await api(`/reports/${typed.ticket}`, tokens.viewer)).text()).not.toContain(
      "1111",
    );
  });

  it("keeps internal notes out of the reporter's chat", async () => {
    const before = await webchatMessages(awas.app, conversation);
    const note = await post(`/reports/${ticket}/notes`, tokens.beltim, {
      text: "Koordinasi dengan Panwascam Manggar.",
    });
    expect(note.status).toBe(201);
    expect(await webchatMessages(awas.app, conversation)).toEqual(before);
  });
});

import { expect } from "vitest";
import { conversationId, postJson } from "./app-harness";

interface RequestingApp {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

export const reporterName = "Siti Aminah";
export const reporterPhone = "0812 3456 7890";
export const reportStory = "Ada pembagian amplop berisi uang di rumah kepala dusun.";

/** What a resident types to file an identified money-politics report from Desa Lalang, Manggar. */
export const identifiedReportLines = [
  "lapor",
  "1",
  "desa Lalang, Manggar",
  "tadi pagi",
  "1",
  reportStory,
  "Pak Budi, tim sukses paslon nomor 2",
  "Bu Sari, warga Desa Lalang",
  "selesai",
  "2",
  "1",
  reporterName,
  "Jl. Merdeka No. 5, Desa Lalang",
  reporterPhone,
  "lewati",
  "Kirim",
];

/** A file a resident attaches at the evidence step. */
export interface TestAttachment {
  bytes: Uint8Array;
  name: string;
  type: string;
}

/**
 * Files the report through the web chat like a resident would; returns the ticket code.
 * Attachments are sent just before the evidence step is closed with "selesai".
 */
export async function fileReportOverWebchat(
  app: RequestingApp,
  conversation = conversationId(),
  lines = identifiedReportLines,
  attachments: TestAttachment[] = [],
): Promise<{ ticket: string; conversation: string }> {
  let last = "";
  for (const [index, text] of lines.entries()) {
    if (text === "selesai") {
      for (const file of attachments) {
        const form = new FormData();
        form.set("file", new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
        const sent = await app.request("/chat/attachments", {
          method: "POST",
          headers: { "X-Conversation-Id": conversation },
          body: form,
        });
        expect(sent.status, `attaching ${file.name}`).toBe(200);
      }
    }
    const response = await app.request(
      "/chat/messages",
      postJson({
        conversationId: conversation,
        text,
        messageId: `message-${String(index).padStart(4, "0")}`,
      }),
    );
    expect(response.status, `typing "${text}"`).toBe(200);
    const body = (await response.json()) as { replies: { text: string }[] };
    last = body.replies.map((reply) => reply.text).join("\n");
  }
  const ticket = /LPR-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(last)?.[0];
  expect(ticket, last).toBeDefined();
  return { ticket: ticket as string, conversation };
}

/** The latest messages the bot sent this web chat conversation, oldest first. */
export async function webchatMessages(app: RequestingApp, conversation: string) {
  const response = await app.request("/chat/messages", {
    headers: { "X-Conversation-Id": conversation },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { replies: { text: string }[] };
  return body.replies.map((reply) => reply.text);
}

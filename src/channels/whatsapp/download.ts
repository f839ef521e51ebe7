import { createHash, timingSafeEqual } from "node:crypto";
import { BufferJSON, downloadContentFromMessage, type WAMessage } from "baileys";
import { MediaTooLargeError } from "../types";
import { downloadableMedia } from "./normalize";

/**
 * The reference's JSON round trip leaves byte fields as base64 strings (protobuf's toJSON) or
 * Buffers (BufferJSON), and 64-bit sizes as strings, numbers or Long-like objects.
 */
const bytesOf = (value: unknown): Buffer | undefined => {
  if (typeof value === "string") return value ? Buffer.from(value, "base64") : undefined;
  if (value instanceof Uint8Array) return value.byteLength > 0 ? Buffer.from(value) : undefined;
  return undefined;
};
const lengthOf = (value: unknown): number => {
  if (typeof value === "number" || typeof value === "string") return Number(value) || 0;
  const long = value as { toNumber?: () => number; low?: number; high?: number } | null;
  if (typeof long?.toNumber === "function") return long.toNumber();
  if (typeof long?.low === "number") return (long.high ?? 0) * 2 ** 32 + (long.low >>> 0);
  return 0;
};

/**
 * Downloads and decrypts a file (Baileys: `directPath`/`url`, keys from `mediaKey`), then
 * checks it against the `fileSha256` the sender put in the end-to-end encrypted message.
 * Baileys checks neither the file's MAC nor a hash: a changed byte in the middle of the
 * ciphertext decrypts to different bytes without an error, and would be kept as evidence.
 *
 * Reading stops past the announced size, and past `maxBytes` whatever was announced: a sender
 * may declare no size (or 0), which the inbound check cannot catch.
 */
export async function downloadVerified(remoteRef: string, maxBytes: number): Promise<Uint8Array> {
  const message = JSON.parse(remoteRef, BufferJSON.reviver) as WAMessage;
  const found = downloadableMedia(message.message);
  if (!found) throw new Error("the stored WhatsApp message carries no file");
  const { node, mediaType } = found;
  const expected = bytesOf(node.fileSha256);
  if (expected?.byteLength !== 32) {
    throw new Error("the WhatsApp file has no fileSha256 to check the download against");
  }
  const mediaKey = bytesOf(node.mediaKey);
  if (!mediaKey) throw new Error("the WhatsApp file has no mediaKey");
  const announced = lengthOf(node.fileLength);
  if (announced > maxBytes) throw new MediaTooLargeError(maxBytes);
  const stream = await downloadContentFromMessage(
    { mediaKey, directPath: node.directPath ?? null, url: node.url ?? null },
    mediaType,
  );
  const chunks: Buffer[] = [];
  let total = 0;
  const hash = createHash("sha256");
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      stream.destroy();
      throw new MediaTooLargeError(maxBytes);
    }
    if (announced > 0 && total > announced) {
      stream.destroy();
      throw new Error(`the WhatsApp file is larger than the ${announced} bytes announced`);
    }
    hash.update(chunk);
    chunks.push(chunk);
  }
  if (!timingSafeEqual(hash.digest(), expected)) {
    throw new Error("the WhatsApp file does not match its fileSha256 (damaged or tampered)");
  }
  const content = Buffer.concat(chunks, total);
  return new Uint8Array(content.buffer, content.byteOffset, content.byteLength);
}

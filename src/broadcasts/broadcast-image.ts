import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { mediaAad } from "../conversations/conductor";
import type { Keyring } from "../privacy/keyring";
import type { DbOrTx } from "../storage/database";
import { media } from "../storage/schema";

/**
 * The optional image of an imbauan: fetched once from the URL staff gave, checked, re-encoded
 * as a JPEG of at most 1280 px (which also drops EXIF/GPS the file may carry), and stored as a
 * `media` row the broadcast points to. Every channel then sends those same bytes.
 */

export const broadcastImageLimits = {
  /** What we download at most. */
  maxBytes: 10 * 1024 * 1024,
  timeoutMs: 15_000,
  /** Decoding bigger images is refused before it starts (a decompression bomb). */
  maxInputPixels: 50_000_000,
  longSide: 1280,
} as const;

export type BroadcastImageProblem = "image_url" | "image_fetch" | "image_too_large" | "image_type";

export class BroadcastImageError extends Error {
  override name = "BroadcastImageError";
  constructor(readonly problem: BroadcastImageProblem) {
    super(problem);
  }
}

export interface BroadcastImage {
  bytes: Uint8Array;
  mimeType: "image/jpeg";
}

/** Downloads `url` (http or https) and makes the JPEG every channel sends. */
export async function fetchBroadcastImage(
  url: string,
  fetchImpl: typeof fetch = fetch,
): Promise<BroadcastImage> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BroadcastImageError("image_url");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new BroadcastImageError("image_url");
  }
  let response: Response;
  try {
    response = await fetchImpl(parsed, {
      redirect: "follow",
      signal: AbortSignal.timeout(broadcastImageLimits.timeoutMs),
    });
  } catch {
    throw new BroadcastImageError("image_fetch");
  }
  if (!response.ok || !response.body) throw new BroadcastImageError("image_fetch");
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > broadcastImageLimits.maxBytes) throw new BroadcastImageError("image_too_large");
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > broadcastImageLimits.maxBytes) throw new BroadcastImageError("image_too_large");
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof BroadcastImageError) throw error;
    throw new BroadcastImageError("image_fetch");
  }
  return reencode(Buffer.concat(chunks));
}

/** Any still image sharp reads (JPEG, PNG, WebP, GIF's first frame, AVIF) → a plain JPEG. */
export async function reencode(input: Uint8Array): Promise<BroadcastImage> {
  try {
    const output = await sharp(input, { limitInputPixels: broadcastImageLimits.maxInputPixels })
      .rotate()
      .resize({
        width: broadcastImageLimits.longSide,
        height: broadcastImageLimits.longSide,
        fit: "inside",
        withoutEnlargement: true,
      })
      .jpeg({ quality: 82 })
      .toBuffer();
    return { bytes: new Uint8Array(output), mimeType: "image/jpeg" };
  } catch {
    throw new BroadcastImageError("image_type");
  }
}

/** Stores the image as a `media` row of no contact; returns its id for `broadcasts.image_media_id`. */
export async function storeBroadcastImage(
  db: DbOrTx,
  keyring: Keyring,
  image: BroadcastImage,
): Promise<number> {
  const [row] = await db
    .insert(media)
    .values({
      contactId: null,
      mimeType: image.mimeType,
      byteSize: image.bytes.byteLength,
      sha256: createHash("sha256").update(image.bytes).digest("hex"),
      contentSealed: keyring.seal(image.bytes, mediaAad),
      fetchState: "stored",
    })
    .returning({ id: media.id });
  if (!row) throw new Error("broadcast image insert returned nothing");
  return row.id;
}

/** The stored picture's bytes, or undefined when the row (or its content) is gone. */
export async function readBroadcastImage(
  db: DbOrTx,
  keyring: Keyring,
  mediaId: number,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; mimeType: string } | undefined> {
  const [row] = await db
    .select({ mimeType: media.mimeType, contentSealed: media.contentSealed })
    .from(media)
    .where(eq(media.id, mediaId));
  if (!row?.contentSealed) return undefined;
  return {
    bytes: new Uint8Array(keyring.open(row.contentSealed, mediaAad)),
    mimeType: row.mimeType,
  };
}

/**
 * Creates a broadcast with the picture at `imageUrl` (when given): fetched and stored first,
 * and removed again when `create` refuses, so a refused broadcast keeps no picture. Throws
 * `BroadcastImageError` for a picture that cannot be used, or what `create` throws.
 */
export async function createWithImage<T>(
  deps: { db: DbOrTx; keyring: Keyring; fetchImage?: typeof fetch | undefined },
  imageUrl: string | null | undefined,
  create: (imageMediaId: number | null) => Promise<T>,
): Promise<T> {
  if (!imageUrl) return create(null);
  const image = await fetchBroadcastImage(imageUrl, deps.fetchImage);
  const imageMediaId = await storeBroadcastImage(deps.db, deps.keyring, image);
  try {
    return await create(imageMediaId);
  } catch (error) {
    await deps.db.delete(media).where(eq(media.id, imageMediaId));
    throw error;
  }
}

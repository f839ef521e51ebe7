import sharp from "sharp";

/**
 * Previews of evidence photos for the staff console. The original stays sealed and untouched
 * (it is the evidence, with its SHA-256); what the browser shows is a copy that
 *
 * - is turned upright first, by the EXIF orientation, so a phone photo is not sideways;
 * - fits in 1280 × 1280 (never enlarged);
 * - carries no metadata at all: no EXIF (GPS position, camera, time), no XMP, no IPTC, no ICC
 *   profile. sharp writes none unless asked (`keepExif`, `withMetadata`…), and converts the
 *   pixels to sRGB, so a wide-gamut or CMYK photo still looks right without its profile;
 * - is a baseline JPEG, which every browser shows; transparency (screenshots saved as PNG,
 *   stickers) is laid on white.
 *
 * Only raster photos are previewed: JPEG, PNG, WebP, GIF (its first frame) and HEIF/AVIF
 * when sharp can decode them (the prebuilt sharp reads AVIF, not the HEVC of iPhone HEIC
 * files, so those give no preview). The decoder is chosen from the bytes, not from the
 * announced MIME type, and anything that is not one of those formats (SVG, PDF, TIFF…) is
 * refused, so a file that lies about its type cannot reach another decoder. Video, audio and
 * documents get no preview: the page offers the original with its SHA-256.
 *
 * A corrupt or truncated file, one that declares more than {@link PREVIEW_MAX_INPUT_PIXELS}
 * (a decompression bomb: a few kilobytes of PNG that claim 100 000 × 100 000 pixels), or one
 * that takes longer than {@link PREVIEW_TIMEOUT_SECONDS} gives `undefined`, never a throw.
 */

/** The long side of a preview, in pixels. */
export const PREVIEW_MAX_SIDE = 1280;

/**
 * Images with more pixels than this are not decoded. 50 megapixels covers the full-resolution
 * mode of 48–50 MP phone cameras (8160 × 6120 = 49.9 MP); WhatsApp and Telegram photos are far
 * smaller. A JPEG is decoded at a reduced scale (shrink-on-load), but a PNG is not: 50 MP of
 * RGBA is 200 MB, which is the most one preview may cost.
 */
export const PREVIEW_MAX_INPUT_PIXELS = 50_000_000;

/** libvips gives up on one image after this long (a pathological file must not hold a worker). */
export const PREVIEW_TIMEOUT_SECONDS = 20;

const PREVIEW_QUALITY = 82;

/** Announced types worth trying (the bytes decide the decoder, see {@link DECODED_FORMATS}). */
const PREVIEWABLE_TYPES: ReadonlySet<string> = new Set([
  "image/jpeg",
  "image/jpg",
  "image/pjpeg",
  "image/png",
  "image/webp",
  "image/gif",
  "image/heic",
  "image/heif",
  "image/heic-sequence",
  "image/heif-sequence",
  "image/avif",
]);

/** What sharp's own sniffing (`metadata().format`) must find in the bytes. */
const DECODED_FORMATS: ReadonlySet<string> = new Set(["jpeg", "png", "webp", "gif", "heif"]);

export interface EvidencePreview {
  bytes: Uint8Array;
  mimeType: string;
  width: number;
  height: number;
}

/** Whether a file of this announced type may get a preview (images only). */
export function isPreviewable(mimeType: string): boolean {
  return PREVIEWABLE_TYPES.has(baseType(mimeType));
}

/**
 * A metadata-free, upright JPEG of at most 1280 px on the long side, or `undefined` when the
 * file is not an image sharp can safely decode (video, audio, PDF, a corrupt or huge image).
 */
export async function makePreview(
  bytes: Uint8Array,
  mimeType: string,
): Promise<EvidencePreview | undefined> {
  if (!isPreviewable(mimeType) || bytes.byteLength === 0) return undefined;
  const options = {
    limitInputPixels: PREVIEW_MAX_INPUT_PIXELS,
    // Abort on decoding errors and truncation; tolerate mere warnings, which phones produce.
    failOn: "error",
    // The first frame of an animated GIF or WebP, the primary image of a HEIF.
    pages: 1,
  } as const;
  try {
    const header = await sharp(bytes, options).metadata();
    if (header.format === undefined || !DECODED_FORMATS.has(header.format)) return undefined;
    const { data, info } = await sharp(bytes, options)
      .autoOrient()
      .resize({
        width: PREVIEW_MAX_SIDE,
        height: PREVIEW_MAX_SIDE,
        fit: "inside",
        withoutEnlargement: true,
      })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: PREVIEW_QUALITY })
      .timeout({ seconds: PREVIEW_TIMEOUT_SECONDS })
      .toBuffer({ resolveWithObject: true });
    return {
      bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      mimeType: "image/jpeg",
      width: info.width,
      height: info.height,
    };
  } catch {
    // Corrupt, truncated, too large, too slow, or a format this sharp build cannot decode.
    return undefined;
  }
}

function baseType(mimeType: string): string {
  return (mimeType.split(";")[0] ?? "").trim().toLowerCase();
}

import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import {
  isPreviewable,
  makePreview,
  PREVIEW_MAX_INPUT_PIXELS,
} from "../../src/casework/evidence-preview";

// ── Fixtures: real files, made with sharp itself ──────────────────────────────────────────

/** What a phone writes: maker, model, and the position the photo was taken at (Manggar). */
const PHONE_EXIF = {
  IFD0: { Make: "samsung", Model: "SM-A155F", Software: "A155FXXU3BXK1" },
  IFD2: { DateTimeOriginal: "2026:11:20 07:14:03" },
  IFD3: {
    GPSLatitudeRef: "S",
    GPSLatitude: "2/1 52/1 3012/100",
    GPSLongitudeRef: "E",
    GPSLongitude: "108/1 16/1 5500/100",
  },
};

const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="2,52.502S" ' +
  'exif:GPSLongitude="108,16.917E"/></rdf:RDF></x:xmpmeta>';

/**
 * A photo stored the way phones store it when held upright: the sensor's landscape pixels
 * (left half red, right half blue) with EXIF orientation 6, "rotate 90° clockwise to show".
 */
async function phonePhoto(width: number, height: number, quality = 85): Promise<Buffer> {
  const half = Math.floor(width / 2);
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 3;
      if (x < half) pixels[offset] = 220;
      else pixels[offset + 2] = 220;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality })
    .withMetadata({ orientation: 6 })
    .withExifMerge(PHONE_EXIF)
    .withXmp(XMP)
    .withIccProfile("p3")
    .toBuffer();
}

/** The GPS position in an EXIF block, read by hand (TIFF IFD0 → GPS IFD), in degrees. */
function gpsPosition(exif: Buffer): { latitude: number; longitude: number } | undefined {
  const tiff = exif.subarray(exif.indexOf("Exif\0\0") + 6);
  const little = tiff.toString("latin1", 0, 2) === "II";
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const entries = (ifd: number) =>
    Array.from({ length: u16(ifd) }, (_, i) => ifd + 2 + i * 12).map((at) => ({
      tag: u16(at),
      value: u32(at + 8),
      at,
    }));
  const gpsPointer = entries(u32(4)).find((entry) => entry.tag === 0x8825);
  if (!gpsPointer) return undefined;
  const gps = entries(gpsPointer.value);
  const text = (tag: number) => {
    const entry = gps.find((e) => e.tag === tag);
    return entry ? tiff.toString("latin1", entry.at + 8, entry.at + 9) : undefined;
  };
  const degrees = (tag: number) => {
    const entry = gps.find((e) => e.tag === tag);
    if (!entry) return Number.NaN;
    const [d, m, s] = [0, 1, 2].map((i) => u32(entry.value + i * 8) / u32(entry.value + i * 8 + 4));
    return (d ?? 0) + (m ?? 0) / 60 + (s ?? 0) / 3600;
  };
  return {
    latitude: degrees(2) * (text(1) === "S" ? -1 : 1),
    longitude: degrees(4) * (text(3) === "W" ? -1 : 1),
  };
}

/** Everything a file could carry about where, when and with what it was taken. */
function expectNoMetadataBytes(bytes: Uint8Array): void {
  const text = Buffer.from(bytes).toString("latin1");
  for (const marker of ["Exif", "xmpmeta", "ns.adobe.com", "ICC_PROFILE", "SM-A155F", "samsung"]) {
    expect(text, `preview contains ${marker}`).not.toContain(marker);
  }
}

async function pixelAt(image: Uint8Array, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * info.channels;
  return [...data.subarray(offset, offset + 3)];
}

// ── Tests ─────────────────────────────────────────────────────────────────────────────────

describe("evidence previews", () => {
  let photo: Buffer;
  beforeAll(async () => {
    photo = await phonePhoto(1600, 1200);
  });

  it("the phone-photo fixture really carries GPS, camera, XMP, an ICC profile and orientation 6", async () => {
    const metadata = await sharp(photo).metadata();
    expect(metadata.orientation).toBe(6);
    expect(metadata.exif).toBeDefined();
    expect(metadata.xmp).toBeDefined();
    expect(metadata.icc).toBeDefined();
    const position = gpsPosition(metadata.exif as Buffer);
    expect(position?.latitude).toBeCloseTo(-(2 + 52 / 60 + 30.12 / 3600), 6);
    expect(position?.longitude).toBeCloseTo(108 + 16 / 60 + 55 / 3600, 6);
    expect(photo.toString("latin1")).toContain("Exif");
    expect(photo.toString("latin1")).toContain("SM-A155F");
  });

  it("removes EXIF (GPS, camera, time), XMP and the ICC profile from a phone photo", async () => {
    const preview = await makePreview(photo, "image/jpeg");
    expect(preview?.mimeType).toBe("image/jpeg");
    const metadata = await sharp(preview?.bytes).metadata();
    expect(metadata.format).toBe("jpeg");
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(metadata.iptc).toBeUndefined();
    expect(metadata.icc).toBeUndefined();
    expect(metadata.orientation).toBeUndefined();
    expectNoMetadataBytes(preview?.bytes ?? new Uint8Array());
  });

  it("turns the photo upright by its EXIF orientation before scaling it", async () => {
    const preview = await makePreview(photo, "image/jpeg");
    // 1600 × 1200 stored, shown rotated 90° clockwise: 1200 × 1600, scaled to fit 1280.
    expect([preview?.width, preview?.height]).toEqual([960, 1280]);
    const metadata = await sharp(preview?.bytes).metadata();
    expect([metadata.width, metadata.height]).toEqual([960, 1280]);
    // The stored left half (red) is now on top, the right half (blue) at the bottom.
    const top = await pixelAt(preview?.bytes ?? new Uint8Array(), 480, 100);
    const bottom = await pixelAt(preview?.bytes ?? new Uint8Array(), 480, 1180);
    expect(top[0]).toBeGreaterThan(180);
    expect(top[2]).toBeLessThan(60);
    expect(bottom[2]).toBeGreaterThan(180);
    expect(bottom[0]).toBeLessThan(60);
  });

  it("shrinks a 12-megapixel photo to 1280 px on its long side", async () => {
    const twelveMegapixels = await phonePhoto(4000, 3000, 90);
    const preview = await makePreview(twelveMegapixels, "image/jpeg");
    expect([preview?.width, preview?.height]).toEqual([960, 1280]);
    expect(preview?.bytes.byteLength).toBeLessThan(twelveMegapixels.byteLength);
    expectNoMetadataBytes(preview?.bytes ?? new Uint8Array());
  });

  it("never enlarges a small image", async () => {
    const small = await sharp({
      create: { width: 320, height: 240, channels: 3, background: "#3a7d44" },
    })
      .jpeg()
      .toBuffer();
    const preview = await makePreview(small, "image/jpeg");
    expect([preview?.width, preview?.height]).toEqual([320, 240]);
  });

  it("previews a PNG screenshot as a JPEG, its transparency laid on white and its EXIF gone", async () => {
    const screenshot = await sharp({
      create: {
        width: 3000,
        height: 1000,
        channels: 4,
        background: { r: 0, g: 0, b: 0, alpha: 0 },
      },
    })
      .png()
      .withExif(PHONE_EXIF)
      .toBuffer();
    expect((await sharp(screenshot).metadata()).exif).toBeDefined();
    const preview = await makePreview(screenshot, "image/png");
    expect(preview).toMatchObject({ mimeType: "image/jpeg", width: 1280, height: 427 });
    expect(await pixelAt(preview?.bytes ?? new Uint8Array(), 10, 10)).toEqual([255, 255, 255]);
    expect((await sharp(preview?.bytes).metadata()).exif).toBeUndefined();
    expectNoMetadataBytes(preview?.bytes ?? new Uint8Array());
  });

  it("previews WebP, GIF (first frame) and AVIF-coded HEIF", async () => {
    const base = () =>
      sharp({ create: { width: 1600, height: 900, channels: 3, background: "#c0392b" } });
    const inputs: [Buffer, string][] = [
      [await base().webp().withExif(PHONE_EXIF).toBuffer(), "image/webp"],
      [await base().gif().toBuffer(), "image/gif"],
      [await base().avif({ effort: 0 }).toBuffer(), "image/heic"],
    ];
    for (const [bytes, mimeType] of inputs) {
      const preview = await makePreview(bytes, mimeType);
      expect(preview, mimeType).toMatchObject({ mimeType: "image/jpeg", width: 1280, height: 720 });
      expectNoMetadataBytes(preview?.bytes ?? new Uint8Array());
    }
  });

  it("gives no preview for video, audio and PDF evidence", async () => {
    const pdf = Buffer.from(
      "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    );
    const mp4 = Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from("ftypmp42\0\0\0\0mp42isom"),
    ]);
    const ogg = Buffer.concat([Buffer.from("OggS"), Buffer.alloc(60)]);
    expect(await makePreview(pdf, "application/pdf")).toBeUndefined();
    expect(await makePreview(mp4, "video/mp4")).toBeUndefined();
    expect(await makePreview(ogg, "audio/ogg; codecs=opus")).toBeUndefined();
    expect(await makePreview(photo, "video/mp4")).toBeUndefined();
    expect(isPreviewable("image/JPEG")).toBe(true);
    expect(isPreviewable("image/svg+xml")).toBe(false);
  });

  it("decodes by the bytes: an SVG or PDF announced as an image gets no preview", async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="red"/></svg>',
    );
    // sharp itself would render it; the preview refuses anything but raster photo formats.
    expect((await sharp(svg).metadata()).format).toBe("svg");
    expect(await makePreview(svg, "image/png")).toBeUndefined();
    expect(await makePreview(Buffer.from("%PDF-1.4\n%%EOF\n"), "image/jpeg")).toBeUndefined();
  });

  it("gives undefined, not an error, for a truncated, a garbled or an empty image", async () => {
    expect(
      await makePreview(photo.subarray(0, photo.byteLength / 2), "image/jpeg"),
    ).toBeUndefined();
    // The compressed pixels overwritten after the start-of-scan marker (FFDA; the scan data
    // itself can never contain it), the headers intact: "bad Huffman code" while decoding.
    const garbled = Buffer.from(photo);
    garbled.fill(
      0x5a,
      garbled.lastIndexOf(Buffer.from([0xff, 0xda])) + 200,
      garbled.byteLength - 2,
    );
    expect(await makePreview(garbled, "image/jpeg")).toBeUndefined();
    expect(await makePreview(Buffer.from("not an image at all"), "image/jpeg")).toBeUndefined();
    expect(await makePreview(new Uint8Array(0), "image/png")).toBeUndefined();
  });

  it("refuses an image with more pixels than the input limit without decoding it", async () => {
    // A valid PNG of one colour: 712 KB on disk, 52 megapixels (156 MB) once decoded.
    const huge = await sharp({
      create: { width: 8000, height: 6500, channels: 3, background: "#336699" },
    })
      .png()
      .toBuffer();
    expect(8000 * 6500).toBeGreaterThan(PREVIEW_MAX_INPUT_PIXELS);
    expect((await sharp(huge).metadata()).width).toBe(8000);
    expect(await makePreview(huge, "image/png")).toBeUndefined();
  });
});

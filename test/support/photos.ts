import sharp from "sharp";

/** A small photo the way a phone writes it: maker, model and where it was taken (Manggar). */
export async function phonePhotoWithGps(width = 640, height = 480): Promise<Uint8Array> {
  const photo = await sharp({
    create: { width, height, channels: 3, background: { r: 196, g: 160, b: 90 } },
  })
    .composite([
      {
        input: {
          create: { width: width / 2, height: height / 2, channels: 3, background: "#1d3557" },
        },
        top: height / 4,
        left: width / 4,
      },
    ])
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: "samsung", Model: "SM-A155F" },
      IFD3: {
        GPSLatitudeRef: "S",
        GPSLatitude: "2/1 52/1 3012/100",
        GPSLongitudeRef: "E",
        GPSLongitude: "108/1 16/1 5500/100",
      },
    })
    .toBuffer();
  return new Uint8Array(photo);
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import t from 'tap';
import { MediaError, processImage } from '../../src/services/media/index.js';

const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 90, g: 140, b: 200 } } }).jpeg().toBuffer();

async function rejection(promise: Promise<unknown>): Promise<MediaError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MediaError) return error;
    throw error;
  }
  throw new Error('expected a MediaError, got a result');
}

/** CRC-32 as PNG chunks use it (zlib.crc32 only exists from Node 20.15). */
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

t.test('variants: WebP at the three widths, a JPEG fallback of the medium, never enlarged', async (t) => {
  const result = await processImage(await photo(2000, 1500));
  t.same({ width: result.width, height: result.height, format: result.format }, { width: 2000, height: 1500, format: 'jpeg' });
  t.same(
    result.variants.map((v) => [v.name, v.format, v.width, v.height]),
    [['small', 'webp', 320, 240], ['medium', 'webp', 768, 576], ['large', 'webp', 1600, 1200], ['medium', 'jpeg', 768, 576]],
  );
  for (const v of result.variants) {
    const meta = await sharp(v.bytes).metadata();
    t.same([meta.format, meta.width, meta.height], [v.format, v.width, v.height], `${v.name} ${v.format} is what it claims`);
  }

  const tiny = await processImage(await photo(500, 400));
  t.same(tiny.variants.map((v) => [v.name, v.width, v.height]), [['small', 320, 256], ['medium', 500, 400], ['large', 500, 400], ['medium', 500, 400]], 'a small source is not upscaled');

  const custom = await processImage(await photo(1000, 1000), { variants: [{ name: 'thumb', width: 100 }, { name: 'full', width: 900 }] });
  t.same(custom.variants.map((v) => [v.name, v.format, v.width]), [['thumb', 'webp', 100], ['full', 'webp', 900], ['full', 'jpeg', 900]], 'without a medium the widest gets the JPEG');
});

t.test('a path works like a buffer, and transparent PNG keeps alpha in WebP and goes white in JPEG', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'media-image-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'clear.png');
  writeFileSync(file, await sharp({ create: { width: 400, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer());
  const result = await processImage(file);
  t.equal(result.format, 'png');
  const webp = result.variants.find((v) => v.format === 'webp')!;
  t.ok((await sharp(webp.bytes).metadata()).hasAlpha, 'WebP keeps transparency');
  const jpeg = result.variants.find((v) => v.format === 'jpeg')!;
  const { data } = await sharp(jpeg.bytes).raw().toBuffer({ resolveWithObject: true });
  t.ok(data[0]! > 240 && data[1]! > 240 && data[2]! > 240, `transparent becomes white in JPEG, not black (got ${data[0]},${data[1]},${data[2]})`);
});

t.test('every piece of metadata is stripped, GPS included', async (t) => {
  const withGps = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#336699' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PetCam', Model: 'Snoot 3000', Copyright: 'Someone' },
      // GPSMapDatum is ASCII, so its value is a GPS marker a byte search can find.
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '19/1 25/1 4200/100', GPSLongitudeRef: 'W', GPSLongitude: '99/1 7/1 3900/100', GPSMapDatum: 'WGS-84' },
    })
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Someone"/></rdf:RDF></x:xmpmeta>')
    .toBuffer();
  const input = await sharp(withGps).metadata();
  // The GPS IFD pointer is EXIF tag 0x8825, stored in the file's byte order.
  const gpsPointer = (exif: Buffer) => exif.includes(Buffer.from([0x25, 0x88])) || exif.includes(Buffer.from([0x88, 0x25]));
  t.ok(input.exif && gpsPointer(input.exif), 'the fixture really carries a GPS IFD');
  t.ok(withGps.includes('WGS-84'), 'the fixture really carries the GPS datum');
  t.ok(input.xmp, 'the fixture really carries XMP');
  t.ok(withGps.includes('Snoot 3000'), 'the fixture really carries the camera model');

  const result = await processImage(withGps);
  for (const v of result.variants) {
    const meta = await sharp(v.bytes).metadata();
    t.equal(meta.exif, undefined, `${v.name} ${v.format}: no EXIF`);
    t.equal(meta.xmp, undefined, `${v.name} ${v.format}: no XMP`);
    t.equal(meta.iptc, undefined, `${v.name} ${v.format}: no IPTC`);
    t.notOk(v.bytes.includes('GPS') || v.bytes.includes('WGS-84'), `${v.name} ${v.format}: no GPS marker in the bytes`);
    t.notOk(v.bytes.includes('Exif') || v.bytes.includes('EXIF'), `${v.name} ${v.format}: no EXIF block at all, so no GPS IFD`);
    t.notOk(v.bytes.includes('Snoot 3000'), `${v.name} ${v.format}: no camera model`);
  }
});

t.test('EXIF orientation is applied: a sideways-stored portrait comes out upright', async (t) => {
  // Stored landscape (red left half, blue right half) with orientation 6 = "rotate 90° clockwise
  // to display", so the picture the user saw is portrait with red on top.
  const stored = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#0000ff' } })
    .composite([{ input: { create: { width: 400, height: 400, channels: 3, background: '#ff0000' } }, left: 0, top: 0 }])
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();
  t.equal((await sharp(stored).metadata()).orientation, 6);
  const result = await processImage(stored);
  t.same([result.width, result.height], [400, 800], 'reported as displayed');
  const small = result.variants.find((v) => v.name === 'small' && v.format === 'webp')!;
  t.same([small.width, small.height], [320, 640], 'portrait variant');
  const { data, info } = await sharp(small.bytes).raw().toBuffer({ resolveWithObject: true });
  const pixel = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
  const [topR, , topB] = pixel(160, 40);
  const [bottomR, , bottomB] = pixel(160, 600);
  t.ok(topR! > 200 && topB! < 60, `top is red (${pixel(160, 40)})`);
  t.ok(bottomB! > 200 && bottomR! < 60, `bottom is blue (${pixel(160, 600)})`);
  t.equal((await sharp(small.bytes).metadata()).orientation, undefined, 'no orientation tag left to rotate it twice');
});

t.test('a 50 000 × 50 000 PNG is refused from its header, without decoding it', async (t) => {
  // A real 1×1 PNG whose IHDR is patched to claim 50 000 × 50 000 (10 GB of RGBA once decoded).
  const png = await sharp({ create: { width: 1, height: 1, channels: 4, background: '#fff' } }).png().toBuffer();
  const bomb = Buffer.from(png);
  t.equal(bomb.toString('latin1', 12, 16), 'IHDR');
  bomb.writeUInt32BE(50_000, 16);
  bomb.writeUInt32BE(50_000, 20);
  bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
  const claimed = await sharp(bomb, { limitInputPixels: false }).metadata();
  t.same([claimed.width, claimed.height], [50_000, 50_000], 'the header claims the full size');

  const before = process.memoryUsage().rss;
  const error = await rejection(processImage(bomb));
  const grown = process.memoryUsage().rss - before;
  t.equal(error.code, 'TOO_MANY_PIXELS');
  t.equal(error.statusCode, 413);
  t.match(error.details, { width: 50_000, height: 50_000, maxPixels: 50_000_000 });
  const decoded = 50_000 * 50_000 * 4;
  t.ok(grown < 64 * 1024 * 1024, `RSS grew by ${(grown / 1024 / 1024).toFixed(1)} MB, against ${(decoded / 1024 ** 3).toFixed(1)} GiB decoded`);

  const modest = await photo(2000, 2000);
  t.equal((await rejection(processImage(modest, { maxInputPixels: 1_000_000 }))).code, 'TOO_MANY_PIXELS', 'the limit is a setting');
});

t.test('what is not a picture is refused as NOT_AN_IMAGE', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'media-image-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const text = join(dir, 'notes.jpg');
  writeFileSync(text, 'Dear diary, today the dog ate my homework.\n'.repeat(50));

  for (const [label, input] of [
    ['a text file named .jpg', text],
    ['a text buffer', Buffer.from('hello, not an image')],
    ['an empty buffer', Buffer.alloc(0)],
    ['a truncated JPEG', (await photo(600, 400)).subarray(0, 300)],
    ['an SVG document', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')],
  ] as const) {
    const error = await rejection(processImage(input));
    t.equal(error.code, 'NOT_AN_IMAGE', label);
    t.equal(error.statusCode, 415, `${label}: 415`);
  }
  await t.rejects(processImage(join(dir, 'missing.png')), /Input file is missing/, 'a missing file is a caller bug, not a bad upload');
});

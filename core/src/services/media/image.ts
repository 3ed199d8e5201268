import sharp, { type Sharp } from 'sharp';
import { MediaError } from './media-error.js';

export interface ImageVariantSpec {
  name: string;
  /** Target width in pixels; the height follows the aspect ratio. Never enlarged past the source. */
  width: number;
}

export interface ProcessImageOptions {
  /**
   * Refuse sources with more pixels than this (width × height, read from the header before any
   * pixel is decoded). 50 MP passes every phone camera and stops decompression bombs.
   */
  maxInputPixels?: number;
  variants?: ImageVariantSpec[];
  /**
   * Which variant also gets a JPEG copy, for the clients that cannot show WebP (old Safari, mail).
   * Default: `medium` when that variant exists, otherwise the widest. `false` for none.
   */
  jpegFallback?: string | false;
  webpQuality?: number;
  jpegQuality?: number;
}

export interface ImageVariant {
  name: string;
  format: 'webp' | 'jpeg';
  width: number;
  height: number;
  bytes: Buffer;
}

export interface ProcessedImage {
  /** Of the source as displayed, i.e. after EXIF orientation. */
  width: number;
  height: number;
  /** The source's format as sharp detected it (`jpeg`, `png`, `webp`, `gif`, `heif`, `tiff`). */
  format: string;
  /** One WebP per requested variant, in the requested order, then the JPEG fallback. */
  variants: ImageVariant[];
}

export const DEFAULT_MAX_INPUT_PIXELS = 50_000_000;

export const DEFAULT_IMAGE_VARIANTS: readonly ImageVariantSpec[] = Object.freeze([
  { name: 'small', width: 320 },
  { name: 'medium', width: 768 },
  { name: 'large', width: 1600 },
]);

/*
 * What users upload from phones and desktops. SVG is refused although sharp renders it: it is a
 * document (scripts, external references, entity expansion), not a photo, and rasterising
 * untrusted XML buys nothing a PNG would not. HEIC from iPhones arrives as `heif`, but the sharp
 * prebuilt binaries decode only AVIF from that family; HEVC-coded HEIC fails to decode and is
 * answered NOT_AN_IMAGE like any other undecodable file.
 */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'heif', 'tiff']);

/**
 * Turns an uploaded picture into the sizes the frontends show: EXIF orientation applied, every
 * piece of metadata (EXIF with GPS, XMP, IPTC, ICC) dropped, WebP variants plus one JPEG fallback.
 * Animated GIF/WebP keep their first frame only.
 *
 * The source is read once: every output is a `clone()` of one pipeline, so a Buffer is shared and a
 * path is opened once. Each clone runs its own libvips decode, which for JPEG is cheaper than one
 * full decode shared by all: libvips shrinks on load (1/2, 1/4, 1/8 of the DCT), so the small and
 * medium outputs never touch the full-resolution pixels.
 */
export async function processImage(input: Buffer | string, options: ProcessImageOptions = {}): Promise<ProcessedImage> {
  const maxInputPixels = options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
  const variants = options.variants ?? DEFAULT_IMAGE_VARIANTS;
  checkVariants(variants);
  const fallback = fallbackVariant(variants, options.jpegFallback);

  // The header alone says whether this is an image and how big it claims to be; nothing is
  // decoded yet, which is what keeps a 50 000 × 50 000 PNG from costing 10 GB. No limit here so
  // that the check below, not sharp's, answers and can name the dimensions.
  const metadata = await decodeStep(() => sharp(input, { limitInputPixels: false }).metadata());
  if (!ACCEPTED_FORMATS.has(metadata.format)) {
    throw new MediaError('NOT_AN_IMAGE', `${metadata.format.toUpperCase()} files are not accepted as images.`, { details: { format: metadata.format } });
  }
  if (metadata.width * metadata.height > maxInputPixels) throw tooManyPixels(metadata.width, metadata.height, maxInputPixels);

  // The limit again, for the decode itself: a format whose header understates its size still stops.
  const source = sharp(input, { limitInputPixels: maxInputPixels }).rotate();
  const webpQuality = options.webpQuality ?? 80;
  const jpegQuality = options.jpegQuality ?? 80;
  const jobs: Array<{ name: string; format: ImageVariant['format']; pipeline: Sharp }> = variants.map((v) => ({
    name: v.name,
    format: 'webp',
    pipeline: resized(source, v.width).webp({ quality: webpQuality }),
  }));
  if (fallback) {
    jobs.push({
      name: fallback.name,
      format: 'jpeg',
      // JPEG has no alpha; without a background transparent areas would turn black.
      pipeline: resized(source, fallback.width).flatten({ background: '#ffffff' }).jpeg({ quality: jpegQuality }),
    });
  }
  const outputs = await decodeStep(() => Promise.all(jobs.map((job) => job.pipeline.toBuffer({ resolveWithObject: true }))));

  return {
    width: metadata.autoOrient.width,
    height: metadata.autoOrient.height,
    format: metadata.format,
    variants: jobs.map((job, i) => {
      const { data, info } = outputs[i]!;
      return { name: job.name, format: job.format, width: info.width, height: info.height, bytes: data };
    }),
  };
}

function resized(source: Sharp, width: number): Sharp {
  // Metadata is never copied: sharp writes none unless asked (keepExif/withMetadata), which is
  // how GPS coordinates in a phone photo stay out of what other users download.
  return source.clone().resize({ width, withoutEnlargement: true });
}

async function decodeStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof MediaError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/exceeds pixel limit/i.test(message)) {
      throw new MediaError('TOO_MANY_PIXELS', 'The image has more pixels than this site accepts.', { cause: error });
    }
    // A missing file is the caller's bug, not a bad upload: let it surface as what it is.
    if (/Input file is missing/i.test(message)) throw error;
    throw new MediaError('NOT_AN_IMAGE', 'The file is not an image this site can read.', { cause: error });
  }
}

function tooManyPixels(width: number, height: number, limit: number): MediaError {
  return new MediaError('TOO_MANY_PIXELS', `The image is ${width} × ${height} pixels; at most ${limit} pixels are accepted.`, {
    details: { width, height, maxPixels: limit },
  });
}

function checkVariants(variants: readonly ImageVariantSpec[]): void {
  if (variants.length === 0) throw new TypeError('processImage: at least one variant is required');
  const names = new Set<string>();
  for (const v of variants) {
    if (!Number.isInteger(v.width) || v.width <= 0) throw new TypeError(`processImage: variant "${v.name}" needs a positive integer width, got ${v.width}`);
    if (names.has(v.name)) throw new TypeError(`processImage: variant name "${v.name}" is used twice`);
    names.add(v.name);
  }
}

function fallbackVariant(variants: readonly ImageVariantSpec[], wanted: string | false | undefined): ImageVariantSpec | undefined {
  if (wanted === false) return undefined;
  if (wanted !== undefined) {
    const found = variants.find((v) => v.name === wanted);
    if (!found) throw new TypeError(`processImage: jpegFallback "${wanted}" is not one of the variants`);
    return found;
  }
  return variants.find((v) => v.name === 'medium') ?? variants.reduce((a, b) => (b.width > a.width ? b : a));
}

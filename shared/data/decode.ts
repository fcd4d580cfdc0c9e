/**
 * Any supported file → square 8-bit grayscale at the model's input size. Sniffs the content (not the
 * extension): DICOM Part-10 via `dicom.ts`, everything else via sharp (PNG, JPEG, TIFF, WebP…). Colour becomes
 * gray by the one Rec. 601 luma of `dicom-color.ts`, whatever the container.
 * Unusable files raise ValueError with a reason that becomes a SkipRecord.
 */
import sharp from 'sharp';
import { ValueError, errorMessage } from '../domain/errors.js';
import { luma601 } from './dicom-color.js';
import { isDicom, readDicom, type ViewPosition } from './dicom.js';

/** Options for decoding one file. */
export interface DecodeOptions {
  /** Output side length. @default 224 */
  readonly inputSize?: number;
  /** DICOM only: keep these ViewPosition values. @default undefined (keep all) */
  readonly viewPositions?: readonly ViewPosition[];
}

/** Which decoder handled a file. */
export type SourceFormat = 'dicom' | 'png' | 'jpeg' | 'other';

/** A decoded, resized grayscale image. */
export interface DecodedImage {
  readonly gray: Uint8Array;
  readonly size: number;
  readonly format: SourceFormat;
  /** Size before resizing. */
  readonly original: { readonly width: number; readonly height: number };
}

/** The container format by magic bytes. */
export function sniffFormat(bytes: Uint8Array): SourceFormat {
  if (isDicom(bytes)) return 'dicom';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return 'other';
}

/** Resizes an 8-bit gray raster to size×size (stretching, as Keras `load_img(target_size=...)` does). */
export async function resizeGray(gray: Uint8Array, width: number, height: number, size: number): Promise<Uint8Array> {
  if (width === size && height === size) return gray;
  const out = await sharp(gray, { raw: { width, height, channels: 1 } }).resize(size, size, { fit: 'fill', kernel: 'lanczos3' }).toColourspace('b-w').raw().toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** Decodes file bytes to a square grayscale image. @example await decodeImage(await readFile(p), { inputSize: 224 }) */
export async function decodeImage(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<DecodedImage> {
  const size = opts.inputSize ?? 224;
  if (bytes.length === 0) throw new ValueError('empty file');
  const format = sniffFormat(bytes);
  if (format === 'dicom') {
    const img = await readDicom(bytes, opts.viewPositions ? { viewPositions: opts.viewPositions } : {});
    return { gray: await resizeGray(img.gray, img.width, img.height, size), size, format, original: { width: img.width, height: img.height } };
  }
  try {
    const meta = await sharp(bytes).metadata();
    const original = { width: meta.width ?? 0, height: meta.height ?? 0 };
    if ((meta.channels ?? 1) >= 3) {
      // Colour: flatten alpha onto black, 8-bit sRGB display values, then the same Rec. 601 luma as DICOM colour.
      const { data, info } = await sharp(bytes, { failOn: 'truncated' }).flatten({ background: '#000000' }).toColourspace('srgb')
        .raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
      if (info.channels !== 3) throw new ValueError(`decoder returned ${info.channels} channels for a colour image`);
      const gray = new Uint8Array(info.width * info.height);
      for (let i = 0; i < gray.length; i++) gray[i] = luma601(data[i * 3] ?? 0, data[i * 3 + 1] ?? 0, data[i * 3 + 2] ?? 0);
      return { gray: await resizeGray(gray, info.width, info.height, size), size, format, original };
    }
    // Gray (with or without alpha): flatten alpha onto black, force 8-bit single channel.
    const pipeline = sharp(bytes, { failOn: 'truncated' }).flatten({ background: '#000000' }).grayscale();
    const { data, info } = await pipeline
      .resize(size, size, { fit: 'fill', kernel: 'lanczos3' })
      .toColourspace('b-w')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 1 || data.length !== size * size) throw new ValueError(`decoder returned ${info.channels} channels, ${data.length} bytes`);
    return { gray: new Uint8Array(data.buffer, data.byteOffset, data.length), size, format, original };
  } catch (err) {
    if (err instanceof ValueError) throw err;
    const msg = errorMessage(err);
    if (format === 'other') throw new ValueError(`not an image: unrecognised format (${msg})`, { cause: err });
    throw new ValueError(`${/truncat|premature|end of|corrupt/i.test(msg) ? 'truncated' : 'corrupt'} ${format.toUpperCase()}: ${msg}`, { cause: err });
  }
}

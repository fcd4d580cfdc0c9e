/**
 * Compressed DICOM frames → native pixel bytes, through one well-kept WebAssembly build: dcmjs-codecs
 * (libjpeg-turbo 8/12/16-bit incl. lossless, CharLS, OpenJPEG, OpenJPH, RLE), shipped inside the npm package.
 * Each call gets an exact copy of one frame's bytes and returns little-endian native samples plus the
 * photometric interpretation and planar configuration the codec says its output has.
 */
import { createRequire } from 'node:module';
import { ValueError, errorMessage } from '../domain/errors.js';
import type { PixelModule } from './dicom-header.js';
import type { SyntaxInfo } from './dicom-syntax.js';

/** A decoded frame in native layout. */
export interface NativeBytes {
  readonly bytes: Uint8Array;
  /** Photometric interpretation of `bytes` (a JPEG/J2K codec may have turned YBR into RGB). */
  readonly photometric: string;
  readonly planarConfiguration: number;
}

interface CodecContext {
  getDecodedBuffer(): Uint8Array | undefined;
  getPhotometricInterpretation(): string | undefined;
  getPlanarConfiguration(): number | undefined;
  getWidth(): number | undefined;
  getHeight(): number | undefined;
}
type Decode = (ctx: CodecContext, params?: Record<string, unknown>) => CodecContext;
interface DcmjsCodecs {
  NativeCodecs: {
    initializeAsync(opts?: { logCodecsInfo?: boolean; logCodecsTrace?: boolean }): Promise<void>;
    decodeRle: Decode;
    decodeJpeg: Decode;
    decodeJpegLs: Decode;
    decodeJpeg2000: Decode;
    decodeHtJpeg2000: Decode;
  };
  Context: new (attrs: Record<string, unknown>) => CodecContext;
}

const require = createRequire(import.meta.url);
let codecs: Promise<DcmjsCodecs> | undefined;

/** Loads and initialises the dcmjs-codecs WebAssembly once per process. */
export function loadCodecs(): Promise<DcmjsCodecs> {
  codecs ??= (async () => {
    const mod = require('dcmjs-codecs') as DcmjsCodecs & { log?: { setLevel(level: string): void } };
    mod.log?.setLevel('silent'); // --json output on stdout must stay clean
    await mod.NativeCodecs.initializeAsync({ logCodecsInfo: false, logCodecsTrace: false });
    return mod;
  })();
  return codecs;
}

function codecFor(mod: DcmjsCodecs, syntax: SyntaxInfo): Decode {
  const n = mod.NativeCodecs;
  switch (syntax.kind) {
    case 'rle': return n.decodeRle.bind(n);
    case 'jpeg': return n.decodeJpeg.bind(n);
    case 'jpeg-ls': return n.decodeJpegLs.bind(n);
    case 'jpeg2000': return n.decodeJpeg2000.bind(n);
    case 'htj2k': return n.decodeHtJpeg2000.bind(n);
    default: throw new ValueError(`no codec for transfer syntax ${syntax.uid} (${syntax.name})`, { field: 'TransferSyntaxUID' });
  }
}

/**
 * The multiple-component-transform flag of a JPEG 2000 codestream's COD marker (ISO 15444-1 A.6.1), or undefined
 * when the main header has none. With it set the decoder applies the inverse RCT/ICT and returns RGB.
 */
export function j2kUsesMct(frame: Uint8Array): boolean | undefined {
  let pos = -1;
  for (let i = 0; i + 3 < frame.length && i < 4096; i++) {
    if (frame[i] === 0xff && frame[i + 1] === 0x4f && frame[i + 2] === 0xff && frame[i + 3] === 0x51) {
      pos = i + 2;
      break;
    }
  }
  if (pos < 0) return undefined;
  while (pos + 4 <= frame.length) {
    const marker = ((frame[pos] ?? 0) << 8) | (frame[pos + 1] ?? 0);
    if (marker === 0xff90) return undefined; // first tile-part: the main header ended without COD
    if (marker === 0xff52) return (frame[pos + 8] ?? 0) !== 0;
    pos += 2 + (((frame[pos + 2] ?? 0) << 8) | (frame[pos + 3] ?? 0));
  }
  return undefined;
}

function outputPhotometric(syntax: SyntaxInfo, frame: Uint8Array, pm: PixelModule, reported: string | undefined): string {
  const said = (reported ?? pm.photometric).trim().toUpperCase();
  if ((syntax.kind !== 'jpeg2000' && syntax.kind !== 'htj2k') || (pm.photometric !== 'YBR_RCT' && pm.photometric !== 'YBR_ICT')) return said;
  // YBR_RCT/YBR_ICT name the transform inside the codestream; the decoder inverts it, so the samples are RGB.
  if (j2kUsesMct(frame) !== true) {
    throw new ValueError(`corrupt DICOM: ${pm.photometric} but the JPEG 2000 codestream has no multiple component transform`, { field: 'PhotometricInterpretation' });
  }
  return 'RGB';
}

function thrownMessage(err: unknown): string {
  return typeof err === 'string' || typeof err === 'number' ? String(err) : errorMessage(err);
}

/** Decodes one compressed frame. ValueError "corrupt DICOM: <syntax> frame failed to decode: …" on codec errors. */
export async function decodeFrame(syntax: SyntaxInfo, frame: Uint8Array, pm: PixelModule): Promise<NativeBytes> {
  const mod = await loadCodecs();
  const decode = codecFor(mod, syntax);
  // YBR colour JPEGs are converted to RGB by libjpeg; an RGB-labelled JPEG is left as coded.
  const params = syntax.kind === 'jpeg' ? { convertColorspaceToRgb: pm.photometric.startsWith('YBR') } : {};
  const ctx = new mod.Context({
    width: pm.columns, height: pm.rows, bitsAllocated: pm.bitsAllocated, bitsStored: pm.bitsStored,
    samplesPerPixel: pm.samplesPerPixel, pixelRepresentation: pm.signed ? 1 : 0, planarConfiguration: pm.planarConfiguration,
    photometricInterpretation: pm.photometric, encodedBuffer: new Uint8Array(frame),
  });
  let out: CodecContext;
  try {
    out = decode(ctx, params);
  } catch (err) {
    throw new ValueError(`corrupt DICOM: ${syntax.name} frame failed to decode: ${thrownMessage(err)}`, { cause: err });
  }
  const bytes = out.getDecodedBuffer();
  if (out.getWidth() !== pm.columns || out.getHeight() !== pm.rows) {
    throw new ValueError(`corrupt DICOM: ${syntax.name} frame is ${out.getWidth() ?? '?'}×${out.getHeight() ?? '?'}, header says ${pm.columns}×${pm.rows}`);
  }
  const need = pm.rows * pm.columns * pm.samplesPerPixel * (pm.bitsAllocated / 8);
  // A codestream whose component count or precision disagrees with the header is refused, never cut to fit.
  if (!bytes || bytes.length !== need) {
    const got = bytes?.length ?? 0;
    const hint = got === need * 3 ? ' (3 components; the header says 1 sample per pixel)' : got * 3 === need ? ' (1 component; the header says 3 samples per pixel)' : '';
    throw new ValueError(`corrupt DICOM: ${syntax.name} frame decoded to ${got} bytes, header needs ${need}${hint}`, { field: 'SamplesPerPixel' });
  }
  return {
    bytes: bytes.slice(),
    photometric: outputPhotometric(syntax, frame, pm, out.getPhotometricInterpretation()),
    planarConfiguration: out.getPlanarConfiguration() ?? pm.planarConfiguration,
  };
}

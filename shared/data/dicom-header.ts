/**
 * DICOM Part-10 bytes → a dicom-parser DataSet (deflated data sets inflated with node:zlib on the exact bytes)
 * and the Image Pixel module, validated: every combination of photometric interpretation, samples, bits and
 * transfer syntax this reader cannot render exactly is refused with a ValueError that names it.
 */
import { inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import { ValueError, errorMessage } from '../domain/errors.js';
import { readableSyntax, type SyntaxInfo, type SyntaxKind } from './dicom-syntax.js';

/** The Image Pixel module attributes the renderer needs. */
export interface PixelModule {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly photometric: string;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly signed: boolean;
  /** 0 = interleaved (R1G1B1R2…), 1 = planar (R…G…B…). */
  readonly planarConfiguration: number;
  readonly numberOfFrames: number;
}

/** True when the bytes carry the Part-10 "DICM" marker at offset 128. */
export function isDicom(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/** Message of whatever dicom-parser threw (strings, Errors or {exception, dataSet}). */
export function parserMessage(err: unknown): string {
  if (typeof err === 'string') return err;
  if (typeof err === 'object' && err !== null && 'exception' in err) return String(err.exception);
  return errorMessage(err);
}

// dicom-parser's own Node inflater calls Buffer#copy on its input, which fails on a plain Uint8Array: inflate the
// exact deflated bytes ourselves and hand back preamble + meta group + inflated data set, as dicom-parser expects.
function inflater(bytes: Uint8Array, position: number): Uint8Array {
  try {
    const inflated = inflateRawSync(bytes.subarray(position));
    const full = new Uint8Array(position + inflated.length);
    full.set(bytes.subarray(0, position), 0);
    full.set(inflated, position);
    return full;
  } catch (err) {
    throw new ValueError(`corrupt DICOM: deflated data set does not inflate: ${errorMessage(err)}`, { cause: err });
  }
}

/** Parses Part-10 bytes; ValueError "truncated DICOM: …" / "corrupt DICOM: …" otherwise. */
export function parseDicom(bytes: Uint8Array): dicomParser.DataSet {
  if (!isDicom(bytes)) throw new ValueError('not a DICOM Part-10 file (no DICM marker)');
  try {
    return dicomParser.parseDicom(bytes, { inflater } as dicomParser.ParseDicomOptions);
  } catch (err) {
    if (err instanceof ValueError) throw err;
    const msg = parserMessage(err);
    const truncated = /end of buffer|overread|overrun|past the end|beyond/i.test(msg);
    throw new ValueError(`${truncated ? 'truncated DICOM' : 'corrupt DICOM'}: ${msg}`, { cause: err });
  }
}

/** The transfer syntax of a parsed file (refused syntaxes throw their named reason). */
export function syntaxOf(ds: dicomParser.DataSet): SyntaxInfo {
  const uid = (ds.string('x00020010') ?? '').replace(/\0/g, '').trim();
  if (!uid) throw new ValueError('corrupt DICOM: no TransferSyntaxUID (0002,0010)', { field: 'TransferSyntaxUID' });
  return readableSyntax(uid);
}

// Photometric interpretations per syntax kind: anything else is refused (PS3.5 8.2 and the codecs' own limits).
const MONO = ['MONOCHROME1', 'MONOCHROME2'];
const ALLOWED: Readonly<Record<SyntaxKind, readonly string[]>> = {
  native: [...MONO, 'PALETTE COLOR', 'RGB', 'YBR_FULL', 'YBR_FULL_422'],
  deflated: [...MONO, 'PALETTE COLOR', 'RGB', 'YBR_FULL', 'YBR_FULL_422'],
  rle: [...MONO, 'PALETTE COLOR', 'RGB', 'YBR_FULL'],
  jpeg: [...MONO, 'PALETTE COLOR', 'RGB', 'YBR_FULL', 'YBR_FULL_422'],
  'jpeg-ls': [...MONO, 'PALETTE COLOR', 'RGB'],
  jpeg2000: [...MONO, 'PALETTE COLOR', 'RGB', 'YBR_RCT', 'YBR_ICT'],
  htj2k: [...MONO, 'PALETTE COLOR', 'RGB', 'YBR_RCT', 'YBR_ICT'],
  refused: [],
};

const LOSSLESS_JPEG = new Set(['1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70']);
const LOSSY = new Set(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.81', '1.2.840.10008.1.2.4.91', '1.2.840.10008.1.2.4.203']);

const SAMPLES: Readonly<Record<string, number>> = {
  MONOCHROME1: 1, MONOCHROME2: 1, 'PALETTE COLOR': 1, RGB: 3, YBR_FULL: 3, YBR_FULL_422: 3, YBR_RCT: 3, YBR_ICT: 3,
};

const SAMPLES_HELP = 'read: MONOCHROME1/2, PALETTE COLOR, RGB, YBR_FULL, YBR_FULL_422, YBR_RCT, YBR_ICT';

function refuse(what: string, field: string): never {
  throw new ValueError(`unsupported ${what}`, { field });
}

/** Reads and validates the Image Pixel module against the transfer syntax. */
export function pixelModule(ds: dicomParser.DataSet, syntax: SyntaxInfo): PixelModule {
  const rows = ds.uint16('x00280010') ?? 0;
  const columns = ds.uint16('x00280011') ?? 0;
  if (rows === 0 || columns === 0) throw new ValueError('corrupt DICOM: Rows/Columns missing or zero', { field: 'Rows' });
  const bitsAllocated = ds.uint16('x00280100') ?? 0;
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  const samplesPerPixel = ds.uint16('x00280002') ?? 1;
  const photometric = (ds.string('x00280004') ?? 'MONOCHROME2').trim().toUpperCase();
  const signed = ds.uint16('x00280103') === 1;
  const planarConfiguration = samplesPerPixel > 1 ? (ds.uint16('x00280006') ?? 0) : 0;
  const numberOfFrames = Math.max(1, Number.parseInt(ds.string('x00280008') ?? '1', 10) || 1);
  if (!ds.elements.x7fe00010) {
    if (ds.elements.x7fe00008 || ds.elements.x7fe00009) refuse('FloatPixelData/DoubleFloatPixelData (parametric maps are not radiographs)', 'PixelData');
    throw new ValueError('DICOM has no PixelData (7FE0,0010)', { field: 'PixelData' });
  }
  const expected = SAMPLES[photometric];
  if (expected === undefined) refuse(`photometric interpretation ${photometric} (${SAMPLES_HELP})`, 'PhotometricInterpretation');
  if (!ALLOWED[syntax.kind].includes(photometric)) refuse(`photometric interpretation ${photometric} with transfer syntax ${syntax.uid} (${syntax.name})`, 'PhotometricInterpretation');
  if (LOSSLESS_JPEG.has(syntax.uid) && photometric.startsWith('YBR')) refuse(`photometric interpretation ${photometric} with transfer syntax ${syntax.uid} (${syntax.name}): lossless JPEG is read as coded, without a colour transform`, 'PhotometricInterpretation');
  if (LOSSY.has(syntax.uid) && photometric === 'PALETTE COLOR') refuse(`photometric interpretation PALETTE COLOR with lossy transfer syntax ${syntax.uid} (${syntax.name}): palette indices do not survive lossy coding`, 'PhotometricInterpretation');
  if (samplesPerPixel !== expected) throw new ValueError(`corrupt DICOM: ${photometric} needs SamplesPerPixel ${expected}, header says ${samplesPerPixel}`, { field: 'SamplesPerPixel' });
  if (![1, 8, 16, 32].includes(bitsAllocated)) refuse(`BitsAllocated ${bitsAllocated} (1, 8, 16 or 32 are read)`, 'BitsAllocated');
  if (bitsStored < 1 || bitsStored > bitsAllocated) throw new ValueError(`corrupt DICOM: BitsStored ${bitsStored} with BitsAllocated ${bitsAllocated}`, { field: 'BitsStored' });
  if (bitsAllocated === 1 && (samplesPerPixel !== 1 || syntax.kind !== 'native' && syntax.kind !== 'deflated')) refuse(`BitsAllocated 1 with ${photometric} / ${syntax.name} (only native single-sample bit planes)`, 'BitsAllocated');
  if (bitsAllocated === 32 && (samplesPerPixel !== 1 || photometric === 'PALETTE COLOR' || syntax.kind !== 'native' && syntax.kind !== 'deflated')) {
    refuse(`BitsAllocated 32 with ${photometric} / ${syntax.name} (only native grayscale)`, 'BitsAllocated');
  }
  if (samplesPerPixel === 3 && bitsAllocated !== 8 && !(photometric === 'RGB' && bitsAllocated === 16)) refuse(`${photometric} with BitsAllocated ${bitsAllocated} (8-bit colour, or 16-bit RGB)`, 'BitsAllocated');
  if (photometric === 'PALETTE COLOR' && bitsAllocated !== 8 && bitsAllocated !== 16) refuse(`PALETTE COLOR with BitsAllocated ${bitsAllocated}`, 'BitsAllocated');
  if (photometric === 'YBR_FULL_422' && syntax.kind !== 'jpeg' && planarConfiguration !== 0) refuse('YBR_FULL_422 with PlanarConfiguration 1 (the standard requires 0)', 'PlanarConfiguration');
  if (planarConfiguration !== 0 && planarConfiguration !== 1) throw new ValueError(`corrupt DICOM: PlanarConfiguration ${planarConfiguration} (0 or 1)`, { field: 'PlanarConfiguration' });
  return { rows, columns, samplesPerPixel, photometric, bitsAllocated, bitsStored, signed, planarConfiguration, numberOfFrames };
}


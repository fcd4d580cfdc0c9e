/**
 * DICOM Part-10 → 8-bit grayscale display image: parse (`dicom-header.ts`), copy frame 0's bytes out
 * (`dicom-frame.ts`), decode them (native, or `dicom-codecs.ts`), unpack samples (`dicom-pixels.ts`), then either
 * the grayscale chain — Modality LUT, VOI, MONOCHROME1 inverted so bone is bright (`dicom-lut.ts`) — or the colour
 * chain — RGB / YBR / palette to one Rec. 601 luma (`dicom-color.ts`). What was read is returned as a report.
 */
import type dicomParser from 'dicom-parser';
import { FilteredOut } from '../domain/errors.js';
import { decodeFrame } from './dicom-codecs.js';
import { colourToGray, paletteToGray } from './dicom-color.js';
import { locateFrame0 } from './dicom-frame.js';
import { parseDicom, pixelModule, syntaxOf, type PixelModule } from './dicom-header.js';
import { applyModalityLut, applyVoi } from './dicom-lut.js';
import { storedFrame, type StoredFrame } from './dicom-pixels.js';
import type { SyntaxInfo } from './dicom-syntax.js';

export { isDicom } from './dicom-header.js';
export { applyWindow } from './dicom-lut.js';

/** Chest X-ray projection as recorded in ViewPosition (0018,5101). */
export type ViewPosition = 'PA' | 'AP' | 'LL' | 'RL' | 'LATERAL' | string;

/** Options for reading DICOM. */
export interface DicomReadOptions {
  /** Keep only these ViewPosition values (e.g. ['PA']); files without the tag are skipped too. @default undefined (keep all) */
  readonly viewPositions?: readonly ViewPosition[];
}

/** What was read from a file and how it was rendered (no patient identifiers). */
export interface DicomReport {
  readonly transferSyntax: string;
  readonly transferSyntaxName: string;
  readonly photometric: string;
  /** Photometric interpretation of the decoded bytes (a codec may turn YBR into RGB). */
  readonly decodedAs: string;
  readonly samplesPerPixel: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly signed: boolean;
  readonly planarConfiguration: number;
  readonly rows: number;
  readonly columns: number;
  readonly frame: string;
  /** Grayscale: Modality LUT applied; colour: "n/a (colour)". */
  readonly modalityLut: string;
  /** Grayscale: VOI applied; colour: the luma used. */
  readonly voi: string;
  readonly inverted: boolean;
}

/** A DICOM image reduced to 8-bit display values, plus what was read from the header. */
export interface DicomImage {
  readonly gray: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly transferSyntax: string;
  readonly photometric: string;
  readonly bitsStored: number;
  readonly viewPosition: string | undefined;
  readonly report: DicomReport;
}

const LUMA = 'Rec. 601 luma of display RGB (0.299 R + 0.587 G + 0.114 B)';

function render(ds: dicomParser.DataSet, pm: PixelModule, frame: StoredFrame, decodedAs: string): { gray: Uint8Array; modalityLut: string; voi: string; inverted: boolean } {
  if (pm.photometric === 'PALETTE COLOR') return { gray: paletteToGray(ds, pm, frame), modalityLut: 'n/a (colour)', voi: `palette → ${LUMA}`, inverted: false };
  if (frame.samples === 3) return { gray: colourToGray(frame, decodedAs, pm.bitsStored), modalityLut: 'n/a (colour)', voi: `${decodedAs} → ${LUMA}`, inverted: false };
  const modalityLut = applyModalityLut(ds, frame.values, pm.signed);
  const { gray, applied } = applyVoi(ds, frame.values, pm.signed);
  const inverted = pm.photometric === 'MONOCHROME1';
  if (inverted) for (let i = 0; i < gray.length; i++) gray[i] = 255 - (gray[i] ?? 0);
  return { gray, modalityLut, voi: applied, inverted };
}

/** Frame 0 of a file as stored values, with everything read on the way. */
export interface StoredDicomFrame {
  readonly ds: dicomParser.DataSet;
  readonly syntax: SyntaxInfo;
  readonly pm: PixelModule;
  readonly frame: StoredFrame;
  /** How frame 0 was located. */
  readonly how: string;
  /** Photometric interpretation of the decoded samples. */
  readonly decodedAs: string;
  readonly viewPosition: string | undefined;
}

/** Parses, locates and decodes frame 0 to stored values (before any LUT). Throws ValueError naming what is wrong. */
export async function decodeStoredFrame(bytes: Uint8Array, opts: DicomReadOptions = {}): Promise<StoredDicomFrame> {
  const ds = parseDicom(bytes);
  const syntax = syntaxOf(ds);
  const viewPosition = ds.string('x00185101')?.trim().toUpperCase() || undefined;
  if (opts.viewPositions && !opts.viewPositions.map((v) => v.toUpperCase()).includes(viewPosition ?? '')) {
    throw new FilteredOut(`filtered: ViewPosition ${viewPosition ?? 'missing'} not in [${opts.viewPositions.join(', ')}]`);
  }
  const pm = pixelModule(ds, syntax);
  const located = locateFrame0(ds, syntax.kind, pm);
  const native = syntax.kind === 'native' || syntax.kind === 'deflated'
    ? { bytes: located.bytes, photometric: pm.photometric, planarConfiguration: pm.planarConfiguration }
    : await decodeFrame(syntax, located.bytes, pm);
  const littleEndian = syntax.uid !== '1.2.840.10008.1.2.2';
  const values = syntax.kind === 'jpeg2000' || syntax.kind === 'htj2k' ? 'clamp' : 'mask';
  const frame = storedFrame(native.bytes, pm, { photometric: native.photometric, planar: native.planarConfiguration, littleEndian, values });
  return { ds, syntax, pm, frame, how: located.how, decodedAs: native.photometric, viewPosition };
}

/** Reads a DICOM Part-10 file's first frame as an 8-bit display image. Throws ValueError naming what is wrong. */
export async function readDicom(bytes: Uint8Array, opts: DicomReadOptions = {}): Promise<DicomImage> {
  const { ds, syntax, pm, frame, how, decodedAs, viewPosition } = await decodeStoredFrame(bytes, opts);
  const { gray, modalityLut, voi, inverted } = render(ds, pm, frame, decodedAs);
  const report: DicomReport = {
    transferSyntax: syntax.uid, transferSyntaxName: syntax.name, photometric: pm.photometric, decodedAs,
    samplesPerPixel: pm.samplesPerPixel, bitsAllocated: pm.bitsAllocated, bitsStored: pm.bitsStored, signed: pm.signed,
    planarConfiguration: pm.planarConfiguration, rows: pm.rows, columns: pm.columns, frame: how, modalityLut, voi, inverted,
  };
  return { gray, width: pm.columns, height: pm.rows, transferSyntax: syntax.uid, photometric: pm.photometric, bitsStored: pm.bitsStored, viewPosition, report };
}

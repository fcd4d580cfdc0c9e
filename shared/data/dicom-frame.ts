/**
 * Locates the bytes of frame 0 — and only frame 0 — in a DICOM PixelData element, as an exact copy (never a
 * view into the file's Buffer, so a codec cannot see neighbouring bytes). Native data is cut at the frame size;
 * encapsulated data follows PS3.5 A.4: the Extended Offset Table, else the Basic Offset Table, else the
 * fragment rules (one frame → all fragments; as many fragments as frames → one each; otherwise a new frame
 * starts at a fragment that opens with the codec's start marker). Fragments are never concatenated across frames.
 */
import type dicomParser from 'dicom-parser';
import { ValueError } from '../domain/errors.js';
import type { PixelModule } from './dicom-header.js';
import type { SyntaxKind } from './dicom-syntax.js';

/** Frame 0's bytes and how they were found. */
export interface LocatedFrame {
  readonly bytes: Uint8Array;
  /** Human description for `fedcxr inspect`, e.g. "frame 0 of 3 by basic offset table (fragments 0–1 of 4)". */
  readonly how: string;
}

/** Bytes of one native frame (BitsAllocated 1 packs 8 pixels a byte; YBR_FULL_422 stores 2 samples a pixel). */
export function nativeFrameLength(pm: PixelModule): number {
  const pixels = pm.rows * pm.columns;
  if (pm.bitsAllocated === 1) return Math.ceil(pixels / 8);
  const samples = pm.photometric === 'YBR_FULL_422' ? 2 : pm.samplesPerPixel;
  return pixels * samples * (pm.bitsAllocated / 8);
}

function nativeFrame(ds: dicomParser.DataSet, el: dicomParser.Element, pm: PixelModule): LocatedFrame {
  const need = nativeFrameLength(pm);
  const available = Math.max(0, Math.min(el.length, ds.byteArray.length - el.dataOffset));
  if (available < need) throw new ValueError(`truncated DICOM: pixel data has ${available} bytes, frame 0 needs ${need}`, { field: 'PixelData' });
  // Bit-packed frames follow each other without byte alignment, so the total is counted in bits.
  const total = pm.bitsAllocated === 1 ? Math.ceil((pm.rows * pm.columns * pm.numberOfFrames) / 8) : need * pm.numberOfFrames;
  if (available < total) {
    throw new ValueError(`truncated DICOM: pixel data has ${available} bytes, ${pm.numberOfFrames} frames need ${total}`, { field: 'PixelData' });
  }
  const bytes = new Uint8Array(ds.byteArray.subarray(el.dataOffset, el.dataOffset + need));
  return { bytes, how: `frame 0 of ${pm.numberOfFrames} (native)` };
}

function startsFrame(kind: SyntaxKind, b: Uint8Array, at: number): boolean {
  const [b0, b1, b2, b3] = [b[at], b[at + 1], b[at + 2], b[at + 3]];
  if (kind === 'jpeg' || kind === 'jpeg-ls') return b0 === 0xff && b1 === 0xd8;
  if (kind === 'jpeg2000' || kind === 'htj2k') return (b0 === 0xff && b1 === 0x4f && b2 === 0xff && b3 === 0x51) || (b0 === 0 && b1 === 0 && b2 === 0 && b3 === 0x0c);
  return false; // RLE: one fragment per frame (PS3.5 G.2), never found by marker.
}

function readExtendedOffsets(ds: dicomParser.DataSet): number[] | undefined {
  const el = ds.elements.x7fe00001;
  if (!el || el.length < 8) return undefined;
  const view = new DataView(ds.byteArray.buffer, ds.byteArray.byteOffset + el.dataOffset, el.length);
  return Array.from({ length: el.length / 8 }, (_, i) => Number(view.getBigUint64(i * 8, true)));
}

function fragmentRange(el: dicomParser.Element, kind: SyntaxKind, pm: PixelModule, ds: dicomParser.DataSet): { first: number; count: number; rule: string } {
  const fragments = el.fragments ?? [];
  const frames = pm.numberOfFrames;
  const table = readExtendedOffsets(ds) ?? el.basicOffsetTable ?? [];
  if (table.length > 0) {
    const rule = ds.elements.x7fe00001 ? 'extended offset table' : 'basic offset table';
    if (table.length !== frames) throw new ValueError(`corrupt DICOM: ${rule} has ${table.length} entries for ${frames} frames`, { field: 'PixelData' });
    const start = table[0] ?? 0;
    const end = frames > 1 ? (table[1] ?? Infinity) : Infinity;
    const first = fragments.findIndex((f) => f.offset === start);
    if (first < 0) throw new ValueError(`corrupt DICOM: ${rule} points at offset ${start}, where no fragment starts`, { field: 'PixelData' });
    let count = 0;
    while (first + count < fragments.length && (fragments[first + count]?.offset ?? Infinity) < end) count++;
    return { first, count, rule };
  }
  if (frames === 1) return { first: 0, count: fragments.length, rule: 'single frame: all fragments' };
  if (fragments.length === frames) return { first: 0, count: 1, rule: 'one fragment per frame' };
  if (kind === 'rle') throw new ValueError(`corrupt DICOM: RLE needs one fragment per frame, found ${fragments.length} fragments for ${frames} frames`, { field: 'PixelData' });
  const bytes = ds.byteArray;
  if (!fragments[0] || !startsFrame(kind, bytes, fragments[0].position)) throw new ValueError('corrupt DICOM: the first fragment does not start a codestream', { field: 'PixelData' });
  const next = fragments.findIndex((f, i) => i > 0 && startsFrame(kind, bytes, f.position));
  if (next < 0) throw new ValueError(`corrupt DICOM: ${frames} frames but no fragment after the first starts a new codestream`, { field: 'PixelData' });
  return { first: 0, count: next, rule: 'fragment start markers' };
}

// JPEG, JPEG-LS and JPEG 2000 codestreams end with FFD9 (EOI / EOC); a frame cut short inside a well-formed
// container would otherwise be decoded with its missing rows silently filled in, or not looked at at all.
function assertCodestreamEnd(kind: SyntaxKind, bytes: Uint8Array, last: dicomParser.Fragment | undefined, what: string): void {
  if (kind === 'rle' || !last) return;
  let end = last.position + last.length;
  while (end > last.position && bytes[end - 1] === 0x00 && last.position + last.length - end < 16) end--; // even-length padding
  if (bytes[end - 2] !== 0xff || bytes[end - 1] !== 0xd9) {
    throw new ValueError(`truncated DICOM: the codestream of ${what} ends without its end marker (FFD9)`, { field: 'PixelData' });
  }
}

// An RLE frame starts with a 64-byte header: segment count, then 15 offsets (PS3.5 G.3.1). A count that disagrees
// with the pixel module (one segment per byte of each sample) means the frame cannot be what the header says.
function assertRleHeader(frame: Uint8Array, pm: PixelModule): void {
  const need = pm.samplesPerPixel * Math.ceil(pm.bitsAllocated / 8);
  if (frame.length < 64) throw new ValueError(`corrupt DICOM: RLE frame has ${frame.length} bytes, less than its 64-byte header`, { field: 'PixelData' });
  const view = new DataView(frame.buffer, frame.byteOffset, 64);
  const segments = view.getUint32(0, true);
  if (segments !== need) throw new ValueError(`corrupt DICOM: RLE header declares ${segments} segments, the pixel module needs ${need}`, { field: 'PixelData' });
  for (let k = 0; k < segments; k++) {
    const at = view.getUint32(4 + 4 * k, true);
    const prev = k === 0 ? 0 : view.getUint32(4 * k, true);
    if (at < 64 || at <= prev || at >= frame.length) throw new ValueError(`corrupt DICOM: RLE segment ${k + 1} offset ${at} is outside the frame`, { field: 'PixelData' });
  }
}

function encapsulatedFrame(ds: dicomParser.DataSet, el: dicomParser.Element, kind: SyntaxKind, pm: PixelModule): LocatedFrame {
  const fragments = el.fragments ?? [];
  if (fragments.length === 0) throw new ValueError('corrupt DICOM: encapsulated pixel data has no fragments', { field: 'PixelData' });
  // A file cut inside any frame is refused, even though only frame 0 is decoded: the export is damaged.
  fragments.forEach((f, i) => {
    if (f.position + f.length > ds.byteArray.length) {
      throw new ValueError(`truncated DICOM: fragment ${i + 1} of ${fragments.length} runs past the end of the file`, { field: 'PixelData' });
    }
  });
  const { first, count, rule } = fragmentRange(el, kind, pm, ds);
  if (count >= 1) {
    assertCodestreamEnd(kind, ds.byteArray, fragments[first + count - 1], 'frame 0');
    if (pm.numberOfFrames > 1) assertCodestreamEnd(kind, ds.byteArray, fragments[fragments.length - 1], `the last frame (${pm.numberOfFrames})`);
  }
  if (count < 1) throw new ValueError(`corrupt DICOM: frame 0 has no fragments (${rule})`, { field: 'PixelData' });
  const chosen = fragments.slice(first, first + count);
  const bytes = new Uint8Array(chosen.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of chosen) {
    bytes.set(ds.byteArray.subarray(f.position, f.position + f.length), at);
    at += f.length;
  }
  if (kind === 'rle') assertRleHeader(bytes, pm);
  const span = count === 1 ? `fragment ${first + 1}` : `fragments ${first + 1}–${first + count}`;
  return { bytes, how: `frame 0 of ${pm.numberOfFrames} by ${rule} (${span} of ${fragments.length})` };
}

/** Copies frame 0's bytes out of the PixelData element. */
export function locateFrame0(ds: dicomParser.DataSet, kind: SyntaxKind, pm: PixelModule): LocatedFrame {
  const el = ds.elements.x7fe00010;
  if (!el) throw new ValueError('DICOM has no PixelData (7FE0,0010)', { field: 'PixelData' });
  const encapsulated = el.encapsulatedPixelData === true;
  if (kind === 'native' || kind === 'deflated') {
    if (encapsulated) throw new ValueError('corrupt DICOM: encapsulated pixel data under a native transfer syntax', { field: 'PixelData' });
    return nativeFrame(ds, el, pm);
  }
  if (!encapsulated) throw new ValueError('corrupt DICOM: native pixel data under a compressed transfer syntax', { field: 'PixelData' });
  return encapsulatedFrame(ds, el, kind, pm);
}

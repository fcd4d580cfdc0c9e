/**
 * DICOM transfer syntaxes: which ones fedcxr reads, how (native bytes, deflate, or a codec of dcmjs-codecs), and
 * the named reason for the ones it refuses. One table, used by the reader, `fedcxr inspect` and docs/data.md.
 */
import { ValueError } from '../domain/errors.js';

/** How the pixel data of a syntax is read. */
export type SyntaxKind = 'native' | 'deflated' | 'rle' | 'jpeg' | 'jpeg-ls' | 'jpeg2000' | 'htj2k' | 'refused';

/** One transfer syntax row. */
export interface SyntaxInfo {
  readonly uid: string;
  readonly name: string;
  readonly kind: SyntaxKind;
  /** Why a refused syntax is refused. */
  readonly refusal?: string;
}

const row = (uid: string, name: string, kind: SyntaxKind, refusal?: string): SyntaxInfo => ({ uid, name, kind, ...(refusal ? { refusal } : {}) });

const VIDEO = 'video (MPEG/H.264/H.265) is not a radiograph format; export the study as single images';
const JPEG_XL = 'JPEG XL is not decoded here (too new for PACS exports of chest radiographs; no conformance fixtures)';
const MULTI = 'JPEG 2000 Part 2 multi-component transforms are not decoded';
const HIER = 'hierarchical / arithmetic-coded JPEG processes are retired and not decoded';

/** Every transfer syntax fedcxr names, keyed by UID. */
export const TRANSFER_SYNTAXES: ReadonlyMap<string, SyntaxInfo> = new Map(
  [
    row('1.2.840.10008.1.2', 'Implicit VR Little Endian', 'native'),
    row('1.2.840.10008.1.2.1', 'Explicit VR Little Endian', 'native'),
    row('1.2.840.10008.1.2.2', 'Explicit VR Big Endian', 'native'),
    row('1.2.840.10008.1.2.1.99', 'Deflated Explicit VR Little Endian', 'deflated'),
    row('1.2.840.10008.1.2.5', 'RLE Lossless', 'rle'),
    row('1.2.840.10008.1.2.4.50', 'JPEG Baseline (Process 1)', 'jpeg'),
    row('1.2.840.10008.1.2.4.51', 'JPEG Extended (Process 2 & 4)', 'jpeg'),
    row('1.2.840.10008.1.2.4.57', 'JPEG Lossless, Non-Hierarchical (Process 14)', 'jpeg'),
    row('1.2.840.10008.1.2.4.70', 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])', 'jpeg'),
    row('1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless', 'jpeg-ls'),
    row('1.2.840.10008.1.2.4.81', 'JPEG-LS Near-Lossless', 'jpeg-ls'),
    row('1.2.840.10008.1.2.4.90', 'JPEG 2000 Image Compression (Lossless Only)', 'jpeg2000'),
    row('1.2.840.10008.1.2.4.91', 'JPEG 2000 Image Compression', 'jpeg2000'),
    row('1.2.840.10008.1.2.4.201', 'High-Throughput JPEG 2000 (Lossless Only)', 'htj2k'),
    row('1.2.840.10008.1.2.4.202', 'High-Throughput JPEG 2000 with RPCL Options (Lossless Only)', 'htj2k'),
    row('1.2.840.10008.1.2.4.203', 'High-Throughput JPEG 2000', 'htj2k'),
    row('1.2.840.10008.1.2.4.52', 'JPEG Extended (Process 3 & 5) (retired)', 'refused', HIER),
    row('1.2.840.10008.1.2.4.53', 'JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8) (retired)', 'refused', HIER),
    row('1.2.840.10008.1.2.4.55', 'JPEG Full Progression, Non-Hierarchical (Process 10 & 12) (retired)', 'refused', HIER),
    row('1.2.840.10008.1.2.4.92', 'JPEG 2000 Part 2 Multi-component (Lossless Only)', 'refused', MULTI),
    row('1.2.840.10008.1.2.4.93', 'JPEG 2000 Part 2 Multi-component', 'refused', MULTI),
    row('1.2.840.10008.1.2.4.100', 'MPEG2 Main Profile / Main Level', 'refused', VIDEO),
    row('1.2.840.10008.1.2.4.101', 'MPEG2 Main Profile / High Level', 'refused', VIDEO),
    row('1.2.840.10008.1.2.4.102', 'MPEG-4 AVC/H.264 High Profile / Level 4.1', 'refused', VIDEO),
    row('1.2.840.10008.1.2.4.103', 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1', 'refused', VIDEO),
    row('1.2.840.10008.1.2.4.104', 'MPEG-4 AVC/H.264 High Profile For 2D Video', 'refused', VIDEO),
    row('1.2.840.10008.1.2.4.105', 'MPEG-4 AVC/H.264 High Profile For 3D Video', 'refused', VIDEO),
    row('1.2.840.10008.1.2.4.106', 'MPEG-4 AVC/H.264 Stereo High Profile', 'refused', VIDEO),
    row('1.2.840.10008.1.2.4.107', 'HEVC/H.265 Main Profile / Level 5.1', 'refused', VIDEO),
    row('1.2.840.10008.1.2.4.108', 'HEVC/H.265 Main 10 Profile / Level 5.1', 'refused', VIDEO),
    row('1.2.840.10008.1.2.4.110', 'JPEG XL Lossless', 'refused', JPEG_XL),
    row('1.2.840.10008.1.2.4.111', 'JPEG XL JPEG Recompression', 'refused', JPEG_XL),
    row('1.2.840.10008.1.2.4.112', 'JPEG XL', 'refused', JPEG_XL),
    row('1.2.840.10008.1.2.4.94', 'JPIP Referenced', 'refused', 'pixel data is held on a JPIP server, not in the file'),
    row('1.2.840.10008.1.2.4.95', 'JPIP Referenced Deflate', 'refused', 'pixel data is held on a JPIP server, not in the file'),
  ].map((r) => [r.uid, r]),
);

/** Human name of a transfer syntax UID ("unknown" if not in the table). */
export function transferSyntaxName(uid: string): string {
  return TRANSFER_SYNTAXES.get(uid)?.name ?? 'unknown';
}

/** The syntax row for `uid`, or a ValueError "unsupported transfer syntax <UID> (<name>): <reason>". */
export function readableSyntax(uid: string): SyntaxInfo {
  const info = TRANSFER_SYNTAXES.get(uid);
  if (info && info.kind !== 'refused') return info;
  const why = info?.refusal ?? 'not a transfer syntax this reader knows';
  throw new ValueError(`unsupported transfer syntax ${uid} (${transferSyntaxName(uid)}): ${why}`, { field: 'TransferSyntaxUID' });
}

/** True when the pixel data of this syntax is encapsulated (compressed fragments). */
export function isEncapsulated(kind: SyntaxKind): boolean {
  return kind !== 'native' && kind !== 'deflated';
}

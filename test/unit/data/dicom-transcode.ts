/**
 * Test-side encoders that need no Debian tool: dcmjs-codecs' Transcoder (its own RLE, JPEG-LS, JPEG 2000 and
 * HTJ2K encoders) turns a native Part-10 file into a compressed one; `firstFragment` pulls a codestream back out
 * so it can be rewrapped under another header.
 */
import { createRequire } from 'node:module';
import dicomParser from 'dicom-parser';

interface Transcoder {
  transcode(uid: string): void;
  getDicomPart10(): ArrayBuffer;
}

const require = createRequire(import.meta.url);

/** Native Part-10 bytes → the same image in transfer syntax `uid`. */
export async function transcode(native: Uint8Array, uid: string): Promise<Uint8Array> {
  const { Transcoder, NativeCodecs } = require('dcmjs-codecs') as {
    Transcoder: new (b: ArrayBuffer) => Transcoder;
    NativeCodecs: { isInitialized(): boolean; initializeAsync(): Promise<void> };
  };
  if (!NativeCodecs.isInitialized()) await NativeCodecs.initializeAsync();
  // The Transcoder parses with its own (nested) dcmjs, which warns about the palette descriptor's US/SS VR.
  const dcmjs = createRequire(require.resolve('dcmjs-codecs'))('dcmjs') as { log?: { getLogger(name: string): { setLevel(level: string): void } } };
  dcmjs.log?.getLogger('validation.dcmjs').setLevel('silent');
  const t = new Transcoder(native.buffer.slice(native.byteOffset, native.byteOffset + native.byteLength) as ArrayBuffer);
  t.transcode(uid);
  return new Uint8Array(t.getDicomPart10());
}

/** The first encapsulated fragment of a compressed Part-10 file (a whole codestream for single-fragment files). */
export function firstFragment(file: Uint8Array): Uint8Array {
  const ds = dicomParser.parseDicom(file);
  const f = ds.elements.x7fe00010?.fragments?.[0];
  if (!f) throw new Error('no encapsulated fragment');
  return file.slice(f.position, f.position + f.length);
}

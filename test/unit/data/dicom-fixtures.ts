/**
 * Conformance fixtures made at test time: native Part-10 files with known pixels (written by `dicom-writer.ts`),
 * compressed by independent encoders — DCMTK (dcmcjpeg, dcmcrle, dcmcjpls) and GDCM (gdcmconv) from Debian,
 * installed by `.ci/run` — and decoded back by the same tools for lossy references. A missing tool is reported
 * by name so the tests that need it skip with that reason.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u16le, writeDicom, type El, type ImageSpec } from './dicom-writer.js';

export const EXPLICIT_LE = '1.2.840.10008.1.2.1';
export const W = 64;
export const H = 48;

/** 12-bit gray with edges and texture (so lossless codecs are exercised on every difference size). */
export const GRAY12 = Array.from({ length: W * H }, (_, i) => {
  const x = i % W;
  const y = Math.floor(i / W);
  return (x * 61 + y * 37 + ((x * y) % 7) * 300 + (x > 40 ? 1500 : 0)) % 4096;
});
/** 8-bit gray. */
export const GRAY8 = Uint8Array.from(GRAY12, (v) => v >> 4);
/** 8-bit RGB, interleaved, smooth enough for JPEG chroma subsampling and with distinct channels. */
export const RGB8 = Uint8Array.from({ length: W * H * 3 }, (_, k) => {
  const i = Math.floor(k / 3);
  const c = k % 3;
  const x = i % W;
  const y = Math.floor(i / W);
  return c === 0 ? (x * 4) & 0xff : c === 1 ? (y * 5) & 0xff : ((x + y) * 2) & 0xff;
});

// GDCM derives new UIDs when it compresses lossily, so the fixtures carry SOP Class/Instance UIDs (made up).
const SOP: readonly El[] = [
  { tag: [0x0008, 0x0016], vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.1' },
  { tag: [0x0008, 0x0018], vr: 'UI', value: '1.2.3.4.5.6.7' },
];

/** Native single-frame specs of the fixture images. */
export const NATIVE: Readonly<Record<'gray12' | 'gray8' | 'rgb8', ImageSpec>> = {
  gray12: { transferSyntax: EXPLICIT_LE, rows: H, columns: W, bitsAllocated: 16, bitsStored: 12, pixels: u16le(GRAY12), extra: SOP },
  gray8: { transferSyntax: EXPLICIT_LE, rows: H, columns: W, bitsAllocated: 8, bitsStored: 8, pixels: GRAY8, extra: SOP },
  rgb8: { transferSyntax: EXPLICIT_LE, rows: H, columns: W, bitsAllocated: 8, bitsStored: 8, samplesPerPixel: 3, photometric: 'RGB', pixels: RGB8, extra: SOP },
};

/** Multi-frame native spec: `frames` copies of gray12, frame k offset by 100·k. */
export function multiFrame12(frames: number, extra: readonly El[] = []): ImageSpec {
  const all = Array.from({ length: frames }, (_, k) => GRAY12.map((v) => (v + 100 * k) % 4096)).flat();
  return { ...NATIVE.gray12, frames, pixels: u16le(all), extra: [...SOP, ...extra] };
}

/** Why a tool cannot be used here, or undefined when it runs. */
export function missingTool(name: string): string | undefined {
  const r = spawnSync(name, ['--version'], { encoding: 'utf8' });
  return r.error ? `${name} not installed (apt-get install ${name.startsWith('gdcm') ? 'libgdcm-tools' : 'dcmtk'}; .ci/run does)` : undefined;
}

/** A scratch folder for one test file's fixtures. */
export function fixtureDir(): string {
  return mkdtempSync(join(tmpdir(), 'fedcxr-dicom-'));
}

/** Removes a fixture folder made by `fixtureDir`. */
export function removeFixtureDir(dir: string): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Writes a native file; returns its path. */
export function writeNative(dir: string, name: string, spec: ImageSpec): string {
  const path = join(dir, `${name}.dcm`);
  writeFileSync(path, writeDicom(spec));
  return path;
}

/** Runs `tool args… in out`; throws with the tool's stderr on failure. Returns `out`. */
export function run(tool: string, args: readonly string[], input: string, output: string): string {
  const r = spawnSync(tool, [...args, input, output], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return output;
}

/** The file's bytes as the pipeline sees them: a Node Buffer from the disk. */
export function readBuffer(path: string): Buffer {
  return readFileSync(path);
}

/**
 * `fedcxr inspect FILE|DIR…`: for each file of an export, what the reader would do — transfer syntax,
 * photometric interpretation, bits, frame used, LUTs applied — or the exact reason it is refused. Prints no
 * patient identifiers: only pixel-module facts leave this command (the file paths are the ones you gave).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ValueError, errorMessage } from '../../shared/domain/errors.js';
import { decodeImage, sniffFormat } from '../../shared/data/decode.js';
import { readDicom, type DicomReport } from '../../shared/data/dicom.js';

/** One inspected file. */
export type InspectResult =
  | { readonly file: string; readonly ok: true; readonly format: 'dicom'; readonly report: DicomReport }
  | { readonly file: string; readonly ok: true; readonly format: string; readonly width: number; readonly height: number }
  | { readonly file: string; readonly ok: false; readonly format: string; readonly reason: string };

/** Reads one file and says what the data pipeline makes of it. */
export async function inspectFile(file: string): Promise<InspectResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    return { file, ok: false, format: 'unreadable', reason: `unreadable file: ${errorMessage(err)}` };
  }
  const format = sniffFormat(bytes);
  try {
    if (format === 'dicom') return { file, ok: true, format, report: (await readDicom(bytes)).report };
    const img = await decodeImage(bytes, { inputSize: 8 });
    return { file, ok: true, format, width: img.original.width, height: img.original.height };
  } catch (err) {
    const reason = err instanceof ValueError ? err.message : `unexpected ${err instanceof Error ? err.name : 'error'}: ${errorMessage(err)}`;
    return { file, ok: false, format, reason };
  }
}

/** Files under the given paths: files as given, directories walked recursively in sorted order. */
export async function expandPaths(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const s = await stat(p).catch(() => undefined);
    if (!s?.isDirectory()) {
      out.push(p);
      continue;
    }
    const entries = (await readdir(p)).sort();
    out.push(...(await expandPaths(entries.map((e) => join(p, e)))));
  }
  return out;
}

/** Human-readable block for one result. */
export function formatResult(r: InspectResult): string {
  if (!r.ok) return `${r.file}: REFUSED (${r.format}): ${r.reason}\n`;
  if (!('report' in r)) return `${r.file}: ok (${r.format.toUpperCase()}, ${r.width}×${r.height}, decoded by sharp)\n`;
  const d = r.report;
  const lines = [
    `${r.file}: ok (DICOM, ${d.columns}×${d.rows})`,
    `  transfer syntax  ${d.transferSyntax} (${d.transferSyntaxName})`,
    `  photometric      ${d.photometric}${d.decodedAs !== d.photometric ? ` (decoded as ${d.decodedAs})` : ''}, ${d.samplesPerPixel} sample${d.samplesPerPixel > 1 ? `s, planar configuration ${d.planarConfiguration}` : ''}`,
    `  bits             ${d.bitsAllocated} allocated, ${d.bitsStored} stored, ${d.signed ? 'signed' : 'unsigned'}`,
    `  frame            ${d.frame}`,
    `  modality LUT     ${d.modalityLut}`,
    `  VOI / colour     ${d.voi}`,
    `  inverted         ${d.inverted ? 'yes (MONOCHROME1: bone made bright)' : 'no'}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Registers `fedcxr inspect`. */
export function register(program: Command): void {
  program
    .command('inspect')
    .description('say how each DICOM/PNG/JPEG file of an export would be read (syntax, photometric, bits, frame, LUTs) or why it is refused')
    .argument('<paths...>', 'files or folders (folders are walked recursively)')
    .option('--json', 'one JSON object per file on its own line')
    .action(async (paths: string[], opts: { json?: boolean }) => {
      const files = await expandPaths(paths);
      let refused = 0;
      for (const file of files) {
        const r = await inspectFile(file);
        if (!r.ok) refused++;
        process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : formatResult(r));
      }
      if (!opts.json) process.stdout.write(`${files.length} file${files.length === 1 ? '' : 's'}: ${files.length - refused} readable, ${refused} refused\n`);
    });
}

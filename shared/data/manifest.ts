/**
 * Where images are and what they are: a CSV manifest (`path,label,institution,split[,patient]`, paths relative to
 * the CSV) or class folders (`ROOT/NORMAL/*.jpeg`, `ROOT/PNEUMONIA/*.jpeg`, …). Labels are strings here; a label
 * map turns them into 0/1. Patient ids come from a column or from the file name (Kermany rules).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ConfigError, ValueError } from '../domain/errors.js';
import { SPLITS, type Split } from '../domain/kinds.js';

/** One image listed by a manifest. */
export interface ManifestEntry {
  /** Absolute path. */
  readonly path: string;
  /** Label as written (e.g. "NORMAL", "NF", "PNEUMOCONIOSIS"). */
  readonly label: string;
  /** Institution / site the image comes from. @default the folder or CSV name */
  readonly institution: string;
  /** Split given by the manifest, if any. */
  readonly split?: Split;
  readonly patient: string;
  /** Row (CSV, 1-based, header = row 1) or file name, for error messages. */
  readonly where: string;
  /** True when the manifest marks the row as a generated phantom. @default false */
  readonly synthetic?: boolean;
}

/** Label string → class. */
export type LabelMap = Readonly<Record<string, 0 | 1>>;

/** The labels fedcxr knows out of the box (NIOSH "NF" = no finding). */
export const DEFAULT_LABEL_MAP: LabelMap = { NORMAL: 0, NF: 0, 'NO FINDING': 0, PNEUMONIA: 1, PNEUMOCONIOSIS: 1 };

const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg', '.dcm', '.dicom', '.tif', '.tiff', '.webp', '']);

/**
 * Patient id from a file name. Kermany: `person1234_bacteria_5.jpeg` → `person1234`, `IM-0115-0001.jpeg` →
 * `IM-0115`, `NORMAL2-IM-0123-0001.jpeg` → `NORMAL2-IM-0123`; anything else → the file name without extension.
 */
export function patientFromFilename(file: string): string {
  const name = basename(file);
  const m = /^(person\d+)_/i.exec(name) ?? /^(NORMAL2-IM-\d+)-/i.exec(name) ?? /^(IM-\d+)-/i.exec(name);
  return m?.[1] ?? name.slice(0, name.length - extname(name).length);
}

/** The class of a label, or a ValueError naming where the label was found and the known labels. */
export function mapLabel(label: string, map: LabelMap, where: string): 0 | 1 {
  const v = map[label] ?? map[label.trim().toUpperCase()];
  if (v === undefined) {
    throw new ValueError(`${where}: unknown label "${label}"; the label map knows ${Object.keys(map).join(', ')}`, { field: 'label' });
  }
  return v;
}

/** Splits one CSV line (RFC 4180 quoting: "a,b" and doubled quotes). */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/** Reads a CSV manifest. Required columns: path, label; optional: institution, split, patient, synthetic. */
export async function readCsvManifest(csvPath: string): Promise<ManifestEntry[]> {
  const text = await readFile(csvPath, 'utf8');
  const lines = text.split(/\r?\n/);
  const header = parseCsvLine(lines[0] ?? '').map((h) => h.toLowerCase());
  const col = (name: string): number => header.indexOf(name);
  for (const required of ['path', 'label']) {
    if (col(required) < 0) throw new ConfigError(`${csvPath}: manifest needs a "${required}" column; header is "${lines[0] ?? ''}"`);
  }
  const base = dirname(resolve(csvPath));
  const defaultInstitution = basename(csvPath, extname(csvPath));
  const entries: ManifestEntry[] = [];
  lines.slice(1).forEach((line, k) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const cells = parseCsvLine(line);
    const get = (name: string): string => (col(name) >= 0 ? (cells[col(name)] ?? '') : '');
    const where = `${csvPath} row ${k + 2}`;
    const path = get('path');
    if (!path) throw new ValueError(`${where}: empty path`, { field: 'path' });
    const split = get('split').toLowerCase();
    if (split && !(SPLITS as readonly string[]).includes(split)) {
      throw new ValueError(`${where}: split "${split}" is not one of ${SPLITS.join(', ')}`, { field: 'split' });
    }
    entries.push({
      path: resolve(base, path),
      label: get('label'),
      institution: get('institution') || defaultInstitution,
      ...(split ? { split: split as Split } : {}),
      patient: get('patient') || patientFromFilename(path),
      where,
      ...(get('synthetic').toLowerCase() === 'true' ? { synthetic: true } : {}),
    });
  });
  return entries;
}

/** Lists class folders: every sub-folder of `root` is a label, every image file in it one entry (sorted). */
export async function scanClassFolders(root: string, institution = basename(resolve(root))): Promise<ManifestEntry[]> {
  const dirs = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.'));
  if (dirs.length === 0) throw new ConfigError(`${root}: no class folders (expected e.g. NORMAL/ and PNEUMONIA/)`);
  const entries: ManifestEntry[] = [];
  for (const d of dirs.sort((a, b) => a.name.localeCompare(b.name))) {
    const files = (await readdir(join(root, d.name), { withFileTypes: true }))
      .filter((f) => f.isFile() && !f.name.startsWith('.') && IMAGE_EXT.has(extname(f.name).toLowerCase()))
      .map((f) => f.name)
      .sort();
    for (const f of files) {
      entries.push({ path: resolve(root, d.name, f), label: d.name, institution, patient: patientFromFilename(f), where: `${d.name}/${f}` });
    }
  }
  return entries;
}

/** Reads a manifest from a CSV file or a class-folder root. */
export async function readManifest(source: string): Promise<ManifestEntry[]> {
  const s = await stat(source).catch((err: unknown) => {
    throw new ConfigError(`data source ${source} not found`, { cause: err });
  });
  return s.isDirectory() ? scanClassFolders(source) : readCsvManifest(source);
}

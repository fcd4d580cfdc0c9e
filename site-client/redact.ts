/**
 * Error text that leaves a site is redacted: a local failure message ("cannot decode
 * /data/person1946_bacteria_4874.jpeg") could otherwise carry a path, a file name or a patient id to the
 * coordinator. The class of the error (hence its wire code) is kept; paths and file names are replaced.
 */

const PATH = /(?:[A-Za-z]:)?[^\s'"`()<>,;]*[/\\][^\s'"`()<>,;]*/g;
const FILE = /[^\s'"`()<>,;/\\]+\.(?:jpe?g|png|dcm|dicom|ima|tiff?|bmp|gif|webp|nii(?:\.gz)?|csv|tsv|json|ya?ml|txt|h5|hdf5|npy|npz)\b/gi;
// Patient-id shapes of the public chest X-ray sets (Kermany `personN`, `IM-NNNN`, NIH `00001234_000`).
const PATIENT = /\b(?:person\d+|IM-\d{3,}(?:-\d+)?|\d{8}_\d{3})\b/gi;
// DICOM UIDs (dotted numeric roots such as 1.2.840.113619.2.55…; 4+ components, so versions like 4.22.0 stay).
const UID = /\b\d+(?:\.\d+){3,}\b/g;
// DICOM person names FAMILY^GIVEN^MIDDLE (the caret is the component separator of the PN value type).
const PERSON = /[A-Za-z\u00C0-\u024F'.-]+\^[A-Za-z\u00C0-\u024F'.^-]*|\^[A-Za-z\u00C0-\u024F'.-]+/g;
// A labelled identifier: MRN 123, patient id: A-77, accession #X9 …
const LABELLED = /\b(MRN|PID|patient[ _-]?id|accession(?:[ _-]?(?:no|number))?|medical[ _-]record(?:[ _-]number)?)\b\s*[:#=]?\s*[A-Za-z0-9][A-Za-z0-9-]*/gi;
// MRN-like tokens: letters mixed with 5+ digits (A1234567, KM-0012345) — but not long hex digests (trunk hashes).
const MIXED = /\b(?![0-9a-f]{32,}\b)(?=[A-Za-z0-9-]*[A-Za-z])(?=(?:[A-Za-z-]*\d){5})[A-Za-z0-9][A-Za-z0-9-]{5,}\b/g;
// Bare digit runs of 7+ (MRNs, accession numbers), unless a unit says they are a size or a time.
const DIGITS = /\b\d{7,}\b(?!\s*(?:bytes|B\b|ms\b|values|examples|tensors))/g;
const TENSOR = /^\w+\/(?:kernel|bias|gamma|beta|moving_mean|moving_variance)$/;
const MAX = 300;

/**
 * `text` with paths → `<path>`, image/data file names → `<file>`, DICOM UIDs → `<uid>`, `FAMILY^GIVEN` names →
 * `<name>`, known patient-id shapes, labelled and MRN-like identifiers → `<id>` (tensor
 * names like `block5_conv3/kernel` stay), capped at 300 characters. Best effort: the structural guarantee is
 * that error text is the only free text a site sends.
 */
export function redactText(text: string): string {
  const out = text
    .replace(PATH, (m) => (TENSOR.test(m) ? m : '<path>'))
    .replace(FILE, '<file>')
    .replace(UID, '<uid>')
    .replace(PERSON, '<name>')
    .replace(LABELLED, (_m, label: string) => `${label} <id>`)
    .replace(PATIENT, '<id>')
    .replace(MIXED, '<id>')
    .replace(DIGITS, '<id>');
  return out.length > MAX ? `${out.slice(0, MAX)}…` : out;
}

/** A copy of `err` (same prototype, so the same wire code) with a redacted message and field. */
export function redactError(err: unknown): Error {
  const src = err instanceof Error ? err : new Error(String(err));
  const copy = Object.create(Object.getPrototypeOf(src) as object) as Error & { field?: string };
  Object.defineProperty(copy, 'message', { value: redactText(src.message), enumerable: false, writable: true });
  Object.defineProperty(copy, 'name', { value: src.name, enumerable: false });
  const field = (src as { field?: unknown }).field;
  if (typeof field === 'string') copy.field = redactText(field);
  return copy;
}

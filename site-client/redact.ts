/**
 * Error text that leaves a site is redacted: a local failure message ("cannot decode
 * /data/person1946_bacteria_4874.jpeg") could otherwise carry a path, a file name or a patient id to the
 * coordinator. The class of the error (hence its wire code) is kept; paths and file names are replaced.
 */

const PATH = /(?:[A-Za-z]:)?[^\s'"`()<>,;]*[/\\][^\s'"`()<>,;]*/g;
const FILE = /[^\s'"`()<>,;/\\]+\.(?:jpe?g|png|dcm|dicom|ima|tiff?|bmp|gif|webp|nii(?:\.gz)?|csv|tsv|json|ya?ml|txt|h5|hdf5|npy|npz)\b/gi;
// Patient-id shapes of the public chest X-ray sets (Kermany `personN`, `IM-NNNN`, NIH `00001234_000`).
const PATIENT = /\b(?:person\d+|IM-\d{3,}(?:-\d+)?|\d{8}_\d{3})\b/gi;
const TENSOR = /^\w+\/(?:kernel|bias|gamma|beta|moving_mean|moving_variance)$/;
const MAX = 300;

/**
 * `text` with paths → `<path>`, image/data file names → `<file>`, known patient-id shapes → `<id>` (tensor
 * names like `block5_conv3/kernel` stay), capped at 300 characters. Best effort: the structural guarantee is
 * that error text is the only free text a site sends.
 */
export function redactText(text: string): string {
  const out = text
    .replace(PATH, (m) => (TENSOR.test(m) ? m : '<path>'))
    .replace(FILE, '<file>')
    .replace(PATIENT, '<id>');
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

/**
 * A pre-decode scan of a FitRes/EvaluateRes: walks the protobuf wire format without building any object and
 * checks the message's size and layout against the task that is pending (how many tensors, how many
 * dimensions, how many data bytes, how many histogram bins). A hostile result is refused before the decoder
 * can amplify it (thousands of empty tensors or one-byte repeated fields cost ~50× their bytes as JS objects).
 */
import $protobuf from 'protobufjs/minimal.js';
import { ProtocolError, errorMessage } from '../domain/errors.js';
import type { TensorSet } from '../domain/tensor-set.js';
import { WireLimitError } from '../domain/errors.js';
import { MAX_HISTOGRAM_BINS } from './federated-metrics.js';

/** Most dimensions a tensor may declare. */
export const MAX_TENSOR_DIMS = 8;
/** Slack for ids, metrics and field tags on top of the tensor bytes. */
const SLACK_BYTES = 64 * 1024;

/** What a pending fit allows its result to hold. */
export interface FitExpectation {
  readonly tensors: number;
  /** float32 bytes of the tensors sent (a float16 answer is half). */
  readonly dataBytes: number;
  readonly maxBytes: number;
}

/** The expectation for the answer to a FitIns carrying `sent`. */
export function fitExpectation(sent: TensorSet): FitExpectation {
  let dataBytes = 0;
  let names = 0;
  for (const t of sent) {
    dataBytes += t.data.length * 4;
    names += t.name.length * 3 + 16 + MAX_TENSOR_DIMS * 6;
  }
  return { tensors: sent.length, dataBytes, maxBytes: dataBytes + names + SLACK_BYTES };
}

/** Largest acceptable encoded EvaluateRes. */
export const MAX_EVALUATE_RES_BYTES = 2 * MAX_HISTOGRAM_BINS * 6 + SLACK_BYTES;

type Reader = $protobuf.Reader;

function fields(bytes: Uint8Array, visit: (field: number, wireType: number, r: Reader) => boolean): void {
  const r = $protobuf.Reader.create(bytes);
  while (r.pos < r.len) {
    const tag = r.uint32();
    const wt = tag & 7;
    if (!visit(tag >>> 3, wt, r)) r.skipType(wt);
  }
}

function sub(r: Reader): Uint8Array {
  const len = r.uint32();
  if (r.pos + len > r.len) throw new RangeError(`field length ${len} overruns the message`);
  const out = r.buf.subarray(r.pos, r.pos + len);
  r.pos += len;
  return out;
}

/** Counts packed or unpacked repeated varints of one field (wire type 2 = packed, 0 = one value). */
function countVarints(wt: number, r: Reader): number {
  if (wt === 0) {
    r.skipType(0);
    return 1;
  }
  const b = sub(r);
  let n = 0;
  for (const byte of b) if ((byte & 0x80) === 0) n++;
  return n;
}

/**
 * Throws WireLimitError/ProtocolError unless `bytes` may be the FitRes the pending fit expects: within its byte
 * bound, exactly `tensors` tensors, ≤ MAX_TENSOR_DIMS dimensions each, tensor data within `dataBytes`.
 */
export function scanFitRes(bytes: Uint8Array, exp: FitExpectation): void {
  if (bytes.length > exp.maxBytes) throw new WireLimitError(`FitRes of ${bytes.length} bytes exceeds the ${exp.maxBytes} the pending fit allows`);
  let tensors = 0;
  let data = 0;
  try {
    fields(bytes, (f, wt, r) => {
      if (f !== 5 || wt !== 2) return false;
      fields(sub(r), (tf, twt, tr) => {
        if (tf !== 1 || twt !== 2) return false;
        if (++tensors > exp.tensors) throw new WireLimitError(`FitRes carries more than the ${exp.tensors} tensors the fit sent`);
        let dims = 0;
        fields(sub(tr), (xf, xwt, xr) => {
          if (xf === 3) {
            dims += countVarints(xwt, xr);
            if (dims > MAX_TENSOR_DIMS) throw new WireLimitError(`FitRes tensor ${tensors - 1} declares more than ${MAX_TENSOR_DIMS} dimensions`);
            return true;
          }
          if (xf === 4 && xwt === 2) {
            data += sub(xr).length;
            return true;
          }
          return false;
        });
        return true;
      });
      return true;
    });
  } catch (err) {
    if (err instanceof WireLimitError) throw err;
    throw new ProtocolError(`malformed FitRes (pre-decode scan): ${errorMessage(err)}`, { cause: err });
  }
  if (tensors !== exp.tensors) throw new WireLimitError(`FitRes carries ${tensors} tensors, the fit sent ${exp.tensors}`);
  if (data > exp.dataBytes) throw new WireLimitError(`FitRes tensor data of ${data} bytes exceeds the ${exp.dataBytes} the fit sent`);
}

/** Throws unless `bytes` may be an EvaluateRes: bounded size and ≤ MAX_HISTOGRAM_BINS bins per histogram. */
export function scanEvaluateRes(bytes: Uint8Array): void {
  if (bytes.length > MAX_EVALUATE_RES_BYTES) throw new WireLimitError(`EvaluateRes of ${bytes.length} bytes exceeds ${MAX_EVALUATE_RES_BYTES}`);
  const bins = [0, 0];
  try {
    fields(bytes, (f, wt, r) => {
      if (f !== 7 && f !== 8) return false;
      const i = f - 7;
      bins[i] = (bins[i] as number) + countVarints(wt, r);
      if ((bins[i] as number) > MAX_HISTOGRAM_BINS) throw new WireLimitError(`EvaluateRes histogram has more than ${MAX_HISTOGRAM_BINS} bins`);
      return true;
    });
  } catch (err) {
    if (err instanceof WireLimitError) throw err;
    throw new ProtocolError(`malformed EvaluateRes (pre-decode scan): ${errorMessage(err)}`, { cause: err });
  }
}

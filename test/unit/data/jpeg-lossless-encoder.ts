/**
 * A tiny JPEG lossless (ITU T.81 process 14, SOF3) encoder for tests: one component, predictor 1 (left),
 * point transform 0, one fixed Huffman table giving every difference category 0–16 a 5-bit code.
 */

class BitWriter {
  private readonly bytes: number[] = [];
  private acc = 0;
  private n = 0;
  write(value: number, bits: number): void {
    for (let b = bits - 1; b >= 0; b--) {
      this.acc = (this.acc << 1) | ((value >>> b) & 1);
      this.n++;
      if (this.n === 8) this.flush();
    }
  }
  private flush(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0x00); // byte stuffing
    this.acc = 0;
    this.n = 0;
  }
  finish(): number[] {
    while (this.n !== 0) this.write(1, 1); // pad with 1-bits
    return this.bytes;
  }
}

/** Encodes `pixels` (unsigned samples of `precision` bits, row-major) as a lossless JPEG bitstream. */
export function encodeJpegLossless(pixels: ArrayLike<number>, width: number, height: number, precision: number): Uint8Array {
  const out: number[] = [0xff, 0xd8];
  // DHT: class 0 (DC/lossless), id 0; 17 codes of length 5 for categories 0..16 (never all-ones).
  const bits = new Array<number>(16).fill(0);
  bits[4] = 17;
  const vals = Array.from({ length: 17 }, (_, i) => i);
  out.push(0xff, 0xc4, 0, 2 + 1 + 16 + 17, 0x00, ...bits, ...vals);
  // SOF3: precision, height, width, 1 component (id 1, 1×1 sampling, table 0).
  out.push(0xff, 0xc3, 0, 11, precision, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0);
  // SOS: 1 component, table 0, predictor 1, Se 0, Ah/Al 0.
  out.push(0xff, 0xda, 0, 8, 1, 1, 0x00, 1, 0, 0);
  const w = new BitWriter();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = pixels[y * width + x] ?? 0;
      const pred = x === 0 && y === 0 ? 1 << (precision - 1) : x === 0 ? (pixels[(y - 1) * width] ?? 0) : (pixels[y * width + x - 1] ?? 0);
      let diff = (v - pred) % 65536;
      if (diff > 32768) diff -= 65536;
      if (diff < -32767) diff += 65536;
      const mag = Math.abs(diff);
      const ssss = mag === 0 ? 0 : mag === 32768 ? 16 : Math.floor(Math.log2(mag)) + 1;
      w.write(ssss, 5);
      if (ssss > 0 && ssss < 16) w.write(diff > 0 ? diff : (diff - 1) & ((1 << ssss) - 1), ssss);
    }
  }
  out.push(...w.finish(), 0xff, 0xd9);
  return new Uint8Array(out);
}

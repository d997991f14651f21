/**
 * An exp-Golomb bit reader over an RBSP (emulation-prevention bytes already removed). It throws a
 * RangeError past the end instead of reading zeros, so a truncated or lying SPS is an error, never a
 * parameter set made up from padding.
 */
export class BitReader {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  bit(): number {
    const byte = this.buf[this.pos >> 3];
    if (byte === undefined) throw new RangeError('read past the end of the parameter set');
    const v = (byte >> (7 - (this.pos & 7))) & 1;
    this.pos += 1;
    return v;
  }

  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 2 + this.bit();
    return v;
  }

  /** Unsigned exp-Golomb; more than 31 leading zeros is not a valid H.264 value. */
  ue(): number {
    let zeros = 0;
    while (this.bit() === 0) {
      zeros += 1;
      if (zeros > 31) throw new RangeError('exp-Golomb code too long');
    }
    return 2 ** zeros - 1 + this.bits(zeros);
  }

  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -(k / 2);
  }
}

/** Removes H.264 emulation-prevention bytes (00 00 03 → 00 00). */
export function toRbsp(nal: Buffer): Buffer {
  const out = Buffer.allocUnsafe(nal.length);
  let n = 0;
  let zeros = 0;
  for (const b of nal) {
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    zeros = b === 0 ? zeros + 1 : 0;
    out[n++] = b;
  }
  return out.subarray(0, n);
}

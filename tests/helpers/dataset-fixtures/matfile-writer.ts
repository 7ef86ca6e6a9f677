// A small MATLAB Level 5 MAT-file writer for tests: builds the files the Stanford Cars devkit ships
// (struct arrays, cells of char, numeric scalars) in either byte order, with or without miCOMPRESSED,
// so the reader can be exercised on realistic input without MATLAB or scipy.
import { deflateSync } from 'node:zlib';

export type MatNumericClassName = 'double' | 'single' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64';

export type MatWriteValue =
  | {
      kind: 'numeric';
      className?: MatNumericClassName;
      data: number[];
      dims?: number[];
      /** Storage type of the data element, if different from the class (MATLAB stores 3.0 as uint8). */
      storedAs?: MatNumericClassName;
      logical?: boolean;
      imag?: number[];
    }
  | { kind: 'char'; rows: string[]; encoding?: 'uint16' | 'utf16' | 'utf8' | 'uint8' }
  | { kind: 'cell'; items: MatWriteValue[]; dims?: number[] }
  | { kind: 'struct'; fields?: string[]; elements: Array<Record<string, MatWriteValue>>; dims?: number[]; fieldNameLength?: number };

export interface MatWriteOptions {
  /** Wrap every variable in miCOMPRESSED, as MATLAB's default -v7 save does. */
  compress?: boolean;
  bigEndian?: boolean;
  /** Use the small data element format for ≤ 4 bytes (MATLAB does); false writes full tags everywhere. */
  smallElements?: boolean;
  headerText?: string;
}

/** Convenience constructors. */
export const mat = {
  double: (value: number | number[], dims?: number[]): MatWriteValue => {
    const data = Array.isArray(value) ? value : [value];
    return { kind: 'numeric', className: 'double', data, dims: dims ?? [1, data.length] };
  },
  numeric: (className: MatNumericClassName, value: number | number[], extra: { dims?: number[]; storedAs?: MatNumericClassName; logical?: boolean } = {}): MatWriteValue => {
    const data = Array.isArray(value) ? value : [value];
    return { kind: 'numeric', className, data, dims: extra.dims ?? [1, data.length], storedAs: extra.storedAs, logical: extra.logical };
  },
  str: (text: string, encoding?: 'uint16' | 'utf16' | 'utf8' | 'uint8'): MatWriteValue => ({ kind: 'char', rows: [text], encoding }),
  charMatrix: (rows: string[]): MatWriteValue => ({ kind: 'char', rows }),
  cell: (items: MatWriteValue[], dims?: number[]): MatWriteValue => ({ kind: 'cell', items, dims: dims ?? [1, items.length] }),
  cellOfStrings: (texts: string[]): MatWriteValue => ({ kind: 'cell', items: texts.map((t) => mat.str(t)), dims: [1, texts.length] }),
  structArray: (elements: Array<Record<string, MatWriteValue>>, fields?: string[]): MatWriteValue => ({ kind: 'struct', elements, fields, dims: [1, elements.length] }),
};

const MI: Record<MatNumericClassName | 'matrix' | 'compressed' | 'utf8' | 'utf16', number> = {
  int8: 1,
  uint8: 2,
  int16: 3,
  uint16: 4,
  int32: 5,
  uint32: 6,
  single: 7,
  double: 9,
  int64: 12,
  uint64: 13,
  matrix: 14,
  compressed: 15,
  utf8: 16,
  utf16: 17,
};
const MX: Record<MatNumericClassName | 'cell' | 'struct' | 'char', number> = {
  cell: 1,
  struct: 2,
  char: 4,
  double: 6,
  single: 7,
  int8: 8,
  uint8: 9,
  int16: 10,
  uint16: 11,
  int32: 12,
  uint32: 13,
  int64: 14,
  uint64: 15,
};
const SIZE: Record<MatNumericClassName, number> = { int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, single: 4, double: 8, int64: 8, uint64: 8 };

class Writer {
  constructor(private readonly opts: Required<Pick<MatWriteOptions, 'bigEndian' | 'smallElements'>>) {}

  private get le() {
    return !this.opts.bigEndian;
  }

  numbers(type: MatNumericClassName, values: number[]): Buffer {
    const size = SIZE[type];
    const buf = Buffer.alloc(values.length * size);
    const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    values.forEach((x, i) => {
      const o = i * size;
      switch (type) {
        case 'int8': v.setInt8(o, x); break;
        case 'uint8': v.setUint8(o, x); break;
        case 'int16': v.setInt16(o, x, this.le); break;
        case 'uint16': v.setUint16(o, x, this.le); break;
        case 'int32': v.setInt32(o, x, this.le); break;
        case 'uint32': v.setUint32(o, x, this.le); break;
        case 'single': v.setFloat32(o, x, this.le); break;
        case 'double': v.setFloat64(o, x, this.le); break;
        case 'int64': v.setBigInt64(o, BigInt(x), this.le); break;
        case 'uint64': v.setBigUint64(o, BigInt(x), this.le); break;
      }
    });
    return buf;
  }

  u32(values: number[]): Buffer {
    return this.numbers('uint32', values);
  }

  /** One data element: small format when it fits in 4 bytes, otherwise tag + data + padding to 8. */
  element(type: number, data: Buffer, pad = true): Buffer {
    if (this.opts.smallElements && data.length <= 4 && type !== MI.matrix && type !== MI.compressed) {
      const out = Buffer.alloc(8);
      const v = new DataView(out.buffer);
      v.setUint32(0, (data.length << 16) | type, this.le);
      data.copy(out, 4);
      return out;
    }
    const tag = this.u32([type, data.length]);
    const padding = pad ? (8 - (data.length % 8)) % 8 : 0;
    return Buffer.concat([tag, data, Buffer.alloc(padding)]);
  }

  matrix(name: string, value: MatWriteValue): Buffer {
    const parts: Buffer[] = [];
    const dims = dimsOf(value);
    const classId = value.kind === 'numeric' ? MX[value.className ?? 'double'] : MX[value.kind];
    let flags = classId;
    if (value.kind === 'numeric' && value.logical) flags |= 0x0200;
    if (value.kind === 'numeric' && value.imag) flags |= 0x0800;
    parts.push(this.element(MI.uint32, this.u32([flags, 0])));
    parts.push(this.element(MI.int32, this.numbers('int32', dims)));
    parts.push(this.element(MI.int8, Buffer.from(name, 'utf8')));
    switch (value.kind) {
      case 'numeric': {
        const stored = value.storedAs ?? value.className ?? 'double';
        parts.push(this.element(MI[stored], this.numbers(stored, value.data)));
        if (value.imag) parts.push(this.element(MI[stored], this.numbers(stored, value.imag)));
        break;
      }
      case 'char': {
        const cols = Math.max(0, ...value.rows.map((r) => r.length));
        const rows = value.rows.map((r) => r.padEnd(cols, ' '));
        let text = '';
        for (let j = 0; j < cols; j++) for (const row of rows) text += row[j]; // column-major
        const enc = value.encoding ?? 'uint16';
        if (enc === 'utf8') parts.push(this.element(MI.utf8, Buffer.from(text, 'utf8')));
        else if (enc === 'uint8') parts.push(this.element(MI.uint8, Buffer.from(text, 'latin1')));
        else parts.push(this.element(enc === 'utf16' ? MI.utf16 : MI.uint16, this.numbers('uint16', [...text].map((c) => c.charCodeAt(0)))));
        break;
      }
      case 'cell':
        for (const item of value.items) parts.push(this.element(MI.matrix, this.matrix('', item)));
        break;
      case 'struct': {
        const fields = value.fields ?? Object.keys(value.elements[0] ?? {});
        const width = value.fieldNameLength ?? 32;
        parts.push(this.element(MI.int32, this.numbers('int32', [width])));
        const names = Buffer.alloc(width * fields.length);
        fields.forEach((f, i) => names.write(f, i * width, 'utf8'));
        parts.push(this.element(MI.int8, names));
        for (const element of value.elements) for (const f of fields) parts.push(this.element(MI.matrix, this.matrix('', element[f])));
        break;
      }
    }
    return Buffer.concat(parts);
  }
}

function dimsOf(value: MatWriteValue): number[] {
  switch (value.kind) {
    case 'numeric':
      return value.dims ?? [1, value.data.length];
    case 'char': {
      const cols = Math.max(0, ...value.rows.map((r) => r.length));
      return [value.rows.length, cols];
    }
    case 'cell':
      return value.dims ?? [1, value.items.length];
    case 'struct':
      return value.dims ?? [1, value.elements.length];
  }
}

/** The 128-byte header: text padded with spaces, subsystem offset 0, version 0x0100, endian "IM"/"MI". */
export function matHeader(bigEndian = false, text = 'MATLAB 5.0 MAT-file, Platform: test, Created on: fixture'): Buffer {
  const header = Buffer.alloc(128, 0x20);
  header.write(text.slice(0, 116), 0, 'latin1');
  header.fill(0, 116, 124);
  if (bigEndian) {
    header.writeUInt16BE(0x0100, 124);
    header.write('MI', 126, 'latin1');
  } else {
    header.writeUInt16LE(0x0100, 124);
    header.write('IM', 126, 'latin1');
  }
  return header;
}

/** Serialises variables (in the given order) into MAT-file bytes. */
export function writeMatFile(variables: Record<string, MatWriteValue>, options: MatWriteOptions = {}): Buffer {
  const w = new Writer({ bigEndian: options.bigEndian ?? false, smallElements: options.smallElements ?? true });
  const parts = [matHeader(options.bigEndian, options.headerText)];
  for (const [name, value] of Object.entries(variables)) {
    const matrix = w.element(MI.matrix, w.matrix(name, value));
    parts.push(options.compress ? w.element(MI.compressed, deflateSync(matrix), false) : matrix);
  }
  return Buffer.concat(parts);
}

// A small reader for MATLAB Level 5 MAT-files (the format of the Stanford Cars devkit), written here
// rather than pulled in as a dependency because we need only a read-only subset: numeric, char, cell
// and struct arrays, compressed or not, in either byte order.
//
// Layout (MathWorks, "MAT-File Format", Level 5): a 128-byte header (116 bytes of text, 8 bytes of
// subsystem offset, a uint16 version 0x0100 and the two characters "MI" written as a uint16, which
// reads "IM" on little-endian files), then data elements. Each element has an 8-byte tag
// (uint32 type, uint32 byte count) or, when the data is at most 4 bytes, a "small" 4-byte tag
// (uint16 byte count, uint16 type) followed by the data in the same 8 bytes. Element data is padded to
// 8 bytes. miCOMPRESSED holds a zlib stream whose content is one more element (a miMATRIX).
import { inflateSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppFailure } from '../../../shared/result';

/** A damaged, truncated or unsupported MAT-file; code 'damaged', message names the file. */
export class MatFileError extends AppFailure {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super('damaged', `${file}: ${detail}`);
    this.name = 'MatFileError';
  }
}

// Data types of element tags.
const MI = {
  INT8: 1,
  UINT8: 2,
  INT16: 3,
  UINT16: 4,
  INT32: 5,
  UINT32: 6,
  SINGLE: 7,
  DOUBLE: 9,
  INT64: 12,
  UINT64: 13,
  MATRIX: 14,
  COMPRESSED: 15,
  UTF8: 16,
  UTF16: 17,
  UTF32: 18,
} as const;

// Array classes in the array-flags subelement.
const MX_CLASS_NAMES: Record<number, string> = {
  1: 'cell',
  2: 'struct',
  3: 'object',
  4: 'char',
  5: 'sparse',
  6: 'double',
  7: 'single',
  8: 'int8',
  9: 'uint8',
  10: 'int16',
  11: 'uint16',
  12: 'int32',
  13: 'uint32',
  14: 'int64',
  15: 'uint64',
  16: 'function_handle',
  17: 'opaque',
};
const NUMERIC_CLASSES = new Set([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);

export type MatNumericClass = 'double' | 'single' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64';

/** Numeric (or logical) array; data in column-major order, converted to float64 whatever the stored type. */
export interface MatNumeric {
  kind: 'numeric';
  className: MatNumericClass;
  dims: number[];
  data: Float64Array;
  imag?: Float64Array;
  logical: boolean;
}
/** Char array: an M×N char matrix is M strings of N characters (a 1×N row is one string). */
export interface MatChar {
  kind: 'char';
  dims: number[];
  rows: string[];
}
export interface MatCell {
  kind: 'cell';
  dims: number[];
  /** Column-major order. */
  items: MatValue[];
}
export interface MatStruct {
  kind: 'struct';
  dims: number[];
  fieldNames: string[];
  /** One record per struct element, column-major order. */
  elements: Array<Record<string, MatValue>>;
  /** Set for MATLAB objects (class 'object'), whose properties are read like struct fields. */
  className?: string;
}
/** A class we do not decode (sparse, function handles, opaque objects); kept so other variables still load. */
export interface MatUnsupported {
  kind: 'unsupported';
  className: string;
  dims: number[];
}
export type MatValue = MatNumeric | MatChar | MatCell | MatStruct | MatUnsupported;

export interface MatFile {
  /** Descriptive text of the header, trailing spaces removed. */
  headerText: string;
  littleEndian: boolean;
  /** Variables by name, in file order. */
  variables: Map<string, MatValue>;
}

const HEADER_BYTES = 128;
const MAX_DIMS = 32;

/** Reads and parses a MAT-file; throws MatFileError (or an fs error if the file cannot be read). */
export async function readMatFile(path: string): Promise<MatFile> {
  return parseMatFile(await readFile(path), basename(path));
}

/** Parses the bytes of a Level 5 MAT-file; `fileName` only labels error messages. */
export function parseMatFile(bytes: Uint8Array, fileName = 'MAT-file'): MatFile {
  const fail = (detail: string): never => {
    throw new MatFileError(fileName, detail);
  };
  if (bytes.length < HEADER_BYTES) fail(`too short for a MAT-file header (${bytes.length} bytes)`);
  const headerText = Buffer.from(bytes.subarray(0, 116)).toString('latin1').replace(/[\s\0]+$/, '');
  // Byte 126..127: "IM" when written little-endian, "MI" when big-endian.
  const e0 = bytes[126];
  const e1 = bytes[127];
  let littleEndian: boolean;
  if (e0 === 0x49 && e1 === 0x4d) littleEndian = true;
  else if (e0 === 0x4d && e1 === 0x49) littleEndian = false;
  else if (headerText.startsWith('MATLAB 7.3')) return fail('MATLAB 7.3 (HDF5) MAT-files are not supported; re-save it with save(..., "-v7")');
  else return fail('not a MATLAB 5 MAT-file (no endian indicator in the header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(124, littleEndian);
  if (version === 0x0200) fail('MATLAB 7.3 (HDF5) MAT-files are not supported; re-save it with save(..., "-v7")');
  if (version !== 0x0100) fail(`unsupported MAT-file version 0x${version.toString(16).padStart(4, '0')}`);

  const variables = new Map<string, MatValue>();
  const top: Reader = new Reader(bytes, littleEndian, fileName);
  top.pos = HEADER_BYTES;
  while (top.remaining() >= 8) {
    const tag = top.readTag();
    if (tag.type === MI.COMPRESSED) {
      let inflated: Buffer;
      try {
        inflated = inflateSync(tag.data);
      } catch (error) {
        return fail(`damaged compressed variable (${(error as Error).message})`);
      }
      const inner: Reader = new Reader(inflated, littleEndian, fileName);
      const innerTag = inner.readTag();
      if (innerTag.type !== MI.MATRIX) fail(`compressed element holds type ${innerTag.type}, expected a matrix`);
      const { name, value } = parseMatrix(innerTag.data, littleEndian, fileName);
      if (name) variables.set(name, value);
    } else if (tag.type === MI.MATRIX) {
      const { name, value } = parseMatrix(tag.data, littleEndian, fileName);
      if (name) variables.set(name, value);
    }
    // Other top-level elements (e.g. subsystem data) carry no variables we read; skip them.
  }
  // Fewer than 8 bytes left: zeros are padding some writers add, anything else is a cut-off tag.
  if (bytes.subarray(top.pos).some((b) => b !== 0)) fail('the file ends inside a data element tag (truncated)');
  return { headerText, littleEndian, variables };
}

interface Tag {
  type: number;
  data: Uint8Array;
}

/** Sequential reader over a byte range with the file's byte order. */
class Reader {
  pos = 0;
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly le: boolean,
    readonly file: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  remaining(): number {
    return this.bytes.length - this.pos;
  }

  fail(detail: string): never {
    throw new MatFileError(this.file, detail);
  }

  /** Reads one data element (tag + data) and advances past its padding. */
  readTag(): Tag {
    if (this.remaining() < 8) this.fail('file ends inside a data element tag (truncated)');
    const first = this.view.getUint32(this.pos, this.le);
    const smallBytes = first >>> 16;
    if (smallBytes !== 0) {
      // Small data element: count and type share the first 4 bytes, data sits in the next 4.
      if (smallBytes > 4) this.fail(`bad small data element (${smallBytes} bytes)`);
      const type = first & 0xffff;
      const data = this.bytes.subarray(this.pos + 4, this.pos + 4 + smallBytes);
      this.pos += 8;
      return { type, data };
    }
    const type = first;
    const count = this.view.getUint32(this.pos + 4, this.le);
    const start = this.pos + 8;
    if (count > this.bytes.length - start) {
      this.fail(`data element of ${count} bytes runs past the end of the file (truncated)`);
    }
    const data = this.bytes.subarray(start, start + count);
    // Compressed elements are not padded; everything else is padded to a multiple of 8 bytes.
    const padded = type === MI.COMPRESSED ? count : Math.ceil(count / 8) * 8;
    this.pos = Math.min(start + padded, this.bytes.length);
    return { type, data };
  }
}

function parseMatrix(data: Uint8Array, le: boolean, file: string): { name: string; value: MatValue } {
  const r: Reader = new Reader(data, le, file);
  // An empty miMATRIX (0 bytes) stands for an empty array, as MATLAB writes for [] inside cells.
  if (data.length === 0) return { name: '', value: { kind: 'numeric', className: 'double', dims: [0, 0], data: new Float64Array(0), logical: false } };

  const flagsTag = r.readTag();
  if (flagsTag.type !== MI.UINT32 || flagsTag.data.length < 8) r.fail('matrix without array flags');
  const flagsWord = new DataView(flagsTag.data.buffer, flagsTag.data.byteOffset, 8).getUint32(0, le);
  const classId = flagsWord & 0xff;
  const isComplex = (flagsWord & 0x0800) !== 0;
  const isLogical = (flagsWord & 0x0200) !== 0;
  const className = MX_CLASS_NAMES[classId];
  if (!className) r.fail(`unknown array class ${classId}`);

  const dimsTag = r.readTag();
  if (dimsTag.type !== MI.INT32 || dimsTag.data.length % 4 !== 0 || dimsTag.data.length < 8) r.fail('matrix without valid dimensions');
  const dims = Array.from(numbersOf(dimsTag, le, r));
  if (dims.length > MAX_DIMS || dims.some((d) => !Number.isInteger(d) || d < 0)) r.fail(`bad dimensions [${dims.join('×')}]`);
  const count = dims.reduce((a, b) => a * b, 1);

  const nameTag = r.readTag();
  if (nameTag.type !== MI.INT8 && nameTag.type !== MI.UINT8 && nameTag.type !== MI.UTF8) r.fail('matrix without a name element');
  const name = Buffer.from(nameTag.data).toString('utf8').replace(/\0+$/, '');

  if (NUMERIC_CLASSES.has(classId)) {
    // Empty arrays normally still carry an empty data element; tolerate writers that leave it out.
    const real = count === 0 && r.remaining() < 8 ? new Float64Array(0) : numbersOf(r.readTag(), le, r);
    if (real.length !== count) r.fail(`variable "${name}": ${real.length} values for dimensions [${dims.join('×')}]`);
    const value: MatNumeric = { kind: 'numeric', className: className as MatNumericClass, dims, data: real, logical: isLogical };
    if (isComplex) {
      const imag = numbersOf(r.readTag(), le, r);
      if (imag.length !== count) r.fail(`variable "${name}": imaginary part has ${imag.length} values, expected ${count}`);
      value.imag = imag;
    }
    return { name, value };
  }

  if (classId === 4) {
    if (count === 0) return { name, value: { kind: 'char', dims, rows: dims[0] > 0 && dims.length === 2 ? Array(dims[0]).fill('') : [] } };
    const units = charUnitsOf(r.readTag(), le, r);
    return { name, value: { kind: 'char', dims, rows: charRows(units, dims, count, name, r) } };
  }

  if (classId === 1) {
    // Every cell needs at least one 8-byte tag: refuse counts the data cannot hold before allocating.
    if (count * 8 > r.remaining()) r.fail(`cell "${name}" claims ${count} items but the data is too short (truncated)`);
    const items: MatValue[] = [];
    for (let i = 0; i < count; i++) items.push(readChildMatrix(r, le, file, name));
    return { name, value: { kind: 'cell', dims, items } };
  }

  if (classId === 2 || classId === 3) {
    let objectClass: string | undefined;
    if (classId === 3) {
      const classTag = r.readTag();
      objectClass = Buffer.from(classTag.data).toString('utf8').replace(/\0+$/, '');
    }
    const lenTag = r.readTag();
    const lens = numbersOf(lenTag, le, r);
    const fieldLength = lens[0];
    const namesTag = r.readTag();
    if (lens.length !== 1 || !Number.isInteger(fieldLength) || (fieldLength <= 0 && namesTag.data.length > 0)) {
      r.fail(`struct "${name}": bad field name length`);
    }
    if (namesTag.data.length > 0 && namesTag.data.length % fieldLength !== 0) r.fail(`struct "${name}": field names do not fill ${fieldLength}-byte slots`);
    const fieldNames: string[] = [];
    for (let off = 0; off < namesTag.data.length; off += fieldLength) {
      // Fixed-width slots, NUL-padded.
      const slot = namesTag.data.subarray(off, off + fieldLength);
      const end = slot.indexOf(0);
      fieldNames.push(Buffer.from(end >= 0 ? slot.subarray(0, end) : slot).toString('utf8'));
    }
    if (count * fieldNames.length * 8 > r.remaining()) r.fail(`struct "${name}" claims ${count} elements but the data is too short (truncated)`);
    const elements: Array<Record<string, MatValue>> = [];
    for (let i = 0; i < count; i++) {
      const record: Record<string, MatValue> = {};
      // Column-major element order, fields varying fastest.
      for (const field of fieldNames) record[field] = readChildMatrix(r, le, file, `${name}.${field}`);
      elements.push(record);
    }
    const value: MatStruct = { kind: 'struct', dims, fieldNames, elements };
    if (objectClass !== undefined) value.className = objectClass;
    return { name, value };
  }

  // Sparse, function handles, opaque objects: known but not decoded.
  return { name, value: { kind: 'unsupported', className, dims } };
}

function readChildMatrix(r: Reader, le: boolean, file: string, where: string): MatValue {
  const tag = r.readTag();
  if (tag.type !== MI.MATRIX) r.fail(`"${where}": expected a matrix element, found type ${tag.type}`);
  return parseMatrix(tag.data, le, file).value;
}

const BYTES_PER: Record<number, number> = {
  [MI.INT8]: 1,
  [MI.UINT8]: 1,
  [MI.INT16]: 2,
  [MI.UINT16]: 2,
  [MI.INT32]: 4,
  [MI.UINT32]: 4,
  [MI.SINGLE]: 4,
  [MI.DOUBLE]: 8,
  [MI.INT64]: 8,
  [MI.UINT64]: 8,
  [MI.UTF8]: 1,
  [MI.UTF16]: 2,
  [MI.UTF32]: 4,
};

/** Decodes a numeric data element of any stored type into float64 (MATLAB stores doubles as uint8 etc. when lossless). */
function numbersOf(tag: Tag, le: boolean, r: Reader): Float64Array {
  const size = BYTES_PER[tag.type];
  if (!size || tag.type === MI.UTF8 || tag.type === MI.UTF16 || tag.type === MI.UTF32) r.fail(`unsupported numeric data type ${tag.type}`);
  if (tag.data.length % size !== 0) r.fail(`numeric data of ${tag.data.length} bytes is not a whole number of ${size}-byte values`);
  const n = tag.data.length / size;
  const out = new Float64Array(n);
  const v = new DataView(tag.data.buffer, tag.data.byteOffset, tag.data.byteLength);
  for (let i = 0; i < n; i++) {
    const o = i * size;
    switch (tag.type) {
      case MI.INT8: out[i] = v.getInt8(o); break;
      case MI.UINT8: out[i] = v.getUint8(o); break;
      case MI.INT16: out[i] = v.getInt16(o, le); break;
      case MI.UINT16: out[i] = v.getUint16(o, le); break;
      case MI.INT32: out[i] = v.getInt32(o, le); break;
      case MI.UINT32: out[i] = v.getUint32(o, le); break;
      case MI.SINGLE: out[i] = v.getFloat32(o, le); break;
      case MI.DOUBLE: out[i] = v.getFloat64(o, le); break;
      case MI.INT64: out[i] = Number(v.getBigInt64(o, le)); break;
      case MI.UINT64: out[i] = Number(v.getBigUint64(o, le)); break;
    }
  }
  return out;
}

/** UTF-16 code units of a char data element, whichever of the permitted encodings it uses. */
function charUnitsOf(tag: Tag, le: boolean, r: Reader): number[] {
  const v = new DataView(tag.data.buffer, tag.data.byteOffset, tag.data.byteLength);
  const units: number[] = [];
  switch (tag.type) {
    case MI.UINT16:
    case MI.UTF16:
    case MI.INT16:
      if (tag.data.length % 2 !== 0) r.fail('odd number of bytes in 16-bit char data');
      for (let o = 0; o < tag.data.length; o += 2) units.push(v.getUint16(o, le));
      return units;
    case MI.UINT8:
    case MI.INT8:
      // One byte per character (Latin-1).
      for (const b of tag.data) units.push(b);
      return units;
    case MI.UTF8: {
      const text = Buffer.from(tag.data).toString('utf8');
      for (let i = 0; i < text.length; i++) units.push(text.charCodeAt(i));
      return units;
    }
    case MI.UTF32:
    case MI.UINT32:
    case MI.INT32: {
      if (tag.data.length % 4 !== 0) r.fail('char data is not a whole number of 32-bit values');
      for (let o = 0; o < tag.data.length; o += 4) {
        const text = String.fromCodePoint(v.getUint32(o, le));
        for (let i = 0; i < text.length; i++) units.push(text.charCodeAt(i));
      }
      return units;
    }
    default:
      return r.fail(`unsupported char data type ${tag.type}`);
  }
}

/** Splits column-major character data into the rows of an M×N(×…) char array. */
function charRows(units: number[], dims: number[], count: number, name: string, r: Reader): string[] {
  const rows = dims[0];
  if (units.length !== count) {
    // Multi-byte UTF-8 (or surrogate pairs) can make the unit count differ from M×N; a single row is still unambiguous.
    if (rows === 1) return [String.fromCharCode(...units)];
    r.fail(`char "${name}": ${units.length} characters for dimensions [${dims.join('×')}]`);
  }
  const cols = count / rows;
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    const chars: number[] = [];
    for (let j = 0; j < cols; j++) chars.push(units[j * rows + i]);
    out.push(String.fromCharCode(...chars));
  }
  return out;
}

// ---- Helpers that turn decoded values into plain JS, with errors that say what was expected. ----

function describe(value: MatValue): string {
  if (value.kind === 'numeric') return `${value.className} [${value.dims.join('×')}]`;
  if (value.kind === 'unsupported') return `${value.className} [${value.dims.join('×')}]`;
  return `${value.kind} [${value.dims.join('×')}]`;
}

/** Element count of a value. */
export function matCount(value: MatValue): number {
  return value.dims.reduce((a, b) => a * b, 1);
}

/** A scalar numeric value as a number; throws MatFileError otherwise. */
export function matScalar(value: MatValue | undefined, what: string, file = 'MAT-file'): number {
  if (!value || value.kind !== 'numeric' || value.data.length !== 1) {
    throw new MatFileError(file, `${what} should be a numeric scalar, found ${value ? describe(value) : 'nothing'}`);
  }
  return value.data[0];
}

/** A char row as a string (an empty char array is ''); throws MatFileError otherwise. */
export function matString(value: MatValue | undefined, what: string, file = 'MAT-file'): string {
  if (!value || value.kind !== 'char' || value.rows.length > 1) {
    throw new MatFileError(file, `${what} should be a text string, found ${value ? describe(value) : 'nothing'}`);
  }
  return value.rows[0] ?? '';
}

/** A cell array of strings, or a char matrix, as a list of strings. */
export function matStrings(value: MatValue | undefined, what: string, file = 'MAT-file'): string[] {
  if (value?.kind === 'char') return value.rows;
  if (value?.kind === 'cell') return value.items.map((item, i) => matString(item, `${what}{${i + 1}}`, file));
  throw new MatFileError(file, `${what} should be a cell array of strings, found ${value ? describe(value) : 'nothing'}`);
}

/** The elements of a struct array (any shape, column-major) as plain records of MatValue. */
export function matStructToObjects(value: MatValue | undefined, what: string, file = 'MAT-file'): Array<Record<string, MatValue>> {
  if (!value || value.kind !== 'struct') {
    throw new MatFileError(file, `${what} should be a struct array, found ${value ? describe(value) : 'nothing'}`);
  }
  return value.elements;
}

export type PlainMat = number | string | string[] | { dims: number[]; data: Float64Array } | PlainMat[] | { [field: string]: PlainMat } | null;

/**
 * Converts a value to plain JS for convenience: numeric scalars → number, other numeric → {dims, data},
 * char → string (one row) or string[], cell → array, 1×1 struct → object, struct array → array of objects,
 * unsupported → null.
 */
export function matToPlain(value: MatValue): PlainMat {
  switch (value.kind) {
    case 'numeric':
      return value.data.length === 1 ? value.data[0] : { dims: value.dims, data: value.data };
    case 'char':
      return value.rows.length === 1 ? value.rows[0] : value.rows;
    case 'cell':
      return value.items.map(matToPlain);
    case 'struct': {
      const objects = value.elements.map((record) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, matToPlain(v)])));
      return objects.length === 1 ? objects[0] : objects;
    }
    default:
      return null;
  }
}

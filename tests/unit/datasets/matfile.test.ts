import { describe, expect, it } from 'vitest';
import { MatFileError, matScalar, matString, matStrings, matStructToObjects, matToPlain, parseMatFile, type MatValue } from '../../../main/services/datasets/matfile';
import { mat, matHeader, writeMatFile } from '../../helpers/dataset-fixtures/matfile-writer';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('MAT5 reader on hand-built bytes (MathWorks "MAT-File Format", Level 5)', () => {
  it('reads a little-endian 1×1 double', () => {
    const bytes = Buffer.concat([
      matHeader(false),
      hex('0E000000 38000000'), // miMATRIX, 56 bytes
      hex('06000000 08000000 06000000 00000000'), // array flags: miUINT32, class mxDOUBLE
      hex('05000000 08000000 01000000 01000000'), // dimensions: miINT32 [1 1]
      hex('01000100 78000000'), // name: small element, miINT8, 1 byte, "x"
      hex('09000000 08000000 000000000000F83F'), // real part: miDOUBLE 1.5
    ]);
    const file = parseMatFile(bytes, 'x.mat');
    expect(file.littleEndian).toBe(true);
    expect(file.headerText.startsWith('MATLAB 5.0 MAT-file')).toBe(true);
    const x = file.variables.get('x') as MatValue;
    expect(x).toMatchObject({ kind: 'numeric', className: 'double', dims: [1, 1] });
    expect(matScalar(x, 'x')).toBe(1.5);
  });

  it('reads the same variable written big-endian ("MI")', () => {
    const bytes = Buffer.concat([
      matHeader(true),
      hex('0000000E 00000038'),
      hex('00000006 00000008 00000006 00000000'),
      hex('00000005 00000008 00000001 00000001'),
      hex('00010001 78000000'), // small element: (1 byte << 16) | miINT8, big-endian
      hex('00000009 00000008 3FF8000000000000'),
    ]);
    expect(bytes.subarray(126, 128).toString('latin1')).toBe('MI');
    const file = parseMatFile(bytes, 'x.mat');
    expect(file.littleEndian).toBe(false);
    expect(matScalar(file.variables.get('x'), 'x')).toBe(1.5);
  });

  it('converts a double stored as a small uint8 element (as MATLAB saves integers)', () => {
    const bytes = Buffer.concat([
      matHeader(false),
      hex('0E000000 30000000'),
      hex('06000000 08000000 06000000 00000000'),
      hex('05000000 08000000 01000000 01000000'),
      hex('01000100 6E000000'), // "n"
      hex('02000100 05000000'), // small miUINT8 holding 5
    ]);
    const n = parseMatFile(bytes).variables.get('n');
    expect(n).toMatchObject({ kind: 'numeric', className: 'double' });
    expect(matScalar(n, 'n')).toBe(5);
  });

  it('reads a 2×3 char matrix column-major as two strings', () => {
    const bytes = Buffer.concat([
      matHeader(false),
      hex('0E000000 40000000'),
      hex('06000000 08000000 04000000 00000000'), // class mxCHAR
      hex('05000000 08000000 02000000 03000000'), // [2 3]
      hex('01000100 63000000'), // "c"
      hex('04000000 0C000000'), // miUINT16, 12 bytes
      Buffer.from('adbecf', 'utf16le'),
      hex('00000000'), // padding to 8
    ]);
    const c = parseMatFile(bytes).variables.get('c');
    expect(c).toEqual({ kind: 'char', dims: [2, 3], rows: ['abc', 'def'] });
    expect(matStrings(c, 'c')).toEqual(['abc', 'def']);
  });
});

// Resembles devkit/cars_train_annos.mat: a 1×N struct array of integer-typed scalars and a char fname.
const annotations = mat.structArray([
  { bbox_x1: mat.numeric('uint8', 39), bbox_y1: mat.numeric('uint8', 116), bbox_x2: mat.numeric('uint16', 569), bbox_y2: mat.numeric('double', 375, { storedAs: 'uint16' }), class: mat.numeric('uint8', 14), fname: mat.str('00001.jpg') },
  { bbox_x1: mat.numeric('uint8', 36), bbox_y1: mat.numeric('uint8', 116), bbox_x2: mat.numeric('uint16', 868), bbox_y2: mat.numeric('double', 587, { storedAs: 'uint16' }), class: mat.numeric('uint8', 3), fname: mat.str('00002.jpg') },
]);
const variables = {
  annotations,
  class_names: mat.cellOfStrings(['AM General Hummer SUV 2000', 'F/A-18 Hornet', 'Ünïcödé ✓']),
  scalar: mat.double(3.25),
  matrix: mat.double([1, 2, 3, 4, 5, 6], [2, 3]),
  negatives: mat.numeric('int16', [-3, 0, 32000]),
  big: mat.numeric('int64', [-(2 ** 40), 2 ** 50]),
  single: mat.numeric('single', [0.5, -1.25]),
  flags: mat.numeric('uint8', [1, 0, 1], { logical: true }),
  utf8: mat.str('naïve', 'utf8'),
  latin: mat.str('plain', 'uint8'),
  empty: mat.double([], [0, 0]),
  nested: mat.cell([mat.str('a'), mat.cell([mat.double(1), mat.str('b')]), mat.structArray([{ v: mat.double(7) }])]),
};

describe('MAT5 reader round trip with the test writer', () => {
  for (const compress of [false, true]) {
    for (const bigEndian of [false, true]) {
      for (const smallElements of [true, false]) {
        it(`reads back every variable (compressed ${compress}, big-endian ${bigEndian}, small elements ${smallElements})`, () => {
          const file = parseMatFile(writeMatFile(variables, { compress, bigEndian, smallElements }), 'roundtrip.mat');
          expect(file.littleEndian).toBe(!bigEndian);
          expect([...file.variables.keys()]).toEqual(Object.keys(variables));
          const records = matStructToObjects(file.variables.get('annotations'), 'annotations');
          expect(records).toHaveLength(2);
          expect(records.map((r) => matString(r.fname, 'fname'))).toEqual(['00001.jpg', '00002.jpg']);
          expect(records.map((r) => matScalar(r.class, 'class'))).toEqual([14, 3]);
          expect(records.map((r) => ['bbox_x1', 'bbox_y1', 'bbox_x2', 'bbox_y2'].map((f) => matScalar(r[f], f)))).toEqual([
            [39, 116, 569, 375],
            [36, 116, 868, 587],
          ]);
          expect(records[0].bbox_x2).toMatchObject({ className: 'uint16' });
          expect(records[0].bbox_y2).toMatchObject({ className: 'double' });
          expect(matStrings(file.variables.get('class_names'), 'class_names')).toEqual(['AM General Hummer SUV 2000', 'F/A-18 Hornet', 'Ünïcödé ✓']);
          expect(matToPlain(file.variables.get('scalar') as MatValue)).toBe(3.25);
          const m = file.variables.get('matrix');
          expect(m).toMatchObject({ kind: 'numeric', dims: [2, 3] });
          expect(Array.from((m as { data: Float64Array }).data)).toEqual([1, 2, 3, 4, 5, 6]);
          expect(Array.from((file.variables.get('negatives') as { data: Float64Array }).data)).toEqual([-3, 0, 32000]);
          expect(Array.from((file.variables.get('big') as { data: Float64Array }).data)).toEqual([-(2 ** 40), 2 ** 50]);
          expect(Array.from((file.variables.get('single') as { data: Float64Array }).data)).toEqual([0.5, -1.25]);
          expect(file.variables.get('flags')).toMatchObject({ logical: true, className: 'uint8' });
          expect(matString(file.variables.get('utf8'), 'utf8')).toBe('naïve');
          expect(matString(file.variables.get('latin'), 'latin')).toBe('plain');
          expect(file.variables.get('empty')).toMatchObject({ kind: 'numeric', dims: [0, 0] });
          expect(matToPlain(file.variables.get('nested') as MatValue)).toEqual(['a', [1, 'b'], { v: 7 }]);
          expect(matToPlain(file.variables.get('annotations') as MatValue)).toEqual([
            { bbox_x1: 39, bbox_y1: 116, bbox_x2: 569, bbox_y2: 375, class: 14, fname: '00001.jpg' },
            { bbox_x1: 36, bbox_y1: 116, bbox_x2: 868, bbox_y2: 587, class: 3, fname: '00002.jpg' },
          ]);
        });
      }
    }
  }

  it('keeps column-major element order in a 2×2 struct array', () => {
    const s = { ...mat.structArray([0, 1, 2, 3].map((i) => ({ i: mat.double(i) }))), dims: [2, 2] };
    const value = parseMatFile(writeMatFile({ s })).variables.get('s');
    expect(value).toMatchObject({ kind: 'struct', dims: [2, 2], fieldNames: ['i'] });
    expect(matStructToObjects(value, 's').map((r) => matScalar(r.i, 'i'))).toEqual([0, 1, 2, 3]);
  });

  it('skips a class it does not decode (sparse) and still reads the others', () => {
    const bytes = writeMatFile({ sp: mat.double([1, 2]), after: mat.str('ok') });
    bytes[128 + 16] = 5; // first variable's class byte (after the miMATRIX tag and the flags tag) → mxSPARSE
    const file = parseMatFile(bytes);
    expect(file.variables.get('sp')).toMatchObject({ kind: 'unsupported', className: 'sparse' });
    expect(matString(file.variables.get('after'), 'after')).toBe('ok');
  });

  it('helpers explain what they expected', () => {
    const file = parseMatFile(writeMatFile({ s: mat.str('x') }));
    expect(() => matScalar(file.variables.get('s'), 's', 'f.mat')).toThrow(/f\.mat: s should be a numeric scalar, found char/);
    expect(() => matStructToObjects(undefined, 'annotations', 'f.mat')).toThrow(MatFileError);
  });
});

describe('MAT5 reader on damaged files', () => {
  const expectMatError = (bytes: Uint8Array, pattern?: RegExp) => {
    let error: unknown;
    try {
      parseMatFile(bytes, 'broken.mat');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MatFileError);
    expect((error as MatFileError).code).toBe('damaged');
    expect((error as MatFileError).message).toMatch(/^broken\.mat: /);
    if (pattern) expect((error as MatFileError).message).toMatch(pattern);
  };

  it('rejects a file cut at any byte, uncompressed or compressed, with a MatFileError', () => {
    for (const compress of [false, true]) {
      const full = writeMatFile({ annotations }, { compress });
      for (let cut = 0; cut < full.length; cut++) {
        // The bare 128-byte header is a valid MAT-file without variables.
        if (cut === 128) expect(parseMatFile(full.subarray(0, cut)).variables.size).toBe(0);
        else expectMatError(full.subarray(0, cut));
      }
    }
  });

  it('names the problem for short headers, non-MAT files and MATLAB 7.3 files', () => {
    expectMatError(Buffer.from('hello'), /too short/);
    expectMatError(Buffer.alloc(200, 0x41), /not a MATLAB 5 MAT-file/);
    const v73 = Buffer.alloc(512, 0);
    v73.write('MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan 1 00:00:00 2024 HDF5 schema 1.00 .', 0, 'latin1');
    v73.writeUInt16LE(0x0200, 124);
    v73.write('IM', 126, 'latin1');
    expectMatError(v73, /7\.3/);
  });

  it('rejects corrupt compressed data', () => {
    const bytes = writeMatFile({ annotations }, { compress: true });
    bytes.fill(0x55, 140, 160);
    expectMatError(bytes, /compressed/);
  });
});

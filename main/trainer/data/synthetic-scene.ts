// The picture of one synthetic image: a fine-grained "bird" task. Every class shows the same kind
// of bird — body, head, tail, wing, beak, legs, perched on a branch — at a random position, size,
// tilt, facing and body colour, over a random textured background with distractor blobs and
// noise. Classes differ only in small local parts: the colour of the crest, the shape of the crest
// (round, spiky, or an eye mask instead) and the pattern on the wing. A model has to find the head
// or the wing and look closely, which is what MGE-CNN's attention-guided zoom is for; the parts are
// a few pixels wide at 48 px, visible yet local.

import type { Rng } from '../../../shared/random';
import { Pose, Raster, capsuleSdf, circleSdf, ellipseSdf, polygonSdf, type Rgb } from './raster';

export const CREST_COLOURS = ['red', 'blue', 'yellow', 'violet'] as const;
export const CREST_SHAPES = ['round-crest', 'spiky-crest', 'eye-mask'] as const;
export const WING_PATTERNS = ['plain-wing', 'striped-wing', 'spotted-wing'] as const;
export type CrestColour = (typeof CREST_COLOURS)[number];
export type CrestShape = (typeof CREST_SHAPES)[number];
export type WingPattern = (typeof WING_PATTERNS)[number];

export const MAX_SYNTHETIC_CLASSES = CREST_COLOURS.length * CREST_SHAPES.length * WING_PATTERNS.length;

/** What makes a class: the only differences between two classes' birds. */
export interface BirdClass {
  name: string;
  crestColour: CrestColour;
  crestShape: CrestShape;
  wing: WingPattern;
}

const CREST_RGB: Record<CrestColour, Rgb> = {
  red: [0.9, 0.1, 0.08],
  blue: [0.1, 0.3, 0.95],
  yellow: [0.98, 0.86, 0.08],
  violet: [0.68, 0.18, 0.9],
};

/**
 * The classes of a dataset with `count` classes. The number of options per factor grows in turn
 * (colour, shape, wing, colour, ...) until there are enough combinations, so 2 classes differ in
 * crest colour, 4 in colour and shape, 8 in all three (2×2×2); class k is a mixed-radix digit
 * combination, colour fastest.
 */
export function birdClasses(count: number): BirdClass[] {
  if (!Number.isInteger(count) || count < 2 || count > MAX_SYNTHETIC_CLASSES) {
    throw new RangeError(`synthetic classes must be a whole number from 2 to ${MAX_SYNTHETIC_CLASSES}, got ${count}`);
  }
  const radix = [1, 1, 1];
  const limits = [CREST_COLOURS.length, CREST_SHAPES.length, WING_PATTERNS.length];
  for (let factor = 0; radix[0] * radix[1] * radix[2] < count; factor = (factor + 1) % 3) {
    if (radix[factor] < limits[factor]) radix[factor]++;
  }
  const width = String(count - 1).length < 2 ? 2 : String(count - 1).length;
  return Array.from({ length: count }, (_, k) => {
    const crestColour = CREST_COLOURS[k % radix[0]];
    const crestShape = CREST_SHAPES[Math.floor(k / radix[0]) % radix[1]];
    const wing = WING_PATTERNS[Math.floor(k / (radix[0] * radix[1])) % radix[2]];
    const name = `class-${String(k).padStart(width, '0')}-${crestColour}-${crestShape}-${wing}`;
    return { name, crestColour, crestShape, wing };
  });
}

/** Renders one size×size image of a bird of class `bird`; all randomness comes from `rng`. */
export function renderBird(bird: BirdClass, size: number, rng: Rng): Uint8Array {
  const raster = new Raster(size, size);
  paintBackground(raster, rng);
  const pose = randomPose(size, rng);
  drawBranch(raster, pose, rng);
  drawBirdAt(raster, pose, bird, rng);
  finish(raster, rng);
  return raster.toBytes();
}

// Local bird coordinates: x forward (towards the head), y down, 1 unit = body length.
// Extent of everything drawn, used to keep the bird inside the frame.
const BIRD_EXTENT = [-0.58, -0.49, 0.54, 0.32] as const;

function randomPose(size: number, rng: Rng): Pose {
  const scale = rng.uniform(0.55, 0.72) * size;
  const angle = rng.uniform(-0.3, 0.3);
  const mirrored = rng.next() < 0.5;
  // Place the bird so that its extent stays within the central 84% of the frame (random crops
  // of the training pipeline cut up to ~13% from one side).
  const probe = new Pose(0, 0, scale, angle, mirrored).bounds(...BIRD_EXTENT);
  const lo = 0.08 * size;
  const hi = 0.92 * size;
  const place = (min: number, max: number) => (hi - max >= lo - min ? rng.uniform(lo - min, hi - max) : (lo + hi - min - max) / 2);
  const tx = place(probe[0], probe[2]);
  const ty = place(probe[1], probe[3]);
  return new Pose(tx, ty, scale, angle, mirrored);
}

function hsv(h: number, s: number, v: number): Rgb {
  const f = (n: number) => {
    const k = (n + h * 6) % 6;
    return v - v * s * Math.max(0, Math.min(k, 4 - k, 1));
  };
  return [f(5), f(3), f(1)];
}

/** Natural-looking backdrop: foliage, sky or sand tones (muted, so that crest colours stand out). */
function randomBackdropColour(rng: Rng): Rgb {
  const family = rng.int(3);
  const hue = family === 0 ? rng.uniform(0.18, 0.4) : family === 1 ? rng.uniform(0.5, 0.62) : rng.uniform(0.07, 0.14);
  return hsv(hue, rng.uniform(0.15, 0.5), rng.uniform(0.45, 0.9));
}

function paintBackground(raster: Raster, rng: Rng): void {
  const size = raster.width;
  const from = randomBackdropColour(rng);
  const to = randomBackdropColour(rng);
  const direction = rng.uniform(0, 2 * Math.PI);
  const dx = Math.cos(direction) / size;
  const dy = Math.sin(direction) / size;
  // Low-frequency mottling: smooth interpolation of a coarse grid of random values.
  const grid = 5;
  const cells = Array.from({ length: (grid + 1) * (grid + 1) }, () => rng.uniform(-1, 1));
  const amplitude = rng.uniform(0.04, 0.12);
  const smooth = (t: number) => t * t * (3 - 2 * t);
  raster.paint((x, y, out) => {
    const t = Math.min(1, Math.max(0, 0.5 + (x - size / 2) * dx + (y - size / 2) * dy));
    const gx = (x / size) * grid;
    const gy = (y / size) * grid;
    const ix = Math.min(grid - 1, Math.floor(gx));
    const iy = Math.min(grid - 1, Math.floor(gy));
    const fx = smooth(gx - ix);
    const fy = smooth(gy - iy);
    const at = (cx: number, cy: number) => cells[cy * (grid + 1) + cx];
    const top = at(ix, iy) * (1 - fx) + at(ix + 1, iy) * fx;
    const bottom = at(ix, iy + 1) * (1 - fx) + at(ix + 1, iy + 1) * fx;
    const mottle = amplitude * (top * (1 - fy) + bottom * fy);
    for (let c = 0; c < 3; c++) out[c] = from[c] + (to[c] - from[c]) * t + mottle;
  });
  // Distractors: soft leaves/stones in backdrop tones, partly transparent.
  const blobs = 2 + rng.int(5);
  for (let i = 0; i < blobs; i++) {
    const cx = rng.uniform(0, size);
    const cy = rng.uniform(0, size);
    const rx = rng.uniform(0.05, 0.2) * size;
    const ry = rx * rng.uniform(0.3, 1);
    const angle = rng.uniform(0, Math.PI);
    const colour = randomBackdropColour(rng);
    const r = Math.max(rx, ry);
    raster.fill((x, y) => ellipseSdf(x, y, cx, cy, rx, ry, angle), [cx - r, cy - r, cx + r, cy + r], colour, rng.uniform(0.3, 0.7));
  }
}

/** A branch under the bird's feet, across the frame. */
function drawBranch(raster: Raster, pose: Pose, rng: Rng): void {
  const size = raster.width;
  const [fx, fy] = pose.toImage(0.03, 0.31);
  const slope = rng.uniform(-0.25, 0.25);
  const ax = -0.1 * size;
  const bx = 1.1 * size;
  const ay = fy + (ax - fx) * slope;
  const by = fy + (bx - fx) * slope;
  const r = pose.scale * rng.uniform(0.025, 0.04);
  const colour = hsv(rng.uniform(0.06, 0.1), rng.uniform(0.4, 0.6), rng.uniform(0.25, 0.45));
  raster.fill((x, y) => capsuleSdf(x, y, ax, ay, bx, by, r), [ax - r, Math.min(ay, by) - r, bx + r, Math.max(ay, by) + r], colour);
}

function drawBirdAt(raster: Raster, pose: Pose, bird: BirdClass, rng: Rng): void {
  const shade = (c: Rgb, k: number): Rgb => [c[0] * k, c[1] * k, c[2] * k];
  // Muted plumage of any hue: never as saturated as a crest.
  const body = hsv(rng.next(), rng.uniform(0.1, 0.45), rng.uniform(0.35, 0.72));
  const jitter = () => rng.uniform(-0.05, 0.05);
  const base = CREST_RGB[bird.crestColour];
  const crest: Rgb = [base[0] + jitter(), base[1] + jitter(), base[2] + jitter()];
  const dark: Rgb = [0.12, 0.1, 0.09];
  const mark: Rgb = [0.96, 0.95, 0.9];
  const fill = (local: (x: number, y: number) => number, box: readonly [number, number, number, number], colour: Rgb) =>
    raster.fill(pose.sdf(local), pose.bounds(...box), colour);

  // Legs, tail, body, wing, head: back to front.
  fill((x, y) => capsuleSdf(x, y, -0.03, 0.12, -0.05, 0.31, 0.014), [-0.08, 0.1, -0.01, 0.33], dark);
  fill((x, y) => capsuleSdf(x, y, 0.07, 0.12, 0.09, 0.31, 0.014), [0.05, 0.1, 0.12, 0.33], dark);
  const tail = [-0.2, -0.05, -0.58, -0.16, -0.54, 0.05, -0.2, 0.06];
  fill((x, y) => polygonSdf(x, y, tail), [-0.58, -0.16, -0.2, 0.06], shade(body, 0.8));
  fill((x, y) => ellipseSdf(x, y, 0, 0, 0.3, 0.17, -0.15), [-0.31, -0.2, 0.31, 0.2], body);
  const wingAngle = -0.22;
  const wingColour = shade(body, 0.68);
  fill((x, y) => ellipseSdf(x, y, -0.05, -0.01, 0.21, 0.095, wingAngle), [-0.27, -0.12, 0.17, 0.1], wingColour);
  drawWingPattern(fill, bird.wing, wingAngle, mark);
  const head = shade(body, 1.05);
  // Crests get a thin dark outline so that their shape reads against any backdrop colour.
  const outlined = (local: (x: number, y: number) => number, box: readonly [number, number, number, number]) => {
    const grown: [number, number, number, number] = [box[0] - 0.02, box[1] - 0.02, box[2] + 0.02, box[3] + 0.02];
    fill((x, y) => local(x, y) - 0.018, grown, dark);
    fill(local, box, crest);
  };
  if (bird.crestShape === 'round-crest') {
    outlined((x, y) => circleSdf(x, y, 0.25, -0.3, 0.085), [0.16, -0.39, 0.34, -0.21]);
  } else if (bird.crestShape === 'spiky-crest') {
    const spike = [0.19, -0.22, 0.1, -0.47, 0.24, -0.3, 0.31, -0.24];
    outlined((x, y) => polygonSdf(x, y, spike), [0.1, -0.47, 0.31, -0.22]);
  }
  fill((x, y) => circleSdf(x, y, 0.3, -0.16, 0.125), [0.17, -0.29, 0.43, -0.03], head);
  if (bird.crestShape === 'eye-mask') {
    outlined((x, y) => capsuleSdf(x, y, 0.21, -0.17, 0.41, -0.2, 0.04), [0.17, -0.25, 0.45, -0.12]);
  }
  const beak = [0.41, -0.2, 0.54, -0.15, 0.41, -0.11];
  fill((x, y) => polygonSdf(x, y, beak), [0.41, -0.2, 0.54, -0.11], shade(dark, 2.2));
  fill((x, y) => circleSdf(x, y, 0.34, -0.19, 0.026), [0.31, -0.22, 0.37, -0.16], dark);
}

/** The wing pattern, in the wing's frame (centre (−0.05, −0.01), tilted by `angle`). */
function drawWingPattern(
  fill: (local: (x: number, y: number) => number, box: readonly [number, number, number, number], colour: Rgb) => void,
  pattern: WingPattern,
  angle: number,
  colour: Rgb,
): void {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  // Wing-frame (u along the wing, v across it) to bird-local coordinates.
  const at = (u: number, v: number): [number, number] => [-0.05 + u * c - v * s, -0.01 + u * s + v * c];
  if (pattern === 'striped-wing') {
    for (const u of [-0.1, 0.0]) {
      const [ax, ay] = at(u - 0.015, -0.075);
      const [bx, by] = at(u + 0.015, 0.075);
      fill((x, y) => capsuleSdf(x, y, ax, ay, bx, by, 0.022), [Math.min(ax, bx) - 0.03, Math.min(ay, by) - 0.03, Math.max(ax, bx) + 0.03, Math.max(ay, by) + 0.03], colour);
    }
  } else if (pattern === 'spotted-wing') {
    for (const u of [-0.12, -0.04, 0.04]) {
      const [cx, cy] = at(u, 0.01);
      fill((x, y) => circleSdf(x, y, cx, cy, 0.032), [cx - 0.04, cy - 0.04, cx + 0.04, cy + 0.04], colour);
    }
  }
}

/** Scene lighting and sensor noise, so that no class can be told by exact colours. */
function finish(raster: Raster, rng: Rng): void {
  const gain = rng.uniform(0.85, 1.12);
  const cast = [rng.uniform(-0.04, 0.04), rng.uniform(-0.04, 0.04), rng.uniform(-0.04, 0.04)];
  const sigma = rng.uniform(0.015, 0.04);
  const data = raster.data;
  for (let i = 0; i < data.length; i++) data[i] = data[i] * gain + cast[i % 3] + sigma * rng.normal();
}

// Turbo (Mikhailov, Google 2019): a perceptually smoother, more legible rainbow than jet, the colormap CAM
// overlays are usually shown with. Built once as a 256-entry table from the published polynomial fit.

const RED = [0.13572138, 4.6153926, -42.66032258, 132.13108234, -152.94239396, 59.28637943];
const GREEN = [0.09140261, 2.19418839, 4.84296658, -14.18503333, 4.27729857, 2.82956604];
const BLUE = [0.1066733, 12.64194608, -60.58204836, 110.36276771, -89.90310912, 27.34824973];

function polynomial(coefficients: number[], x: number): number {
  let power = 1;
  let sum = 0;
  for (const c of coefficients) {
    sum += c * power;
    power *= x;
  }
  return sum;
}

const toByte = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 255);

/** TURBO[3·i .. 3·i+2] is the RGB colour of value i/255. */
export const TURBO: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const x = i / 255;
    lut[i * 3] = toByte(polynomial(RED, x));
    lut[i * 3 + 1] = toByte(polynomial(GREEN, x));
    lut[i * 3 + 2] = toByte(polynomial(BLUE, x));
  }
  return lut;
})();

/** The turbo colour of a value in [0, 1] (clamped), as [r, g, b] bytes. */
export function turbo(value: number): [number, number, number] {
  const i = Math.round(Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0)) * 255) * 3;
  return [TURBO[i], TURBO[i + 1], TURBO[i + 2]];
}

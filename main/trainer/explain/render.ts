// One image of a batch explanation as pictures: each network's view, its map over that view with the crop
// box it passed on drawn, the crop itself, and the whole model's map over the input.
import type { BatchExplanation } from './explain-batch';
import { denormalizeToRgb, drawBox, overlayHeatmap, type RgbImage } from './overlay';

export interface RenderedView {
  name: string;
  /** What this network saw (the input, or the previous network's crop). */
  view: RgbImage;
  /** Its map over that view, crop box drawn. */
  cam: RgbImage;
  /** The crop it passed on (the next network's view), or null. */
  crop: RgbImage | null;
  box: number[] | null;
}

export interface RenderedExplanation {
  input: RgbImage;
  /** The whole model's map over the input. */
  modelCam: RgbImage;
  views: RenderedView[];
}

/** Pictures of image `i`; needs an explanation with inputs and maps. */
export function renderExplanation(explanation: BatchExplanation, i: number, opacity: number): RenderedExplanation {
  const { height, width, streams } = explanation;
  const pixels = height * width;
  if (streams.some((s) => s.input.length === 0 || s.map.length === 0)) throw new Error('renderExplanation needs an explanation with inputs and maps');
  const views = streams.map((s) => denormalizeToRgb(s.input, width, height, i * pixels * 3));
  const rendered: RenderedView[] = streams.map((s, t) => {
    const box = explanation.boxes[i][t] ?? null;
    const heat = overlayHeatmap(views[t], s.map.subarray(i * pixels, (i + 1) * pixels), opacity);
    return { name: s.name, view: views[t], cam: box ? drawBox(heat, box) : heat, crop: box ? (views[t + 1] ?? null) : null, box };
  });
  return {
    input: views[0],
    modelCam: overlayHeatmap(views[0], explanation.modelMap.subarray(i * pixels, (i + 1) * pixels), opacity),
    views: rendered,
  };
}

// datasets.*: import reports and paged image lists for the class browser.
import type { ApiHandlers, ServiceContext } from './types';

export function datasetHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'datasets.inspect' | 'datasets.samples'> {
  return {
    async 'datasets.inspect'(input) {
      return (await ctx.datasets.inspect(input)).report;
    },
    async 'datasets.samples'(input) {
      return ctx.datasets.samples(input);
    },
  };
}

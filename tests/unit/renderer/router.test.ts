import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash, type Route } from '../../../renderer/src/router';

describe('hash router', () => {
  it('round-trips every route through its href', () => {
    const routes: Route[] = [
      { name: 'datasets' },
      { name: 'new-run' },
      { name: 'run', runId: 'r-1' },
      { name: 'run', runId: null },
      { name: 'runs' },
      { name: 'compare', runIds: ['a', 'b.c'] },
      { name: 'gallery', runId: 'x_y' },
      { name: 'gallery', runId: null },
      { name: 'predict' },
      { name: 'settings' },
    ];
    for (const route of routes) expect(parseHash(hrefFor(route))).toEqual(route);
  });

  it('opens the runs list on an empty hash and says not-found for unknown paths', () => {
    expect(parseHash('')).toEqual({ name: 'runs' });
    expect(parseHash('#/')).toEqual({ name: 'runs' });
    expect(parseHash('#/nope')).toEqual({ name: 'not-found', path: '/nope' });
  });
});

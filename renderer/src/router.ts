// A hash router: the renderer is loaded from file:// in Electron and from `mge serve` in a browser, and a
// hash route works in both without any server or Node help. Routes are typed; views link with hrefFor.
import { readonly, ref } from 'vue';

export type Route =
  | { name: 'datasets' }
  | { name: 'new-run' }
  /** The live view of a run (or its recorded history once finished); null = the most recent active run. */
  | { name: 'run'; runId: string | null }
  | { name: 'runs' }
  | { name: 'compare'; runIds: string[] }
  | { name: 'gallery'; runId: string | null }
  | { name: 'predict' }
  | { name: 'settings' }
  | { name: 'not-found'; path: string };

export type RouteName = Route['name'];

export const DEFAULT_ROUTE: Route = { name: 'runs' };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart, queryPart = ''] = raw.split('?');
  const segments = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(queryPart);
  const [first, second] = segments;
  switch (first) {
    case undefined:
      return DEFAULT_ROUTE;
    case 'datasets':
      return { name: 'datasets' };
    case 'new-run':
      return { name: 'new-run' };
    case 'live':
      return { name: 'run', runId: second ?? null };
    case 'runs':
      return second ? { name: 'run', runId: second } : { name: 'runs' };
    case 'compare':
      return { name: 'compare', runIds: (query.get('ids') ?? '').split(',').filter(Boolean) };
    case 'gallery':
      return { name: 'gallery', runId: second ?? null };
    case 'predict':
      return { name: 'predict' };
    case 'settings':
      return { name: 'settings' };
    default:
      return { name: 'not-found', path: pathPart };
  }
}

export function hrefFor(route: Route): string {
  const id = (value: string) => encodeURIComponent(value);
  switch (route.name) {
    case 'run':
      return route.runId ? `#/runs/${id(route.runId)}` : '#/live';
    case 'compare':
      return `#/compare?ids=${route.runIds.map(id).join(',')}`;
    case 'gallery':
      return route.runId ? `#/gallery/${id(route.runId)}` : '#/gallery';
    case 'not-found':
      return `#/${route.path}`;
    default:
      return `#/${route.name}`;
  }
}

const current = ref<Route>(typeof window === 'undefined' ? DEFAULT_ROUTE : parseHash(window.location.hash));

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    current.value = parseHash(window.location.hash);
  });
}

/** The current route (read-only; change it with navigate or a link). */
export const currentRoute = readonly(current);

export function navigate(route: Route): void {
  const href = hrefFor(route);
  if (window.location.hash === href) return;
  window.location.hash = href;
  // hashchange fires asynchronously; update now so that the next render already shows the new view.
  current.value = parseHash(href);
}

// The push side of the API: services emit ApiEvents here, and each transport (Electron IPC, WebSocket)
// forwards them to its renderers. A failing transport listener never breaks the emitter.
import type { ApiEventName, ApiEvents } from '../../../shared/api';

type Listener<E extends ApiEventName> = (payload: ApiEvents[E]) => void;

export class ApiEventBus {
  private readonly listeners = new Map<ApiEventName, Set<Listener<ApiEventName>>>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  on<E extends ApiEventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<ApiEventName>);
    return () => set.delete(listener as Listener<ApiEventName>);
  }

  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}

// The API contract over WebSocket: one JSON message per call ({type:'call', id, method, input}) answered
// by {type:'result', id, result}, and every ApiEvent pushed to every connected renderer as
// {type:'event', name, payload}. The connection itself was authenticated at the upgrade.
import type { RawData, WebSocket } from 'ws';
import { API_EVENT_NAMES, wireRequestSchema, type WireMessage } from '../../shared/api';
import { fail, type Result } from '../../shared/result';
import type { ApiService } from '../services/api';

/** A message that cannot be read at all gets its answer under this id. */
const UNREADABLE_ID = -1;

export class WsApi {
  private readonly clients = new Set<WebSocket>();
  private readonly unsubscribe: Array<() => void>;

  constructor(private readonly service: ApiService) {
    this.unsubscribe = API_EVENT_NAMES.map((name) => service.on(name, (payload) => this.broadcast({ type: 'event', name, payload })));
  }

  get clientCount(): number {
    return this.clients.size;
  }

  attach(socket: WebSocket): void {
    this.clients.add(socket);
    socket.on('close', () => this.clients.delete(socket));
    socket.on('error', () => this.clients.delete(socket));
    socket.on('message', (data, isBinary) => void this.onMessage(socket, data, isBinary));
  }

  /** Stops forwarding events and closes every connection with "going away". */
  close(): void {
    for (const off of this.unsubscribe) off();
    for (const socket of this.clients) socket.close(1001, 'server shutting down');
    this.clients.clear();
  }

  private async onMessage(socket: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    const request = parseRequest(data, isBinary);
    const result = 'problem' in request ? request.problem : await this.service.handleCall(request.method, request.input);
    send(socket, { type: 'result', id: request.id, result });
  }

  private broadcast(message: WireMessage): void {
    const text = JSON.stringify(message);
    for (const socket of this.clients) if (socket.readyState === socket.OPEN) socket.send(text);
  }
}

type ParsedRequest = { id: number; method: string; input?: unknown } | { id: number; problem: Result<never> };

function parseRequest(data: RawData, isBinary: boolean): ParsedRequest {
  if (isBinary) return { id: UNREADABLE_ID, problem: fail('invalid-input', 'binary messages are not part of the API; send JSON text') };
  let json: unknown;
  try {
    json = JSON.parse(data.toString());
  } catch {
    return { id: UNREADABLE_ID, problem: fail('invalid-input', 'the message is not valid JSON') };
  }
  const parsed = wireRequestSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  // Answer under the caller's id when it gave a usable one, so its pending call fails instead of hanging.
  const id = typeof (json as { id?: unknown })?.id === 'number' && Number.isInteger((json as { id: number }).id) && (json as { id: number }).id >= 0 ? (json as { id: number }).id : UNREADABLE_ID;
  const details = parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(message)', message: issue.message }));
  return { id, problem: fail('invalid-input', `not an API call: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details) };
}

function send(socket: WebSocket, message: WireMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

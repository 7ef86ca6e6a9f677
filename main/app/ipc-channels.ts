// The two IPC channels between the preload and main: calls (invoke → Result) and pushed events.
export const IPC_CHANNELS = {
  /** invoke(method, input) → Result */
  call: 'mge:call',
  /** send(name, payload) to the renderer */
  event: 'mge:event',
} as const;

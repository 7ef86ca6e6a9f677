// The state of the link to main (always connected in Electron; the WebSocket in browser mode),
// for the banner that tells the user why nothing updates.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { connection, type ConnectionState } from '../api';

export const useConnectionStore = defineStore('connection', () => {
  const state = ref<ConnectionState>(connection.state);
  connection.onChange((next) => {
    state.value = next;
  });
  return { state };
});

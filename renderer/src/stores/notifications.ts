// Toasts: short confirmations and the errors that have no better place next to a field.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppError } from '../../../shared/result';

export type NotificationKind = 'success' | 'info' | 'error';

export interface AppNotification {
  id: number;
  kind: NotificationKind;
  title: string;
  message?: string;
}

const AUTO_DISMISS_MS = 5000;

export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<AppNotification[]>([]);
  let nextId = 1;

  function push(kind: NotificationKind, title: string, message?: string): number {
    const id = nextId++;
    items.value.push({ id, kind, title, message });
    // Errors stay until dismissed: the user has to read them.
    if (kind !== 'error') setTimeout(() => dismiss(id), AUTO_DISMISS_MS);
    return id;
  }

  function dismiss(id: number): void {
    items.value = items.value.filter((item) => item.id !== id);
  }

  function error(title: string, error: AppError | string): number {
    return push('error', title, typeof error === 'string' ? error : error.message);
  }

  return { items, push, dismiss, error, success: (title: string, message?: string) => push('success', title, message), info: (title: string, message?: string) => push('info', title, message) };
});

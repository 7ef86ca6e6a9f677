// Drives a native modal <dialog> from a boolean: showModal() when it turns true (then focuses the given
// element), close() when it turns false. Escape/backdrop handling stays with the caller's @cancel.
import { nextTick, ref, watch, type Ref } from 'vue';

/** Returns the ref to bind as the <dialog>'s template ref. */
export function useModalDialog(isOpen: () => boolean, focusOnOpen: Ref<HTMLElement | null>): Ref<HTMLDialogElement | null> {
  const dialog = ref<HTMLDialogElement | null>(null);
  watch(
    isOpen,
    async (open) => {
      await nextTick();
      const element = dialog.value;
      if (!element) return;
      if (open && !element.open) {
        // Without showModal()/close() (a DOM lacking <dialog> support), toggle the attribute instead.
        if (typeof element.showModal === 'function') element.showModal();
        else element.setAttribute('open', '');
        focusOnOpen.value?.focus();
      } else if (!open && element.open) {
        if (typeof element.close === 'function') element.close();
        else element.removeAttribute('open');
      }
    },
    { immediate: true },
  );
  return dialog;
}

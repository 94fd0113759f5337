import { onBeforeUnmount, onMounted } from 'vue'
import './tool.css'

/** Switches the document to the light tool look while a role page is mounted. */
export function useToolMode(): void {
  onMounted(() => document.documentElement.classList.add('tool-mode'))
  onBeforeUnmount(() => document.documentElement.classList.remove('tool-mode'))
}

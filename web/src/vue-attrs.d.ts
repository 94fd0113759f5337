// strictTemplates rejects data-* attributes on native elements unless declared; the wall uses them
// as stable hooks (data-ticket-id, data-status) for tests and kiosk tooling.
export {}

declare module 'vue' {
  interface HTMLAttributes {
    [key: `data-${string}`]: string | number | boolean | null | undefined
  }
}

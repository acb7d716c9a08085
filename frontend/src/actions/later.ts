/**
 * Parts of the team's action items page fetched when first used: the editor (with the owner
 * picker), the form asking why an item is dropped, and an item's history. Each `import()` is
 * literal so the bundler splits the part out.
 */
export const actionEditor = () => import('./ActionEditor.svelte');
export const dropReasonForm = () => import('./DropReasonForm.svelte');
export const itemHistory = () => import('./ItemHistory.svelte');

/**
 * What the debt page fetches when first used: an item's history (in its edit dialog) and the
 * delete confirmation. Each `import()` is literal so the bundler splits the part out.
 */
export const itemHistory = () => import('../actions/ItemHistory.svelte');
export const confirmDialog = () => import('../ui/ConfirmDialog.svelte');

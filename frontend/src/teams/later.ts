/**
 * Parts of the team page fetched once the page shows: the team's templates (with the template
 * dialog) and, for facilitators, the invite links. Each `import()` is literal so the bundler
 * splits the part out.
 */
export const teamTemplates = () => import('../templates/TeamTemplates.svelte');
export const inviteManager = () => import('../invites/InviteManager.svelte');

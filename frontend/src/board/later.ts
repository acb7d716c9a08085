/**
 * The parts of the board page fetched only when they are shown. Someone joining a board in
 * the write phase downloads the columns and cards; the topics, the action items, the closing
 * summary and the facilitator's dialogs come when the retro (or the facilitator) gets there.
 * Each `import()` is literal so the bundler splits the part out.
 */

export const topicParts = () =>
  Promise.all([import('./TopicBoard.svelte'), import('./ActionList.svelte')]).then(([topics, list]) => ({
    default: { TopicBoard: topics.default, ActionList: list.default },
  }));

export const actionParts = () =>
  Promise.all([import('./ActionForm.svelte'), import('./ActionList.svelte')]).then(([form, list]) => ({
    default: { ActionForm: form.default, ActionList: list.default },
  }));

export const closedParts = () =>
  Promise.all([
    import('../summary/ClosingSummary.svelte'),
    import('./PerceptionGaps.svelte'),
    import('./BoardAsItWas.svelte'),
    import('./TopicBoard.svelte'),
    import('./ActionList.svelte'),
    import('./CheckInPanel.svelte'),
    import('./FrictionSummary.svelte'),
  ]).then(([summary, gaps, asItWas, topics, list, checkIn, friction]) => ({
    default: {
      ClosingSummary: summary.default,
      PerceptionGaps: gaps.default,
      BoardAsItWas: asItWas.default,
      TopicBoard: topics.default,
      ActionList: list.default,
      CheckInPanel: checkIn.default,
      FrictionSummary: friction.default,
    },
  }));

export const earlierActions = () => import('./EarlierActions.svelte');
export const inviteDialog = () => import('./InviteDialog.svelte');
export const templateDialog = () =>
  Promise.all([import('../templates/TemplateDialog.svelte'), import('../api/templates')]).then(
    ([dialog, api]) => ({ default: { TemplateDialog: dialog.default, saveRetroAsTemplate: api.saveRetroAsTemplate } }),
  );

export const radarPanel = () => import('./RadarPanel.svelte');
export const signalParts = () =>
  Promise.all([import('./SignalsPanel.svelte'), import('./SignalPrompts.svelte')]).then(([panel, prompts]) => ({
    default: { SignalsPanel: panel.default, SignalPrompts: prompts.default },
  }));
export const settingsPanel = () => import('./SettingsPanel.svelte');
export const checkInPanel = () => import('./CheckInPanel.svelte');
export const frictionSummary = () => import('./FrictionSummary.svelte');
export const addColumnForm = () => import('./AddColumnForm.svelte');
export const promptsPanel = () => import('./PromptsPanel.svelte');
/** Only a phone shows the column tabs. */
export const columnTabs = () => import('./ColumnTabs.svelte');
/** The facilitator's controls in the phase bar: participants never fetch them. */
export const phaseControls = () => import('./PhaseControls.svelte');
/** A facilitator's rename and remove tools on a column. */
export const columnTools = () => import('./ColumnTools.svelte');
/** Asking before a card is deleted: fetched the first time someone asks. */
export const confirmDialog = () => import('../ui/ConfirmDialog.svelte');
/** Sending a card to the tech-debt backlog, offered from the reveal on. */
export const addToBacklog = () => import('./AddToBacklog.svelte');
/** The board page's facilitator-only buttons, dialogs and warnings. */
export const facilitatorTools = () => import('./BoardTools.svelte');
/** A card's edit form, fetched when its author first edits one. */
export const cardEditor = () => import('./CardEditor.svelte');
/** A card's reactions, shown from the reveal on. */
export const cardReactions = () => import('./CardReactions.svelte');

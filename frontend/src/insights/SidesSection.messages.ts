import { i18n } from '../i18n/catalogue';

export const sidesWords = i18n('insights.sides', {
  product: 'Product',
  engineering: 'Engineering',
  radarTitle: 'Health radar by side',
  radarDescription: "Each side's average rating (1 to 5) per sprint; a side is shown once three of its people answered.",
  radarEmpty: "No sprint in this period has three answers from a side yet: turn the radar on in a retro's settings.",
  voiceTitle: 'Equal voice',
  voiceDescription:
    "Each side's share of what was written, voted, noted and owned, per sprint (engineering managers count on neither side).",
  voiceEmpty: 'Nothing in this period can be shown by side.',
  flagsCaption: "What each retro's balance says",
  sprint: 'Sprint',
  flags: 'Flags',
});

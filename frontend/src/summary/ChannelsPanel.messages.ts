import { i18n, params } from '../i18n/catalogue';

export const channelWords = i18n('summary.channels', {
  title: 'Chat channels',
  description: "The summary as the team's channels were sent it.",
  posting: params('Posting to {channel}…'),
  notPosted: params('Not posted to {channel} yet'),
  posted: params('Posted to {channel} {time}'),
  refused: params('{channel} refused the post: {reason}'),
  noReason: 'no reason given',
  gaveUp: params('Gave up posting to {channel} after {tries} tries: {reason}'),
  retrying: params('Posting to {channel}: try {next} soon (last: {reason})'),
  open: 'Open the message',
  post: params('Post to {channel}'),
  postAgain: params('Post again to {channel}'),
});

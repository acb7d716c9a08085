import { i18n, params } from '../i18n/catalogue';

export const cardWords = i18n('board.card', {
  hidden: 'Hidden until reveal',
  you: 'You',
  anonymous: 'Anonymous',
  guestRole: params('{role} · guest'),
  select: 'Select',
  selectCard: params('this card: {text}'),
  editedAt: params('Edited {when}'),
  edited: 'edited',
  edit: 'Edit',
  delete: 'Delete',
  reactions: 'Reactions',
  react: params('React {emoji}'),
  reactedBy: params('React {emoji} ({people})'),
  confirmTitle: 'Delete this card?',
  confirmMessage: params('“{excerpt}” will be removed for everyone. This cannot be undone.'),
  deleted: 'Card deleted',
});

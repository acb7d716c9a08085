import { i18n, params } from '../i18n/catalogue';

export const editorWords = i18n('actions.editor', {
  ownersFailed: 'Could not load the team to choose an owner; the other fields still save.',
  dueBefore: params('The due date cannot be before the day the item was agreed ({date}).'),
  form: 'Edit action item',
  title: 'Title',
  category: 'Category',
  choose: 'Choose…',
  noCategory: 'No category',
  due: 'Due date',
  save: 'Save',
  cancel: 'Cancel',
});

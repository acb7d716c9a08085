/** The sprint-signal settings of a Jira connection, as the form holds them and as they are sent. */

export type QuestionRule = 'question_mark' | 'label' | 'off';

export interface SignalSettingsForm {
  storyPointsField: string;
  qaStatuses: string;
  debtLabels: string;
  debtIssueTypes: string;
  questions: QuestionRule;
  questionLabel: string;
}

export const blankSignalSettings = (): SignalSettingsForm => ({
  storyPointsField: 'customfield_10016',
  qaStatuses: '',
  debtLabels: 'tech-debt',
  debtIssueTypes: '',
  questions: 'question_mark',
  questionLabel: 'question',
});

export function commaList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function signalSettingsBody(form: SignalSettingsForm) {
  return {
    story_points_field: form.storyPointsField.trim() || 'customfield_10016',
    qa_statuses: commaList(form.qaStatuses),
    debt_labels: commaList(form.debtLabels),
    debt_issue_types: commaList(form.debtIssueTypes),
    questions: form.questions,
    question_label: form.questionLabel.trim() || 'question',
  };
}

export const QUESTION_RULES: Record<QuestionRule, string> = {
  question_mark: 'Comments holding a “?” while the story is in progress',
  label: 'Comments on in-progress stories carrying the question label',
  off: 'Not counted from Jira',
};

import { describe, expect, it } from 'vitest';
import { blankSignalSettings, commaList, signalSettingsBody } from './jiraSignalSettings';

describe('the sprint-signal settings of a Jira connection', () => {
  it('splits comma lists and drops blanks', () => {
    expect(commaList(' In QA, ,In Review ')).toEqual(['In QA', 'In Review']);
    expect(commaList('')).toEqual([]);
  });

  it('sends the defaults when left as they are, and a blank field falls back to its default', () => {
    expect(signalSettingsBody(blankSignalSettings())).toEqual({
      story_points_field: 'customfield_10016',
      qa_statuses: [],
      debt_labels: ['tech-debt'],
      debt_issue_types: [],
      questions: 'question_mark',
      question_label: 'question',
    });
    const changed = { ...blankSignalSettings(), storyPointsField: ' ', qaStatuses: 'In QA', questions: 'off' as const };
    const body = signalSettingsBody(changed);
    expect([body.story_points_field, body.qa_statuses, body.questions]).toEqual(['customfield_10016', ['In QA'], 'off']);
  });
});

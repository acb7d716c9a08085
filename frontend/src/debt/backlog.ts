/**
 * What the tech-debt page shows, worked out from the API's answers: labels and number formats,
 * the lists each side still owes a score on, and the form drafts of an item and a sprint's
 * capacity. The limits mirror the server's (`domain/debt.py`), which stays the judge.
 */
import { formatFixed, formatUpTo } from '../ui/format';
import type {
  CapacityStatus,
  DebtCreate,
  DebtItem,
  DebtRanking,
  DebtStatus,
  DebtUpdate,
  MissingScore,
} from '../api/types';
import { labelsOf } from '../actions/items';
import { collect, maxChars, required, type Errors } from '../ui/forms';
import { backlogWords, capacityWords, debtStatusWords, impactWords } from './backlog.messages';

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 5000;
export const AREA_MAX = 80;
export const DRAG_HOURS_MAX = 200;
export const POINTS_MAX = 100_000;
/** Story points, as in planning poker. */
export const EFFORT_SCALE: readonly number[] = [1, 2, 3, 5, 8, 13];
export const IMPACT_SCALE: readonly number[] = [1, 2, 3, 4, 5];

export const STATUSES: DebtStatus[] = ['open', 'planned', 'in_progress', 'done', 'wont_fix'];
export const STATUS_LABELS = labelsOf(STATUSES, debtStatusWords);
/** The statuses the ranking covers; done and won't-fix items drop out of it. */
export const LIVE_STATUSES: ReadonlySet<DebtStatus> = new Set(['open', 'planned', 'in_progress']);

export const IMPACT_LABELS: Readonly<Record<number, string>> = labelsOf(IMPACT_SCALE as (1 | 2 | 3 | 4 | 5)[], impactWords);

export const CAPACITY_LABELS = labelsOf<CapacityStatus>(['under', 'at', 'over'], capacityWords);

export function statusLabel(status: string): string {
  return (STATUS_LABELS as Record<string, string>)[status] ?? status;
}

/** `1.2345` → `"1.23"`, `2` → `"2"`: at most `digits` decimals, no trailing zeros. */
export function trimNumber(value: number, digits = 2): string {
  return formatUpTo(value, digits);
}

const DASH = '—';

export function formatPriority(priority: number | null | undefined): string {
  return priority === null || priority === undefined ? DASH : formatFixed(priority, 2);
}

export function formatHours(hours: number | null | undefined): string {
  return hours === null || hours === undefined ? DASH : `${trimNumber(hours, 1)} h`;
}

export function formatImpact(impact: number | null | undefined): string {
  return impact === null || impact === undefined ? DASH : `${impact} / 5`;
}

export function formatEffort(effort: number | null | undefined): string {
  if (effort === null || effort === undefined) return DASH;
  return backlogWords.get().points(effort);
}

export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined ? DASH : `${trimNumber(share, 1)} %`;
}

export function formatPoints(points: number | null | undefined): string {
  return points === null || points === undefined ? DASH : trimNumber(points, 1);
}

/** `["eng_drag", "eng_effort"]` → `"Needs drag and effort"`; `""` when nothing is missing. */
export function missingText(missing: readonly MissingScore[]): string {
  const w = backlogWords.get();
  const named: Record<string, string> = { pm_impact: w.pm_impact, eng_drag: w.eng_drag, eng_effort: w.eng_effort };
  const words = missing.map((m) => named[m] ?? m);
  if (words.length === 0) return '';
  if (words.length === 1) return w.needsOne({ a: words[0]! });
  if (words.length === 2) return w.needsTwo({ a: words[0]!, b: words[1]! });
  const last = words.pop()!;
  return w.needsMore({ list: words.join(', '), last });
}

export const needsPm = (item: Pick<DebtItem, 'missing'>) => item.missing.includes('pm_impact');
export const needsEng = (item: Pick<DebtItem, 'missing'>) =>
  item.missing.includes('eng_drag') || item.missing.includes('eng_effort');

export interface Awaiting {
  pm: DebtItem[];
  eng: DebtItem[];
}

/**
 * The unscored items each side still owes a score on, in the ranking's order (oldest first).
 * An item missing both kinds of score is in both lists.
 */
export function awaiting(ranking: Pick<DebtRanking, 'unscored' | 'awaiting_pm' | 'awaiting_eng'>): Awaiting {
  const pmIds = new Set(ranking.awaiting_pm);
  const engIds = new Set(ranking.awaiting_eng);
  return {
    pm: ranking.unscored.filter((i) => pmIds.has(i.id)),
    eng: ranking.unscored.filter((i) => engIds.has(i.id)),
  };
}

/** Items out of the ranking because they are finished or dropped, most recently changed first. */
export function closedItems(items: readonly DebtItem[]): DebtItem[] {
  return items
    .filter((i) => !LIVE_STATUSES.has(i.status))
    .sort((a, b) => b.updated_at.localeCompare(a.updated_at));
}

/** Whoever added an item, or a facilitator, may delete it. */
export function mayDelete(
  item: Pick<DebtItem, 'created_by'>,
  me: { user_id: string; is_facilitator: boolean },
): boolean {
  return me.is_facilitator || (item.created_by !== null && item.created_by === me.user_id);
}

// ---- the item form ----

/** An item as typed into the form: scores as the text of their controls, `''` = not scored. */
export interface DebtDraft {
  title: string;
  description: string;
  area: string;
  drag: string;
  impact: string;
  effort: string;
  status: DebtStatus;
}

export function emptyDraft(): DebtDraft {
  return { title: '', description: '', area: '', drag: '', impact: '', effort: '', status: 'open' };
}

const text = (n: number | null) => (n === null ? '' : String(n));

export function draftOf(item: DebtItem): DebtDraft {
  return {
    title: item.title,
    description: item.description,
    area: item.area,
    drag: text(item.drag_hours),
    impact: text(item.impact),
    effort: text(item.effort),
    status: item.status,
  };
}

/** A number typed into a control: null when empty, NaN when it is not a number. */
export function parseNumber(value: string): number | null {
  const trimmed = value.trim().replace(',', '.');
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : Number.NaN;
}

export function checkDrag(value: string): string {
  const n = parseNumber(value);
  if (n === null) return '';
  if (Number.isNaN(n) || n < 0 || n > DRAG_HOURS_MAX) {
    return backlogWords.get().dragRange({ max: DRAG_HOURS_MAX });
  }
  return '';
}

function onScale(value: string, scale: readonly number[], message: string): string {
  const n = parseNumber(value);
  return n === null || scale.includes(n) ? '' : message;
}

/** The same checks the API makes, field by field, under the API's field names. */
export function checkDraft(draft: DebtDraft): Errors {
  const w = backlogWords.get();
  return collect({
    title: required(draft.title, w.titleMissing) || maxChars(draft.title, TITLE_MAX),
    description: maxChars(draft.description, DESCRIPTION_MAX),
    area: maxChars(draft.area, AREA_MAX),
    drag_hours: checkDrag(draft.drag),
    impact: onScale(draft.impact, IMPACT_SCALE, w.impactScale),
    effort: onScale(draft.effort, EFFORT_SCALE, w.effortScale({ scale: EFFORT_SCALE.join(', ') })),
  });
}

export function createBody(draft: DebtDraft): DebtCreate {
  return {
    title: draft.title.trim(),
    description: draft.description.trim(),
    area: draft.area.trim(),
    drag_hours: parseNumber(draft.drag),
    impact: parseNumber(draft.impact),
    effort: parseNumber(draft.effort),
    status: draft.status,
  };
}

/** Only what changed, so two people scoring the same item do not undo each other's numbers. */
export function updateBody(item: DebtItem, draft: DebtDraft): DebtUpdate {
  const next = createBody(draft);
  const body: DebtUpdate = {};
  if (next.title !== item.title) body.title = next.title;
  if (next.description !== item.description) body.description = next.description;
  if (next.area !== item.area) body.area = next.area;
  if (next.drag_hours !== item.drag_hours) body.drag_hours = next.drag_hours ?? null;
  if (next.impact !== item.impact) body.impact = next.impact ?? null;
  if (next.effort !== item.effort) body.effort = next.effort ?? null;
  if (next.status !== item.status) body.status = next.status ?? null;
  return body;
}

// ---- capacity ----

export function capacityLabel(status: CapacityStatus | null): string {
  return status ? CAPACITY_LABELS[status] : backlogWords.get().notRecorded;
}

export interface PointsDraft {
  total: string;
  debt: string;
}

export function checkPoints(draft: PointsDraft): Errors {
  const total = parseNumber(draft.total);
  const debt = parseNumber(draft.debt);
  const w = backlogWords.get();
  const range = (n: number | null, missing: string) => {
    if (n === null) return missing;
    if (Number.isNaN(n) || n < 0 || n > POINTS_MAX) return w.pointsRange({ max: POINTS_MAX });
    return '';
  };
  const errors: Errors = {
    total_points: range(total, w.totalMissing),
    debt_points: range(debt, w.debtMissing),
  };
  if (!errors.total_points && !errors.debt_points && debt! > total!) {
    errors.debt_points = w.debtOverTotal;
  }
  return collect(errors);
}

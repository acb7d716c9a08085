/**
 * The API's types, by the names the backend gives its schemas. Everything in the front end imports
 * from here, never from schema.d.ts, so regenerating that file (`npm run openapi`) is the only
 * step needed when the backend's models change.
 */
import type { components } from './schema';

type Schemas = components['schemas'];

export type Role = Schemas['Role'];
export type Polarity = Schemas['Polarity'];
export type Friction = Schemas['Friction'];
export type ErrorCode = Schemas['ErrorCode'];
export type FlagCode = Schemas['FlagCode'];
export type TemplateKey = Schemas['TemplateKey'];

export type User = Schemas['User'];
export type Guest = Schemas['Guest'];
export type Session = Schemas['Session'];
export type ApiToken = Schemas['ApiToken'];
export type SetupInfo = Schemas['SetupInfo'];
export type SsoInfo = Schemas['SsoInfo'];
export type SsoLinked = Schemas['SsoLinked'];
export type SsoPending = Schemas['SsoPending'];
export type SsoRedirect = Schemas['SsoRedirect'];
export type SsoSignedOut = Schemas['SsoSignedOut'];
export type SsoSetup = Schemas['SsoSetup'];
export type ProfileUpdate = Schemas['ProfileUpdate'];
export type EmailChange = Schemas['EmailChange'];
export type PasswordChange = Schemas['PasswordChange'];
export type AccountSummary = Schemas['AccountSummary'];
export type AccountPage = Schemas['AccountPage'];
export type ResetLinkCreated = Schemas['ResetLinkCreated'];
export type ResetPreview = Schemas['ResetPreview'];
export type MailStatus = Schemas['MailStatus'];
export type UndeliveredMail = Schemas['UndeliveredMail'];
export type AccountDeletion = Schemas['AccountDeletion'];
export type AuditEvent = Schemas['AuditEvent'];
export type AuditPage = Schemas['AuditPage'];
export type AuditKind = Schemas['AuditKind'];
export type Delivery = Schemas['Delivery'];
export type TeamDeliveries = Schemas['TeamDeliveries'];
export type Retried = Schemas['Retried'];
export type ConnectionOut = Schemas['ConnectionOut'];
export type ChannelPostOut = Schemas['ChannelPostOut'];
export type NewConnection = Schemas['NewConnection'];
export type TicketOut = Schemas['TicketOut'];
export type VendorOut = Schemas['VendorOut'];
export type FormFieldOut = Schemas['FormFieldOut'];
export type TrackerSprintFetch = Schemas['TrackerSprintFetch'];
export type SprintFigure = Schemas['SprintFigure'];

export type TeamSummary = Schemas['TeamSummary'];
export type Team = Schemas['Team'];
export type TeamMe = Schemas['TeamMe'];
export type Member = Schemas['Member'];
export type Invite = Schemas['Invite'];
export type InvitePreview = Schemas['InvitePreview'];
export type InviteAccepted = Schemas['InviteAccepted'];

export type Template = Schemas['Template'];
export type TemplateColumn = Schemas['TemplateColumn'];
export type TeamTemplate = Schemas['TeamTemplate'];
export type BacklogCard = Schemas['BacklogCard'];
export type TeamTemplateIn = Schemas['TeamTemplateIn'];
export type SaveRetroAsTemplate = Schemas['SaveRetroAsTemplate'];
export type FrictionSuggestion = Schemas['FrictionSuggestion'];
export type FrictionSuggestions = Schemas['FrictionSuggestions'];
export type GroupSuggestions = Schemas['GroupSuggestions'];
export type SuggestedGroup = Schemas['SuggestedGroup'];
export type PerceptionGaps = Schemas['PerceptionGaps'];
export type PerceptionGap = Schemas['PerceptionGap'];
export type RetroSummary = Schemas['RetroSummary'];
export type Retro = Schemas['Retro'];
export type Column = Schemas['Column'];
export type Card = Schemas['Card'];
export type Participant = Schemas['Participant'];
export type ErrorBody = Schemas['ErrorBody'];

export type SignupRequest = Schemas['SignupRequest'];
export type LoginRequest = Schemas['LoginRequest'];
export type TokenCreate = Schemas['TokenCreate'];
export type TeamCreate = Schemas['TeamCreate'];
export type TeamUpdate = Schemas['TeamUpdate'];
export type MemberUpdate = Schemas['MemberUpdate'];
export type InviteCreate = Schemas['InviteCreate'];
export type InviteAccept = Schemas['InviteAccept'];
export type GuestJoin = Schemas['GuestJoin'];
export type RetroCreate = Schemas['RetroCreate'];
export type RetroUpdate = Schemas['RetroUpdate'];
export type ColumnCreate = Schemas['ColumnCreate'];
export type ColumnUpdate = Schemas['ColumnUpdate'];
export type CardCreate = Schemas['CardCreate'];
export type CardUpdate = Schemas['CardUpdate'];

export type Phase = Schemas['Phase'];
export type RetroSettings = Schemas['RetroSettings'];
export type GroupView = Schemas['GroupView'];
export type ParticipantView = Schemas['ParticipantView'];
export type ActionView = Schemas['ActionView'];
export type HistoryEntry = Schemas['HistoryEntryOut'];
export type CommandAck = Schemas['CommandAck'];
/** A card as board events carry it (a board's `Card` adds `retro_id` and `is_mine`). */
export type CardView = Schemas['CardView'];
/** Every board event, as `GET /api/retros/{id}/events` lists it and the board socket sends it. */
export type BoardEvent = Schemas['LoggedEvent']['event'];
export type BoardEventPage = Schemas['BoardEventPage'];
/** Every board command, as the socket and `POST /api/retros/{id}/commands` take it. */
export type BoardCommand = Schemas['CommandRequest']['command'];

export type DebtStatus = Schemas['DebtStatus'];
export type MissingScore = Schemas['MissingScore'];
export type DebtItem = Schemas['DebtItem'];
export type DebtLink = Schemas['DebtLink'];
export type DebtCreate = Schemas['DebtCreate'];
export type DebtUpdate = Schemas['DebtUpdate'];
export type DebtRanking = Schemas['DebtRanking'];
export type Theme = Schemas['Theme'];
export type ThemeCard = Schemas['ThemeCard'];
export type Capacity = Schemas['Capacity'];
export type CapacityStatus = Schemas['CapacityStatus'];
export type CapacityUpdate = Schemas['CapacityUpdate'];

export type RetroSignals = Schemas['RetroSignals'];
export type RetroRadar = Schemas['RetroRadar'];
export type RadarDimension = Schemas['RadarDimension'];
export type RadarSide = Schemas['RadarSide'];
export type RadarAnswers = Schemas['RadarAnswers'];
export type TeamDimensions = Schemas['TeamDimensions'];
export type TeamDimensionView = Schemas['TeamDimensionView'];
export type SignalValues = Schemas['SignalValues'];
export type SignalsUpdate = Schemas['SignalsUpdate'];
export type SignalFlag = Schemas['SignalFlag'];
export type ClosingSummary = Schemas['ClosingSummary'];
export type SummaryTopic = Schemas['SummaryTopic'];
export type SummaryCard = Schemas['SummaryCard'];
export type SideTally = Schemas['SideTally'];
export type EqualVoice = Schemas['EqualVoice'];
export type VoiceFlag = Schemas['VoiceFlag'];
export type Share = Schemas['Share'];
export type ShareCreated = Schemas['ShareCreated'];
export type TeamSides = Schemas['TeamSides'];
export type TeamThresholds = Schemas['TeamThresholds'];
export type ThresholdValues = Schemas['ThresholdValues'];
export type ThresholdsUpdate = Schemas['ThresholdsUpdate'];
export type PromptView = Schemas['PromptView'];
export type PromptIn = Schemas['PromptIn'];
export type PromptGroup = Schemas['PromptGroup'];
export type RetroPrompts = Schemas['RetroPrompts'];
export type TeamPrompts = Schemas['TeamPrompts'];

export type ActionCategory = Schemas['ActionCategory'];
export type ActionStatus = Schemas['ActionStatus'];
export type ReviewOutcome = Schemas['ReviewOutcome'];
export type PersonOwner = Schemas['PersonOwner'];
export type JointOwner = Schemas['JointOwner'];
export type ActionUpdate = Schemas['ActionUpdate'];
export type OwnerChoice = Schemas['OwnerChoice'];
export type FollowThrough = Schemas['FollowThrough'];
export type FollowThroughRate = Schemas['Rate'];
export type CategoryRate = Schemas['CategoryRate'];

export type RitualKind = Schemas['RitualKind'];
export type Frequency = Schemas['Frequency'];
export type Weekday = Schemas['Weekday'];
export type Recurrence = Schemas['Recurrence'];
export type RecurrenceChanges = Schemas['RecurrenceChanges'];
export type Ritual = Schemas['Ritual'];
export type RitualCreate = Schemas['RitualCreate'];
export type RitualUpdate = Schemas['RitualUpdate'];
export type RitualOccurrences = Schemas['RitualOccurrences'];
export type RitualAgenda = Schemas['RitualAgenda'];
export type TeamAgreements = Schemas['TeamAgreements'];
export type AgreementsUpdate = Schemas['AgreementsUpdate'];
export type StoryPairing = Schemas['StoryPairing'];
export type StoryPairingCreate = Schemas['StoryPairingCreate'];
export type PairingCheckStory = Schemas['PairingCheckStory'];
export type PairingCheckResult = Schemas['PairingCheckResult'];
export type TeamTrends = Schemas['TeamTrendsView'];
export type TrendGaps = Schemas['TrendGaps'];
export type SprintGaps = Schemas['SprintGaps'];
export type TrendSprint = Schemas['TrendSprint'];
export type ReportJob = Schemas['ReportJobView'];
export type ReportList = Schemas['ReportList'];
export type ReportFormat = Schemas['ReportAsked']['format'];
export type TeamComparison = Schemas['TeamComparison'];
export type ComparedTeam = Schemas['ComparedTeam'];
export type CompanyView = Schemas['CompanyView'];
export type CompanyTeam = Schemas['CompanyTeam'];
export type WikiPageOut = Schemas['WikiPageOut'];

/**
 * TEMPORARY hand-written stand-in for the file `npm run openapi` generates from the backend's
 * OpenAPI schema (src/api/openapi.json). It mirrors docs/api.md in the shape openapi-typescript
 * emits, so replacing it with the generated file changes nothing else.
 */

export type paths = Record<string, never>;
export type webhooks = Record<string, never>;
export type $defs = Record<string, never>;
export type operations = Record<string, never>;

export interface components {
  schemas: {
    Role: 'pm' | 'eng' | 'tech_lead' | 'design' | 'qa' | 'em';
    Polarity: 'went_well' | 'didnt_go_well' | 'proposal';
    Friction:
      | 'requirements_clarity'
      | 'velocity_quality'
      | 'tech_debt'
      | 'estimation'
      | 'communication';
    TemplateKey: 'pm_engineering' | 'start_stop_continue' | 'mad_sad_glad' | 'four_ls' | 'sailboat';

    User: { id: string; email: string; display_name: string; is_owner: boolean };
    Guest: {
      id: string;
      retro_id: string;
      display_name: string;
      role: components['schemas']['Role'];
    };
    Session: {
      user: components['schemas']['User'] | null;
      guest: components['schemas']['Guest'] | null;
      csrf_token: string | null;
    };
    ApiToken: {
      id: string;
      name: string;
      created_at: string;
      last_used_at: string | null;
      token?: string | null;
    };
    SetupInfo: { needs_owner: boolean; open_signup: boolean };

    TeamSummary: {
      id: string;
      name: string;
      my_role: components['schemas']['Role'];
      is_facilitator: boolean;
      member_count: number;
      retro_count: number;
    };
    TeamMe: { user_id: string; role: components['schemas']['Role']; is_facilitator: boolean };
    Member: {
      user_id: string;
      display_name: string;
      email: string;
      role: components['schemas']['Role'];
      is_facilitator: boolean;
      joined_at: string;
    };
    Team: {
      id: string;
      name: string;
      created_at: string;
      me: components['schemas']['TeamMe'];
      members: components['schemas']['Member'][];
    };
    Invite: {
      id: string;
      token: string;
      url: string;
      team_id: string;
      retro_id: string | null;
      retro_title: string | null;
      expires_at: string;
      revoked: boolean;
      created_at: string;
    };
    InvitePreview: {
      team_name: string;
      retro_id: string | null;
      retro_title: string | null;
      expires_at: string;
    };
    InviteAccepted: { team_id: string };

    TemplateColumn: { title: string; polarities: components['schemas']['Polarity'][] };
    Template: {
      key: components['schemas']['TemplateKey'];
      name: string;
      description: string;
      columns: components['schemas']['TemplateColumn'][];
    };
    RetroSummary: {
      id: string;
      team_id: string;
      title: string;
      sprint_name: string | null;
      sprint_start: string | null;
      sprint_end: string | null;
      template: components['schemas']['TemplateKey'];
      created_at: string;
      card_count: number;
    };
    Column: {
      id: string;
      retro_id: string;
      title: string;
      position: number;
      polarities: components['schemas']['Polarity'][];
    };
    CardAuthor: { kind: 'member' | 'guest'; id: string; display_name: string };
    Card: {
      id: string;
      retro_id: string;
      column_id: string;
      text: string;
      polarity: components['schemas']['Polarity'];
      friction: components['schemas']['Friction'] | null;
      author_role: components['schemas']['Role'];
      author: components['schemas']['CardAuthor'];
      is_mine: boolean;
      created_at: string;
      updated_at: string;
    };
    Participant: {
      kind: 'member' | 'guest';
      id: string;
      display_name: string;
      role: components['schemas']['Role'];
      is_facilitator: boolean;
    };
    Retro: {
      id: string;
      team_id: string;
      title: string;
      sprint_name: string | null;
      sprint_start: string | null;
      sprint_end: string | null;
      template: components['schemas']['TemplateKey'];
      created_at: string;
      card_count: number;
      team_name: string;
      columns: components['schemas']['Column'][];
      cards: components['schemas']['Card'][];
      me: components['schemas']['Participant'];
    };
    ErrorBody: {
      error: { code: string; message: string; details?: unknown };
    };

    SignupRequest: {
      email: string;
      password: string;
      display_name: string;
      invite_token?: string | null;
    };
    LoginRequest: { email: string; password: string };
    TokenCreate: { name: string };
    TeamCreate: { name: string; role: components['schemas']['Role'] };
    TeamUpdate: { name: string };
    MemberUpdate: { role?: components['schemas']['Role'] | null; is_facilitator?: boolean | null };
    InviteCreate: { retro_id?: string | null; expires_in_hours?: number };
    InviteAccept: { role: components['schemas']['Role'] };
    GuestJoin: { display_name: string; role: components['schemas']['Role'] };
    RetroCreate: {
      title: string;
      sprint_name?: string | null;
      sprint_start?: string | null;
      sprint_end?: string | null;
      template?: components['schemas']['TemplateKey'];
    };
    RetroUpdate: {
      title?: string | null;
      sprint_name?: string | null;
      sprint_start?: string | null;
      sprint_end?: string | null;
    };
    ColumnCreate: { title: string; polarities?: components['schemas']['Polarity'][] | null };
    ColumnUpdate: { title?: string | null; position?: number | null };
    CardCreate: {
      column_id: string;
      text: string;
      polarity?: components['schemas']['Polarity'] | null;
      friction?: components['schemas']['Friction'] | null;
    };
    CardUpdate: {
      text?: string | null;
      polarity?: components['schemas']['Polarity'] | null;
      friction?: components['schemas']['Friction'] | null;
      column_id?: string | null;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}

import type { ColumnType, Generated } from 'kysely';

/** A `timestamptz` column: read as Date, written as Date or ISO text. */
type Instant = ColumnType<Date, Date | string, Date | string>;
/** A `date` column: `YYYY-MM-DD` text both ways. */
type IsoDate = string;
type Json = ColumnType<unknown, string, string>;

export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  kind: 'party' | 'dcc' | 'authority' | 'code_administrator' | 'consumer_body' | 'auditor';
  party_category:
    | 'large_supplier'
    | 'small_supplier'
    | 'electricity_network'
    | 'gas_network'
    | 'other_sec_party'
    | null;
  is_user: Generated<boolean>;
  version: Generated<number>;
  created_at: Instant;
}

export interface BodyTable {
  id: string;
  name: string;
  kind: 'panel' | 'sub_committee';
  description: string;
}

export interface AppUserTable {
  id: Generated<number>;
  email: string;
  name: string;
  organisation_id: number | null;
  password_hash: string | null;
  disabled_at: Instant | null;
  failed_logins: Generated<number>;
  locked_until: Instant | null;
  version: Generated<number>;
  created_at: Instant;
}

export interface UserRoleTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  scope: Generated<string>;
}

export interface PanelSeatTable {
  id: Generated<number>;
  seat: string;
  label: string;
  holder_user_id: number | null;
  term_start: IsoDate | null;
  term_end: IsoDate | null;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: Instant;
  last_seen_at: Instant;
  expires_at: Instant;
  revoked_at: Instant | null;
  user_agent: Generated<string>;
  ip: Generated<string>;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: Instant;
  last_used_at: Instant | null;
  revoked_at: Instant | null;
}

export interface AuditEventTable {
  seq: number;
  at: Instant;
  actor_id: number | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string;
  before: Json | null;
  after: Json | null;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface CalendarOverrideTable {
  id: Generated<number>;
  date: IsoDate;
  region: 'england-and-wales' | 'scotland' | 'northern-ireland' | 'all';
  kind: 'add' | 'remove';
  reason: string;
  created_by: number | null;
  created_at: Instant;
}

export interface JobTable {
  id: Generated<number>;
  kind: string;
  run_at: Instant;
  payload: ColumnType<unknown, string | undefined, string>;
  attempts: Generated<number>;
  locked_until: Instant | null;
  locked_by: string | null;
  done_at: Instant | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: Instant;
}

export interface OutboxMessageTable {
  id: Generated<number>;
  to_address: string;
  to_name: Generated<string>;
  subject: string;
  body_text: string;
  created_at: Instant;
  status: ColumnType<'pending' | 'sent' | 'failed', 'pending' | undefined, 'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  locked_until: Instant | null;
  sent_at: Instant | null;
  last_error: string | null;
  message_id: string;
  dedupe_key: string | null;
}

export interface DB {
  organisation: OrganisationTable;
  body: BodyTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  panel_seat: PanelSeatTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  calendar_override: CalendarOverrideTable;
  job: JobTable;
  outbox_message: OutboxMessageTable;
}

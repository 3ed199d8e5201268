/**
 * The admin API's answers as the shell reads them (the kernel's TypeBox schemas are the source of
 * truth: core/src/admin/*, core/src/moderation/*, core/src/accounts/routes/admin-routes.ts,
 * core/src/services/jobs/job-routes.ts).
 */
export type Role = 'user' | 'moderator' | 'admin';
export type AccountStatus = 'active' | 'suspended';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AdminUserSummary {
  id: string;
  username: string;
  displayName: string;
  email: string;
  avatarUrl: string | null;
  role: Role;
  status: AccountStatus;
  emailVerified: boolean;
  createdAt: string;
  lastActiveAt: string;
}

export interface AdminUserDetail extends AdminUserSummary {
  bio: string;
  language: string;
  timezone: string;
  suspension: { at: string; reason: string | null } | null;
  twoFactorEnabled: boolean;
  activeSessions: number;
  lockedUntil: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface Person {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  role: Role;
  status: AccountStatus;
}

export type Resolution = 'dismiss' | 'remove' | 'warn' | 'suspend';
export const RESOLUTIONS: Resolution[] = ['dismiss', 'remove', 'warn', 'suspend'];

export interface ReportCase {
  id: string;
  plugin: string;
  itemType: string;
  itemId: string;
  status: 'open' | 'resolved';
  item: {
    title: string;
    text: string;
    url: string | null;
    authorId: string | null;
    media?: Array<{ type: 'image' | 'video'; url: string; width?: number; height?: number }>;
    removed?: boolean;
  } | null;
  author: Person | null;
  reporterCount: number;
  reports: Array<{ id: string; reporter: Person | null; reason: string; details: string; createdAt: string }>;
  openedAt: string;
  lastReportedAt: string;
  resolution: { action: Resolution; reason: string; moderator: Person | null; at: string } | null;
}

export interface SettingField {
  source: 'default' | 'admin' | 'config';
  locked: boolean;
  secret: boolean;
  set: boolean;
}

export interface SettingsView {
  schema: Record<string, unknown>;
  values: Record<string, unknown>;
  fields: Record<string, SettingField>;
}

export interface AdminPanel {
  id: string;
  title: string;
  module: string;
  permission?: string;
}

export interface AdminPlugin {
  name: string;
  version: string;
  description: string | null;
  origin: string;
  enabled: boolean;
  available: boolean;
  reason: string | null;
  requires: Record<string, string>;
  requiredBy: string[];
  health: 'ok' | 'failing' | 'disabled' | 'unavailable';
  pendingMigrations: number;
  settings: SettingsView | null;
  admin: { panels: AdminPanel[]; cards: AdminPanel[] };
}

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';
export const JOB_STATES: JobState[] = ['waiting', 'delayed', 'active', 'completed', 'failed'];
export type JobCounts = Record<JobState, number>;

export interface JobsView {
  driver: string;
  counts: Record<string, JobCounts>;
  schedules: Array<{ id: string; cron: string; tz: string; name: string; next: string | null }>;
}

export interface FailedJob {
  id: string;
  name: string;
  payload: unknown;
  error: string;
  attempts: number;
  failedAt: string;
}

export interface Overview {
  generatedAt: string;
  users: { total: number; newLast30Days: number; suspended: number; activeToday: number };
  activeUsers: Array<{ day: string; count: number }>;
  signups: Array<{ day: string; count: number }>;
  jobs: { driver: string; counts: JobCounts; byName: Record<string, JobCounts> };
  storage: { driver: 'local' | 's3'; bytes: number; objects: number; measuredAt: string; partial: boolean } | null;
  errors: { last24Hours: number; hourly: Array<{ hour: string; count: number }>; topRoutes: Array<{ route: string; status: number; count: number }> };
  plugins: Array<{ plugin: string; id: string; label: string; value: number }>;
}

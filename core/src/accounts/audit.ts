import { v7 as uuidv7 } from 'uuid';
import type { Sql } from './sql.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string;
  details?: Record<string, unknown>;
}

/** Security and admin events: who did what to whom, when, from where. Never holds secrets. */
export async function audit(sql: Sql, entry: AuditEntry): Promise<void> {
  await sql('insert into kernel_audit_log (id, actor_id, action, target_type, target_id, ip, details) values (?, ?, ?, ?, ?, ?, ?)', [
    uuidv7(),
    entry.actorId,
    entry.action,
    entry.targetType ?? null,
    entry.targetId ?? null,
    entry.ip ?? null,
    JSON.stringify(entry.details ?? {}),
  ]);
}

export interface AuditRow {
  id: string;
  at: Date;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** Newest first, cursor-paginated by id (UUIDv7 sorts by time). */
export async function listAudit(
  sql: Sql,
  filter: {
    action?: string;
    actorId?: string;
    targetId?: string;
    targetType?: string;
    /** Entries where this user acted or was acted upon: one person's trail. */
    userId?: string;
    /** Inclusive lower and exclusive upper bound on `at`. */
    from?: Date;
    to?: Date;
    before?: string;
    limit: number;
  },
): Promise<AuditRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.action) {
    // A trailing dot filters a family: `auth.` matches every auth event.
    where.push(filter.action.endsWith('.') ? 'action like ?' : 'action = ?');
    params.push(filter.action.endsWith('.') ? `${filter.action}%` : filter.action);
  }
  if (filter.actorId) where.push('actor_id = ?') && params.push(filter.actorId);
  if (filter.targetId) where.push('target_id = ?') && params.push(filter.targetId);
  if (filter.targetType) where.push('target_type = ?') && params.push(filter.targetType);
  if (filter.userId) where.push('(actor_id = ? or target_id = ?)') && params.push(filter.userId, filter.userId);
  if (filter.from) where.push('at >= ?') && params.push(filter.from);
  if (filter.to) where.push('at < ?') && params.push(filter.to);
  if (filter.before) where.push('id < ?') && params.push(filter.before);
  params.push(filter.limit);
  const rows = await sql<{ id: string; at: Date; actor_id: string | null; action: string; target_type: string | null; target_id: string | null; ip: string | null; details: Record<string, unknown> | string }>(
    `select * from kernel_audit_log ${where.length ? `where ${where.join(' and ')}` : ''} order by id desc limit ?`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at),
    actorId: r.actor_id,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    ip: r.ip,
    details: typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : r.details,
  }));
}

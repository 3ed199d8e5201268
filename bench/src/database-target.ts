/** The database one side of a comparison runs on; both sides of a figure always get the same kind. */
export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  /** A fresh in-memory PGlite per server, loaded from the same empty initialised cluster. */
  | { kind: 'pglite'; cluster: Blob };

export const targetLabel = (target: DatabaseTarget): string => (target.kind === 'postgres' ? 'PostgreSQL' : 'PGlite');

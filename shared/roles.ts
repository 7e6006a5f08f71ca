/**
 * Who may do what. Staff roles log in; `customer` and `viewer` only ever arrive through a
 * signed share link of one session. Permissions are derived here once and used by the server
 * (route guards, sync server) and by the client (what to offer), so both agree.
 */
export const StaffRole = { admin: 'admin', finance: 'finance', sales: 'sales' } as const;
export type StaffRole = (typeof StaffRole)[keyof typeof StaffRole];
export const staffRoles: readonly StaffRole[] = Object.values(StaffRole);

export const LinkRole = { customer: 'customer', viewer: 'viewer' } as const;
export type LinkRole = (typeof LinkRole)[keyof typeof LinkRole];
export const linkRoles: readonly LinkRole[] = Object.values(LinkRole);

/** API keys act as one of these, by scope: `read` reads only; `write-ledger` also posts to the ledger and records promises to pay (an ERP syncing what customers promised). */
export const ApiKeyRole = { read: 'api_read', writeLedger: 'api_write_ledger' } as const;
export type ApiKeyRole = (typeof ApiKeyRole)[keyof typeof ApiKeyRole];

export type Role = StaffRole | LinkRole | ApiKeyRole;

export const Permission = {
  manageUsers: 'manage_users',
  postLedger: 'post_ledger',
  resolveDispute: 'resolve_dispute',
  openDispute: 'open_dispute',
  commentDispute: 'comment_dispute',
  recordPromise: 'record_promise',
  readAllCustomers: 'read_all_customers',
  readOwnCustomers: 'read_own_customers',
  manageSessions: 'manage_sessions',
  readTeamDocument: 'read_team_document',
  writeSharedDocument: 'write_shared_document',
  manageIntegrations: 'manage_integrations',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

const grants: Readonly<Record<Role, readonly Permission[]>> = {
  admin: Object.values(Permission),
  finance: [
    Permission.postLedger,
    Permission.resolveDispute,
    Permission.openDispute,
    Permission.commentDispute,
    Permission.recordPromise,
    Permission.readAllCustomers,
    Permission.manageSessions,
    Permission.readTeamDocument,
    Permission.writeSharedDocument,
  ],
  sales: [
    Permission.openDispute,
    Permission.commentDispute,
    Permission.recordPromise,
    Permission.readOwnCustomers,
    Permission.manageSessions,
    Permission.readTeamDocument,
    Permission.writeSharedDocument,
  ],
  customer: [Permission.openDispute, Permission.commentDispute, Permission.recordPromise, Permission.writeSharedDocument],
  viewer: [],
  api_read: [Permission.readAllCustomers],
  api_write_ledger: [Permission.readAllCustomers, Permission.postLedger, Permission.recordPromise],
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}

export function isStaffRole(value: string): value is StaffRole {
  return (staffRoles as readonly string[]).includes(value);
}

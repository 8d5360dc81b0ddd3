/** The four kinds of user: what the database stores (db/codes.ts), client-safe. */
export { ROLES, type Role } from '@/db/codes';

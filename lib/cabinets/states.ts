/** The states of a cabinet order (issue 9): what the database stores (db/codes.ts), client-safe. */
export { CABINET_ORDER_STATES, type CabinetOrderState } from '@/db/codes';

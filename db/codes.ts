/**
 * Codes the stored data carries a meaning for, which queries and rollups group or filter by.
 * Plain constants with no imports, so lib/ and client components may import them too (D97).
 */

/**
 * The payStyle of game prizes (§3.1's 8): the sales rollups keep them apart in every grain
 * without a payment dimension (§5.1, D20).
 */
export const GAME_PAY_STYLE = 8;

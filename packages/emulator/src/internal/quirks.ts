import type { Random } from "./random.js";

/** The undocumented state one integration has seen; clients must treat it as still running. */
export const UNKNOWN_RUNNING_STATE = "processing_r2";

/**
 * Applies the configured real-world oddities to a status object (in place): an unknown state
 * for a running task, a missing `costTime` for a finished one. Both stay within the contract.
 */
export function applyQuirks(
  status: Record<string, unknown>,
  rates: { unknownState: number; omitCostTime: number },
  random: Random,
): void {
  const state = status.state;
  if (state === "pending" || state === "processing") {
    if (random.chance(rates.unknownState)) status.state = UNKNOWN_RUNNING_STATE;
  } else if (random.chance(rates.omitCostTime)) {
    delete status.costTime;
  }
}

/** Per-key balances in micro-USD; every key starts with the configured balance. */
export class BalanceLedger {
  private readonly balances = new Map<string, number>();

  constructor(private readonly startMicroUsd: number) {}

  /** The key's balance in USD. */
  balanceUsd(apiKey: string): number {
    return (this.balances.get(apiKey) ?? this.startMicroUsd) / 1e6;
  }

  /** Deducts `microUsd` and returns `true`, or returns `false` (and changes nothing) when short. */
  charge(apiKey: string, microUsd: number): boolean {
    const current = this.balances.get(apiKey) ?? this.startMicroUsd;
    if (current < microUsd) return false;
    this.balances.set(apiKey, current - microUsd);
    return true;
  }

  clear(): void {
    this.balances.clear();
  }
}

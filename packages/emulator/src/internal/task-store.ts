import { MinHeap } from "./min-heap.js";
import { stateAt, type TaskRecord, type TaskState } from "./task.js";

/** Every task the emulator knows, with a per-key index of when running tasks end. */
export class TaskStore {
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly runningEnds = new Map<string, MinHeap>();

  add(task: TaskRecord): void {
    this.tasks.set(task.taskId, task);
    let heap = this.runningEnds.get(task.apiKey);
    if (!heap) {
      heap = new MinHeap();
      this.runningEnds.set(task.apiKey, heap);
    }
    heap.push(task.completeTime);
  }

  get(taskId: string): TaskRecord | undefined {
    return this.tasks.get(taskId);
  }

  has(taskId: string): boolean {
    return this.tasks.has(taskId);
  }

  /** How many of `apiKey`'s tasks are pending or processing at `now`. */
  runningCount(apiKey: string, now: number): number {
    const heap = this.runningEnds.get(apiKey);
    if (!heap) return 0;
    while (heap.size > 0 && (heap.peek() as number) <= now) heap.pop();
    return heap.size;
  }

  /** Tasks by state at `now` (a full scan: for introspection, not for the hot path). */
  census(now: number): Record<TaskState, number> & { total: number } {
    const counts = { pending: 0, processing: 0, success: 0, failed: 0, total: this.tasks.size };
    for (const task of this.tasks.values()) counts[stateAt(task, now)]++;
    return counts;
  }

  clear(): void {
    this.tasks.clear();
    this.runningEnds.clear();
  }
}

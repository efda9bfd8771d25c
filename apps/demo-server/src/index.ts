export { createDemoApp, type DemoApp, MAX_BODY_BYTES } from "./app.js";
export { type Clock, type DemoDeps, type Logger, silentLogger, systemClock } from "./deps.js";
export { createEventBus, type EventBus } from "./event-bus.js";
export { createOutputDownloader, type OutputDownloader } from "./output-downloader.js";
export type { TaskRecord, TaskState } from "./task-record.js";
export { openTaskStore, type TaskStore } from "./task-store.js";
export type { TaskView } from "./task-view.js";

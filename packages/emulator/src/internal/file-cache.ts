import type { RenderInput } from "./task.js";

/** A rendered output file. */
export interface RenderedFile {
  bytes: Uint8Array;
  contentType: string;
}

/** The media renderers (from `src/media`), injected so the cache stays independent of them. */
export interface MediaRenderers {
  renderImage(options: {
    prompt: string;
    seed: number;
    index: number;
    aspectRatio?: string;
    resolution?: string;
    format: "png" | "jpeg";
  }): RenderedFile;
  renderVideo(options: { prompt: string; seed: number; index: number }): RenderedFile;
  renderAudio(options: {
    prompt: string;
    seed: number;
    index: number;
  }): RenderedFile & { extension: string };
  /** The extension of every rendered audio file (known before rendering, for result URLs). */
  readonly AUDIO_EXTENSION: string;
}

/** Renders outputs on first request and keeps the most recently used ones, up to a byte budget. */
export class FileCache {
  private readonly entries = new Map<string, RenderedFile>();
  private bytes = 0;

  constructor(
    private readonly media: MediaRenderers,
    private readonly seed: number,
    private readonly maxBytes = 128 * 1024 * 1024,
  ) {}

  /** The file for output `index` of `taskId`, rendered now if it is not cached. */
  get(taskId: string, index: number, render: RenderInput): RenderedFile {
    const key = `${taskId}/${index}`;
    const cached = this.entries.get(key);
    if (cached) {
      // Re-insert to mark it most recently used (a Map iterates in insertion order).
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const file = this.render(index, render);
    this.entries.set(key, file);
    this.bytes += file.bytes.byteLength;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes || oldKey === key) break;
      this.entries.delete(oldKey);
      this.bytes -= old.bytes.byteLength;
    }
    return file;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private render(index: number, render: RenderInput): RenderedFile {
    const base = { prompt: render.prompt, seed: this.seed, index };
    if (render.kind === "video") return this.media.renderVideo(base);
    if (render.kind === "audio") return this.media.renderAudio(base);
    return this.media.renderImage({
      ...base,
      format: render.format,
      ...(render.aspectRatio === undefined ? {} : { aspectRatio: render.aspectRatio }),
      ...(render.resolution === undefined ? {} : { resolution: render.resolution }),
    });
  }
}

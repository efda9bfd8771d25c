export { type ImageSize, imageSize, parseAspectRatio } from "./image-size.js";
export {
  AUDIO_CONTENT_TYPE,
  AUDIO_EXTENSION,
  AUDIO_SAMPLE_RATE,
  AUDIO_SECONDS,
  type RenderAudioOptions,
  type RenderedAudio,
  renderAudio,
} from "./render-audio.js";
export { type RenderedImage, type RenderImageOptions, renderImage } from "./render-image.js";
export {
  type RenderedVideo,
  type RenderVideoOptions,
  renderVideo,
  type VideoOrientation,
  videoOrientation,
} from "./render-video.js";

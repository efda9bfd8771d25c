/**
 * The colour palette of a prompt: a hue and a time of day taken from the prompt's hash (and a few
 * words in it), so every image of one prompt shares its colours and two prompts rarely look alike.
 */
import { hsl, mix, type Rgb } from "./canvas.js";
import { hashString } from "./random.js";

/** The time of day a scene is painted at. */
export type Mood = "day" | "dusk" | "night";

/** Every colour the scene painter uses. */
export interface Palette {
  mood: Mood;
  /** The prompt's base hue in degrees. */
  hue: number;
  skyTop: Rgb;
  skyHorizon: Rgb;
  /** Sun (day, dusk) or moon (night). */
  sun: Rgb;
  /** Mountain ranges from the farthest to the nearest. */
  mountains: readonly [Rgb, Rgb, Rgb, Rgb];
  building: Rgb;
  window: Rgb;
  water: Rgb;
  /** Caption text colour. */
  text: Rgb;
}

const MOOD_WORDS: ReadonlyArray<readonly [RegExp, Mood]> = [
  [/\b(night|moon|stars?|starry|midnight|dark|neon|cyberpunk)\b/i, "night"],
  [/\b(sunset|sunrise|dusk|dawn|golden hour|twilight|evening)\b/i, "dusk"],
  [/\b(day|noon|sunny|bright|morning|afternoon)\b/i, "day"],
];

/** Colour words steer the hue, so "a red fox" and "a blue whale" look their part. */
const COLOR_WORDS: ReadonlyArray<readonly [RegExp, number]> = [
  [/\b(red|crimson|scarlet|ruby|fire)\b/i, 0],
  [/\b(orange|amber|autumn|rust)\b/i, 25],
  [/\b(yellow|gold|golden|sand|desert)\b/i, 45],
  [/\b(green|emerald|forest|jungle|moss)\b/i, 120],
  [/\b(teal|turquoise|cyan|aqua|lagoon)\b/i, 178],
  [/\b(blue|azure|ocean|sea|sapphire|ice)\b/i, 215],
  [/\b(purple|violet|lavender|indigo)\b/i, 270],
  [/\b(pink|magenta|rose|sakura)\b/i, 320],
];

function hueOf(prompt: string, hash: number): number {
  for (const [pattern, hue] of COLOR_WORDS) {
    if (pattern.test(prompt)) return (hue + (hash % 21) - 10 + 360) % 360;
  }
  return hash % 360;
}

function moodOf(prompt: string, hash: number): Mood {
  for (const [pattern, mood] of MOOD_WORDS) if (pattern.test(prompt)) return mood;
  // Without a hint: day 45 %, dusk 35 %, night 20 % (nights are dark, so keep them rarer).
  const draw = (hash >>> 9) % 20;
  return draw < 9 ? "day" : draw < 16 ? "dusk" : "night";
}

/** Horizon hues of a dusk sky: pink, red, orange, amber. */
const DUSK_HUES = [340, 352, 5, 15, 25, 35, 42];

/** The palette of a prompt (independent of seed and index). */
export function paletteFor(prompt: string): Palette {
  const hash = hashString(prompt);
  const hue = hueOf(prompt, hash);
  const mood = moodOf(prompt, hash);
  const deep = hsl(hue + 190, 0.35, mood === "night" ? 0.06 : 0.16);
  let skyTop: Rgb;
  let skyHorizon: Rgb;
  let sun: Rgb;
  if (mood === "day") {
    skyTop = hsl(hue, 0.6, 0.42);
    skyHorizon = hsl(hue + 25, 0.55, 0.82);
    sun = mix(hsl(hue + 50, 0.9, 0.9), [255, 250, 230], 0.5);
  } else if (mood === "dusk") {
    // The prompt's hue fills the upper sky; the horizon glows warm (pink to amber) whatever it is.
    skyTop = hsl(hue, 0.5, 0.24);
    const glow = DUSK_HUES[(hash >>> 3) % DUSK_HUES.length] as number;
    skyHorizon = hsl(glow, 0.85, 0.62);
    sun = mix(hsl(glow + 15, 0.95, 0.7), [255, 226, 170], 0.55);
  } else {
    skyTop = hsl(hue, 0.6, 0.09);
    skyHorizon = hsl(hue, 0.5, 0.32);
    sun = hsl(hue + 40, 0.25, 0.9);
  }
  const mountains = [0.3, 0.55, 0.78, 0.92].map((t) => mix(skyHorizon, deep, t)) as [
    Rgb,
    Rgb,
    Rgb,
    Rgb,
  ];
  return {
    mood,
    hue,
    skyTop,
    skyHorizon,
    sun,
    mountains,
    building: mix(deep, [0, 0, 0], 0.35),
    // Lamplight: warm, tinted a little by the prompt's hue.
    window:
      mood === "day"
        ? mix(skyHorizon, [255, 255, 255], 0.35)
        : mix(hsl(hue + 45, 0.95, 0.68), [255, 214, 140], 0.6),
    water: mix(skyTop, deep, 0.5),
    text: [255, 255, 255],
  };
}

import { DEFAULT_FAIL_CATEGORY, FAIL_CODES, type FailCategory } from "./generated/models.js";

export type { FailCategory };

/**
 * Groups an APIXO `failCode` into a {@link FailCategory} using the spec's `x-apixo-fail-codes`
 * table (exact match); codes it does not list (the set is open) fall into its default, `unknown`.
 * @example failCategory("NSFW_DETECTED") // "content"
 */
export function failCategory(failCode: string | undefined): FailCategory {
  for (const [category, codes] of Object.entries(FAIL_CODES)) {
    if (failCode && codes.split(" ").includes(failCode)) return category as FailCategory;
  }
  return DEFAULT_FAIL_CATEGORY;
}

/**
 * Unfreeze levels: the paper's six settings, from head only to the whole network. The names and their order
 * live here; what each level trains is `shared/model/unfreeze.ts`'s business.
 */

/** All levels, from fewest to most trainable layers. */
export const UNFREEZE_LEVELS = ['FC', '+B5', '+B4', '+B3', '+B2', '+B1'] as const;

/** Which layers train: FC = head only; +B5 = head + block5; … +B1 = the whole network. */
export type UnfreezeLevel = (typeof UNFREEZE_LEVELS)[number];

/** Lowest VGG block that trains at each level (6 = no trunk block trains). */
export const FIRST_TRAINABLE_BLOCK: Readonly<Record<UnfreezeLevel, number>> = {
  FC: 6,
  '+B5': 5,
  '+B4': 4,
  '+B3': 3,
  '+B2': 2,
  '+B1': 1,
};

/** Whether a string is an unfreeze level. */
export function isUnfreezeLevel(s: string): s is UnfreezeLevel {
  return (UNFREEZE_LEVELS as readonly string[]).includes(s);
}

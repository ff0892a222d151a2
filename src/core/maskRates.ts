/**
 * The mask figures the targets are written in: recall and precision per mask
 * state, bare faces called masked and masked faces called bare. Pure, from a
 * mask confusion matrix (rows truth, columns answers, in MASK_STATES order).
 */
import { MASK_STATES, type MaskState } from './classes';
import { classRates, confusionShare, type ClassRates, type Share } from './metrics';

const WEAR = MASK_STATES.indexOf('wear');
const INCORRECT = MASK_STATES.indexOf('incorrect');
const NOT_WEAR = MASK_STATES.indexOf('not_wear');

export interface MaskRates {
  perState: Record<MaskState, ClassRates>;
  /** Truth not_wear, answer wear or incorrect: the kiosk thanks a bare face. */
  bareCalledMasked: Share;
  /** Truth wear or incorrect, answer not_wear: a masked face is told to put one on. */
  maskedCalledBare: Share;
}

export function maskRates(confusion: readonly (readonly number[])[]): MaskRates {
  if (confusion.length !== MASK_STATES.length) throw new RangeError(`expected a 3x3 mask confusion matrix`);
  const rates = classRates(confusion);
  return {
    perState: Object.fromEntries(MASK_STATES.map((s, i) => [s, rates[i]])) as Record<MaskState, ClassRates>,
    bareCalledMasked: confusionShare(confusion, [NOT_WEAR], [WEAR, INCORRECT]),
    maskedCalledBare: confusionShare(confusion, [WEAR, INCORRECT], [NOT_WEAR]),
  };
}

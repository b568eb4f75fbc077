/** An action offered in the command palette, greyed as its button is: while the API server is asked, and with the 403's words when refused. */
import type { PaletteAction } from '../palette/registry';
import { refusalMessage } from './guarded-action';
import type { CanResult } from './use-can';

export const ASKING = 'Asking the API server whether you may';

export function guardedPaletteAction(action: Omit<PaletteAction, 'disabledReason'>, can: CanResult | undefined): PaletteAction {
  if (can === undefined) return { ...action, disabledReason: ASKING };
  if (can.allowed) return action;
  return { ...action, disabledReason: can.missing ? refusalMessage(can.missing) : `The API server would refuse to ${action.label.toLowerCase()}` };
}

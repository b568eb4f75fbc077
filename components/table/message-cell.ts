/**
 * A message column's cell: wide enough for a readable line of a sentence, so on a phone the table scrolls
 * sideways inside its panel rather than squeezing the message to a word per line.
 */
export const messageCell = 'min-w-[18rem] break-words';

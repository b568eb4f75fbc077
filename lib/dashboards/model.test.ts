import { describe, expect, it } from 'vitest';
import { dashboardBody, emptyBody, freeSpot } from './model';

describe('dashboard body model', () => {
  it('places a new widget beside the last one when the row has room, else below', () => {
    expect(freeSpot([], 12, 6)).toEqual({ x: 0, y: 0 });
    expect(freeSpot([{ x: 0, y: 0, width: 12, height: 6 }], 12, 6)).toEqual({ x: 12, y: 0 });
    expect(
      freeSpot(
        [
          { x: 0, y: 0, width: 12, height: 6 },
          { x: 12, y: 0, width: 12, height: 6 },
        ],
        12,
        6,
      ),
    ).toEqual({ x: 0, y: 6 });
    expect(freeSpot([{ x: 0, y: 0, width: 20, height: 2 }], 6, 3)).toEqual({ x: 0, y: 2 });
  });

  it('refuses two widgets with one id and a widget past the 24th column', () => {
    const text = { type: 'text', x: 0, y: 0, width: 6, height: 2, markdown: '' };
    const result = dashboardBody.safeParse({
      ...emptyBody(),
      widgets: [
        { ...text, id: 'a' },
        { ...text, id: 'b', x: 19 },
      ],
    });
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['widgets.1.width: a widget ends within the 24-column grid (x + width ≤ 24)']);
    const dup = dashboardBody.safeParse({
      ...emptyBody(),
      widgets: [
        { ...text, id: 'a' },
        { ...text, id: 'a' },
      ],
    });
    expect(dup.success ? [] : dup.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['widgets.1.id: widget id a is used twice']);
  });
});

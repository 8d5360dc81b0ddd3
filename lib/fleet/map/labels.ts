/**
 * Site labels that do not overlap: each label tries four places around its marker (right,
 * left, above, below) and takes the first that stays on the map and clear of the markers, the
 * labels already placed and the areas kept free; a label with no free place is left out (the
 * site keeps its marker, its tooltip and its row in the list). Labels are placed in the order
 * given, so the caller puts the sites that matter most first. Screen units throughout.
 */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LabelPoint {
  x: number;
  y: number;
  text: string;
}

export interface PlacedLabel {
  /** Index into the points given. */
  index: number;
  /** The text's left edge and baseline. */
  x: number;
  y: number;
}

/** A text's width: CJK characters are about one em wide, others about 0.6 em. */
export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! >= 0x2e80 ? fontSize : fontSize * 0.6;
  return w;
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

export function placeLabels(
  points: readonly LabelPoint[],
  o: { width: number; height: number; fontSize: number; radius: number; keepOut?: Box[] },
): PlacedLabel[] {
  const { width, height, fontSize, radius } = o;
  const h = fontSize * 1.2;
  const gap = 3;
  const taken: Box[] = [...(o.keepOut ?? [])];
  const markers = points.map((p) => ({
    x: p.x - radius,
    y: p.y - radius,
    w: 2 * radius,
    h: 2 * radius,
  }));
  const placed: PlacedLabel[] = [];
  points.forEach((p, index) => {
    const w = textWidth(p.text, fontSize);
    const candidates: Box[] = [
      { x: p.x + radius + gap, y: p.y - h / 2, w, h },
      { x: p.x - radius - gap - w, y: p.y - h / 2, w, h },
      { x: p.x - w / 2, y: p.y - radius - gap - h, w, h },
      { x: p.x - w / 2, y: p.y + radius + gap, w, h },
    ];
    const box = candidates.find(
      (b) =>
        b.x >= 0 &&
        b.y >= 0 &&
        b.x + b.w <= width &&
        b.y + b.h <= height &&
        !taken.some((t) => overlaps(b, t)) &&
        !markers.some((m, i) => i !== index && overlaps(b, m)),
    );
    if (!box) return;
    taken.push(box);
    // Baseline about 0.8 em below the box's top.
    placed.push({ index, x: box.x, y: box.y + fontSize * 0.95 });
  });
  return placed;
}

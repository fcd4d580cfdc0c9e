import { describe, expect, it } from 'vitest';
import { linePlotSvg, rocSvg } from '../../../shared/train/svg-plot.js';
import { rocCurve } from '../../../shared/train/metrics.js';

/** Checks tags are balanced (a small XML well-formedness check, enough for our generated markup). */
function tagsBalanced(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, close, name, selfClose] = m;
    if (selfClose) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name!);
  }
  return stack.length === 0;
}

describe('SVG plots', () => {
  it('write the ROC curve as a well-formed SVG holding every curve point', () => {
    const curve = rocCurve([0.9, 0.8, 0.4, 0.7, 0.3], [1, 1, 1, 0, 0]);
    const svg = rocSvg(curve, { title: 'ROC <test> & co', note: 'synthetic' });
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(tagsBalanced(svg)).toBe(true);
    expect(svg).toContain('ROC &lt;test&gt; &amp; co');
    const points = /<polyline[^>]*points="([^"]+)"/.exec(svg)![1]!.split(' ');
    expect(points).toHaveLength(curve.length);
    // (0,0) maps to the bottom-left plot corner, (1,1) to the top-right.
    expect(points[0]).toBe('60.00,350.00');
    expect(points.at(-1)).toBe('460.00,50.00');
  });

  it('draws one polyline per series for training curves', () => {
    const svg = linePlotSvg(
      [
        { name: 'train loss', points: [[1, 0.7], [2, 0.5]] },
        { name: 'val loss', points: [[1, 0.72], [2, 0.6]] },
      ],
      { title: 'loss', xLabel: 'epoch', yLabel: 'loss' },
    );
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(tagsBalanced(svg)).toBe(true);
  });
});

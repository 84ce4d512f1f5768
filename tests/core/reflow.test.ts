import { describe, expect, it } from 'vitest';
import { reflow } from '../../src/model/text.js';

describe('reflow: hand-wrapped YAML lines back into paragraphs', () => {
  it('joins a sentence wrapped mid-way, and a hanging indent under a long line', () => {
    const text =
      'Agency fees: £13,500 adverse (£55,500 against £42,000). The campaign was brought forward from\n  April; the budget holder expects April to come in lower by the same amount.\nTotal: £11,850 adverse.';
    expect(reflow(text)).toBe(
      'Agency fees: £13,500 adverse (£55,500 against £42,000). The campaign was brought forward from April; the budget holder expects April to come in lower by the same amount.\nTotal: £11,850 adverse.',
    );
  });
  it('keeps tables, lists, labels and short lines as written', () => {
    const table = 'Line | Budget | Actual\nTravel | 9,500 | 12,100\nEvents | 20,000 | 6,000';
    expect(reflow(table)).toBe(table);
    const list =
      'Errors in the draft, each with the figure that proves it wrong and the fix:\n1. "Met every level": false.\n- a bullet that follows a long line\nshort line\nnext line';
    expect(reflow(list)).toBe(list);
    const label = 'The questions to send back to the budget holder before the pack goes out:\nwhat caused print';
    expect(reflow(label)).toBe(label);
  });
});

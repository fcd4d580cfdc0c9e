import { describe, expect, it } from 'vitest';
import { redactText } from '../../../site-client/redact.js';

describe('site error redaction', () => {
  it('removes DICOM UIDs, FAMILY^GIVEN names and MRN-like ids', () => {
    expect(redactText('SOPInstanceUID 1.2.840.113619.2.55.3.604688119.969.1268071029.320 unreadable')).toBe('SOPInstanceUID <uid> unreadable');
    expect(redactText('PatientName DOE^JOHN^Q has no pixel data')).toBe('PatientName <name> has no pixel data');
    expect(redactText("patient O'Brien^Mary-Ann: bad frame")).toBe('patient <name>: bad frame');
    expect(redactText('MRN: 0012345 missing, PID=A-77 too')).toBe('MRN <id> missing, PID <id> too');
    expect(redactText('record A1234567 and KM-0012345 and 12345678')).toBe('record <id> and <id> and <id>');
    expect(redactText('accession number X9Z7 not found')).toBe('accession number <id> not found');
  });

  it('keeps sizes, versions, tensor names and hashes that carry no identity', () => {
    const keep = [
      'fit result of 134217728 bytes exceeds the cap',
      'tfjs 4.22.0 with oneDNN 3.1',
      'fitRes.tensors[0](block5_conv3/kernel).data: 3 values',
      `trunk hash ${'ab12'.repeat(16)} does not match`,
      'missed its 1800000 ms deadline',
    ];
    for (const t of keep) expect(redactText(t)).toBe(t);
  });
});

import { describe, expect, it } from 'vitest';
import { parseFieldError } from './fieldError';

describe('parseFieldError', () => {
  it('finds "field X:" and "column X:"', () => {
    expect(parseFieldError('field birth_date: "1990-13-01" is not a date (YYYY-MM-DD)')).toEqual({
      field: 'birth_date',
      message: '"1990-13-01" is not a date (YYYY-MM-DD)',
    });
    expect(parseFieldError('column name: must not be empty')).toEqual({ field: 'name', message: 'must not be empty' });
  });

  it('finds the field after a FILE:LINE prefix and takes the top of a dotted path', () => {
    expect(parseFieldError('body:1: field household.number: too long')).toEqual({ field: 'household', message: 'too long' });
  });

  it('answers null when no field is named', () => {
    expect(parseFieldError('resident 17 changed since "r17v42"')).toBeNull();
    expect(parseFieldError('the fields are wrong')).toBeNull();
  });
});

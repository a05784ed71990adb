import { describe, expect, it } from 'vitest';
import { InputError, ModelError, isUserError } from '../src/errors.js';

describe('typed errors', () => {
  it('carry a stable code and their class name', () => {
    const e = new InputError('E_INPUT_MISSING', 'no such file: a.mp4');
    expect(e.code).toBe('E_INPUT_MISSING');
    expect(e.name).toBe('InputError');
    expect(isUserError(e)).toBe(true);
    expect(isUserError(new Error('x'))).toBe(false);
    expect(new ModelError('E_MODEL_INVALID', 'bad')).toBeInstanceOf(Error);
  });
});

import { USEAPI_DEPRECATION_NOTICE } from '@ltx-jobs/core';
import { describe, expect, it } from 'vitest';
import { createStderrLogger } from '../src/output/logger.js';

describe('createStderrLogger', () => {
  it.each([
    [false, ['warning: slow {"ref":"r"}', 'warning: broke']],
    [true, ['debug: d', 'info: i', 'warning: slow {"ref":"r"}', 'warning: broke']],
  ])('debug=%s', (debug, expected) => {
    const lines: string[] = [];
    const logger = createStderrLogger((l) => lines.push(l), debug);
    logger.debug('d');
    logger.info('i', {});
    logger.warn('slow', { ref: 'r' });
    logger.warn(USEAPI_DEPRECATION_NOTICE);
    logger.error('broke');
    expect(lines).toEqual(expected);
  });
});

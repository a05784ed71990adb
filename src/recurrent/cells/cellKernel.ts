import type { CellType } from '../../types.js';
import type { CellKernel } from './cell.js';
import { gruCell } from './gru.js';
import { lstmCell } from './lstm.js';
import { rnnCell } from './rnn.js';

const KERNELS: Record<CellType, CellKernel> = { rnn: rnnCell, gru: gruCell, lstm: lstmCell };

/** The kernel of a cell type. */
export function cellKernel(type: CellType): CellKernel {
  return KERNELS[type];
}

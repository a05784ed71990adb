import type { CellType } from '../../types.js';
import type { Vec } from '../tensor.js';

/**
 * The pointwise part of one recurrent cell for one time step over a batch of B lanes. The affine parts
 * (x·W_ihᵀ + b_ih and h·W_hhᵀ + b_hh) are computed by the layer as batched matrix products; a kernel
 * fuses all gate non-linearities of one step into a single loop, forward and backward.
 * Gate blocks follow PyTorch: row g·H + j of W_ih / W_hh belongs to gate g, unit j.
 */
export interface CellKernel {
  readonly type: CellType;
  /** Gate blocks per unit: rnn 1, gru 3 (r, z, n), lstm 4 (i, f, g, o). */
  readonly gates: number;
  /** Values cached per unit per step for the backward pass. */
  readonly cacheWidth: number;
  /** Whether the cell carries a second state (the LSTM's c). */
  readonly hasCell: boolean;
  forward(
    B: number,
    H: number,
    gi: Vec /*[B, G*H] x·W_ihᵀ + b_ih*/,
    gh: Vec /*[B, G*H] h·W_hhᵀ + b_hh*/,
    hPrev: Vec /*[B, H]*/,
    cPrev: Vec /*[B, H] (lstm only)*/,
    hOut: Vec /*[B, H]*/,
    cOut: Vec /*[B, H] (lstm only)*/,
    cache: Vec /*[B, cacheWidth*H]*/,
  ): void;
  /**
   * Given dL/dh_t (and dL/dc_t for the LSTM), write the gradients of the two affine pre-activations, the
   * direct part of dL/dh_{t-1} (the part not passing through W_hh) and dL/dc_{t-1}.
   */
  backward(
    B: number,
    H: number,
    dh: Vec /*[B, H] dL/dh_t*/,
    dc: Vec /*[B, H] dL/dc_t (lstm only)*/,
    hPrev: Vec /*[B, H]*/,
    cPrev: Vec /*[B, H] (lstm only)*/,
    cache: Vec /*[B, cacheWidth*H]*/,
    dgi: Vec /*[B, G*H] out*/,
    dgh: Vec /*[B, G*H] out*/,
    dhPrev: Vec /*[B, H] out: direct part of dL/dh_{t-1}*/,
    dcPrev: Vec /*[B, H] out: dL/dc_{t-1} (lstm only)*/,
  ): void;
}

/**
 * Adam (Kingma & Ba) with optional decoupled weight decay (AdamW, Loshchilov & Hutter), over named float32
 * tensors updated in place. Decay applies to weight matrices only, not to biases.
 */
export class Adam {
  private readonly m: Record<string, Float32Array> = {}; // first moments, same shapes as params
  private readonly v: Record<string, Float32Array> = {}; // second moments
  private t = 0;
  constructor(
    private readonly params: Record<string, Float32Array>,
    private readonly opts: { beta1?: number; beta2?: number; eps?: number; weightDecay?: number } = {},
  ) {
    for (const [k, p] of Object.entries(params)) {
      this.m[k] = new Float32Array(p.length);
      this.v[k] = new Float32Array(p.length);
    }
  }

  step(grads: Record<string, Float32Array>, lr: number): void {
    const b1 = this.opts.beta1 ?? 0.9;
    const b2 = this.opts.beta2 ?? 0.999;
    const eps = this.opts.eps ?? 1e-8;
    const wd = this.opts.weightDecay ?? 0;
    this.t++;
    const c1 = 1 / (1 - b1 ** this.t);
    const c2 = 1 / (1 - b2 ** this.t);
    for (const [k, p] of Object.entries(this.params)) {
      const g = grads[k];
      const m = this.m[k];
      const v = this.v[k];
      const decay = wd > 0 && k.includes('weight') ? 1 - lr * wd : 1;
      for (let i = 0; i < p.length; i++) {
        const gi = g[i];
        const mi = (m[i] = b1 * m[i] + (1 - b1) * gi);
        const vi = (v[i] = b2 * v[i] + (1 - b2) * gi * gi);
        p[i] = p[i] * decay - (lr * mi * c1) / (Math.sqrt(vi * c2) + eps);
      }
    }
  }
}

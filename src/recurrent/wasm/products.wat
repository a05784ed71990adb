;; The network's products in WebAssembly SIMD (framewise's own kernels; see WasmProducts.ts): x · Wᵀ for the forward
;; pass and, in training, the weight gradients; matmulNN for the gradients to the inputs; matmulNT32, x · Wᵀ in float32
;; arithmetic, for inference. Built into productsModule.ts
;; by `npm run build:wasm`.
;;
;; y[r, j] = (acc ? y[r, j] : 0) + bias[j] + Σ_k x[r, k] · W[j, k]
;;   x: f32 [R, K], W: f32 [N, K] (PyTorch's [out, in]), y: f32 [R, N].
;; Every product and sum is in float64 and rounded to float32 once at the end, as the JavaScript kernel does, so the
;; results are the same bits as matmulNT's (the order of the float64 sums differs: two lanes, even and odd k; a
;; float32 rounding can only differ when a sum falls within ~1e-16 of a float32 rounding boundary).
;; Per weight row, `pairs` (i32 [N, 2]) holds the first column pair (even k) and the end of the last pair (even): the
;; row is zero outside them, so the rest is skipped.
;; Pointers are byte offsets; 0 means "none" (the first 64 bytes of memory are never used for data).
(module
  (memory (export "memory") 1)

  ;; xd[r, k] (f64 [R, K2], K2 = K rounded up to even, the padding column zero) from x (f32 [R, K]).
  (func $widen (param $R i32) (param $K i32) (param $x i32) (param $xd i32)
    (local $K2 i32) (local $r i32) (local $k i32) (local $src i32) (local $dst i32)
    (local.set $K2 (i32.and (i32.add (local.get $K) (i32.const 1)) (i32.const -2)))
    (local.set $src (local.get $x))
    (local.set $dst (local.get $xd))
    (local.set $r (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $R)))
        (local.set $k (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $k) (local.get $K)))
            (f64.store (local.get $dst) (f64.promote_f32 (f32.load (local.get $src))))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $cols)))
        (if (i32.ne (local.get $K) (local.get $K2))
          (then
            (f64.store (local.get $dst) (f64.const 0))
            (local.set $dst (i32.add (local.get $dst) (i32.const 8)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; y = x · Wᵀ + bias (y += … with $acc); xd: scratch of R · K2 float64 (16-byte aligned); sums: scratch of R · N
  ;; f64x2, each output's two lanes before they are added. A weight row's pairs may read up to one float32 past the
  ;; row (the next row's first, or the slack after W): it meets a zero of x's padding column.
  (func (export "matmulNT")
    (param $R i32) (param $N i32) (param $K i32) (param $x i32) (param $w i32) (param $bias i32) (param $y i32)
    (param $pairs i32) (param $xd i32) (param $sums i32) (param $acc i32)
    (local $K2 i32) (local $rs i32) (local $r i32) (local $j i32) (local $k i32) (local $k1 i32) (local $span i64)
    (local $wp i32) (local $xp i32) (local $sp i32) (local $wv v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128) (local $x0 v128) (local $x1 v128)
    (local $wb i32) (local $wq i32) (local $s f64) (local $yp i32) (local $four i32)
    (call $widen (local.get $R) (local.get $K) (local.get $x) (local.get $xd))
    (local.set $K2 (i32.and (i32.add (local.get $K) (i32.const 1)) (i32.const -2)))
    (local.set $rs (i32.shl (local.get $K2) (i32.const 3)))
    (local.set $wb (i32.shl (local.get $K) (i32.const 2)))
    (local.set $r (i32.const 0))
    ;; Four rows at a time: each weight pair is loaded once for the four.
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $R)))
        (local.set $j (i32.const 0))
        (block $outsDone
          (loop $outs
            (br_if $outsDone (i32.ge_u (local.get $j) (local.get $N)))
            (local.set $k (i32.load (i32.add (local.get $pairs) (i32.shl (local.get $j) (i32.const 3)))))
            (local.set $k1 (i32.load offset=4 (i32.add (local.get $pairs) (i32.shl (local.get $j) (i32.const 3)))))
            (local.set $wp (i32.add (local.get $w)
              (i32.shl (i32.add (i32.mul (local.get $j) (local.get $K)) (local.get $k)) (i32.const 2))))
            (local.set $xp (i32.add (local.get $xd)
              (i32.add (i32.mul (local.get $r) (local.get $rs)) (i32.shl (local.get $k) (i32.const 3)))))
            (local.set $a0 (v128.const f64x2 0 0))
            (local.set $a1 (v128.const f64x2 0 0))
            (local.set $a2 (v128.const f64x2 0 0))
            (local.set $a3 (v128.const f64x2 0 0))
            (block $kDone
              (loop $ks
                (br_if $kDone (i32.ge_s (local.get $k) (local.get $k1)))
                (local.set $wv (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $wp))))
                (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load (local.get $xp)) (local.get $wv))))
                (local.set $a1 (f64x2.add (local.get $a1)
                  (f64x2.mul (v128.load (i32.add (local.get $xp) (local.get $rs))) (local.get $wv))))
                (local.set $a2 (f64x2.add (local.get $a2)
                  (f64x2.mul (v128.load (i32.add (local.get $xp) (i32.shl (local.get $rs) (i32.const 1)))) (local.get $wv))))
                (local.set $a3 (f64x2.add (local.get $a3)
                  (f64x2.mul (v128.load (i32.add (local.get $xp) (i32.mul (local.get $rs) (i32.const 3)))) (local.get $wv))))
                (local.set $wp (i32.add (local.get $wp) (i32.const 8)))
                (local.set $xp (i32.add (local.get $xp) (i32.const 16)))
                (local.set $k (i32.add (local.get $k) (i32.const 2)))
                (br $ks)))
            ;; sums[r + i, j]: N · 16 bytes apart.
            (local.set $sp (i32.add (local.get $sums)
              (i32.shl (i32.add (i32.mul (local.get $r) (local.get $N)) (local.get $j)) (i32.const 4))))
            (v128.store (local.get $sp) (local.get $a0))
            (local.set $sp (i32.add (local.get $sp) (i32.shl (local.get $N) (i32.const 4))))
            (v128.store (local.get $sp) (local.get $a1))
            (local.set $sp (i32.add (local.get $sp) (i32.shl (local.get $N) (i32.const 4))))
            (v128.store (local.get $sp) (local.get $a2))
            (local.set $sp (i32.add (local.get $sp) (i32.shl (local.get $N) (i32.const 4))))
            (v128.store (local.get $sp) (local.get $a3))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $outs)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $quads)))
    ;; The rows left one at a time (streaming: every row), with two accumulators per output (pairs at k ≡ 0 and
    ;; k ≡ 2 mod 4) so the additions of neighbouring pairs do not wait on each other; four outputs at a time where
    ;; their weight rows share a span (each x pair loaded once for the four, eight independent sums in flight).
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $R)))
        (local.set $j (i32.const 0))
        (block $outsDone1
          (loop $outs1
            (br_if $outsDone1 (i32.ge_u (local.get $j) (local.get $N)))
            (local.set $span (i64.load (i32.add (local.get $pairs) (i32.shl (local.get $j) (i32.const 3)))))
            (local.set $k (i32.wrap_i64 (local.get $span)))
            (local.set $k1 (i32.wrap_i64 (i64.shr_u (local.get $span) (i64.const 32))))
            (local.set $wp (i32.add (local.get $w)
              (i32.shl (i32.add (i32.mul (local.get $j) (local.get $K)) (local.get $k)) (i32.const 2))))
            (local.set $xp (i32.add (local.get $xd)
              (i32.add (i32.mul (local.get $r) (local.get $rs)) (i32.shl (local.get $k) (i32.const 3)))))
            (local.set $sp (i32.add (local.get $sums)
              (i32.shl (i32.add (i32.mul (local.get $r) (local.get $N)) (local.get $j)) (i32.const 4))))
            (local.set $a0 (v128.const f64x2 0 0))
            (local.set $a1 (v128.const f64x2 0 0))
            ;; Rows j+1..j+3 are read only when they exist (i32.and would evaluate every load).
            (local.set $four (i32.const 0))
            (if (i32.le_u (i32.add (local.get $j) (i32.const 4)) (local.get $N))
              (then
                (local.set $four (i32.and
                  (i64.eq (local.get $span) (i64.load offset=8 (i32.add (local.get $pairs) (i32.shl (local.get $j) (i32.const 3)))))
                  (i32.and
                    (i64.eq (local.get $span) (i64.load offset=16 (i32.add (local.get $pairs) (i32.shl (local.get $j) (i32.const 3)))))
                    (i64.eq (local.get $span) (i64.load offset=24 (i32.add (local.get $pairs) (i32.shl (local.get $j) (i32.const 3))))))))))
            (if (local.get $four)
              (then
                (local.set $a2 (v128.const f64x2 0 0))
                (local.set $a3 (v128.const f64x2 0 0))
                (local.set $a4 (v128.const f64x2 0 0))
                (local.set $a5 (v128.const f64x2 0 0))
                (local.set $a6 (v128.const f64x2 0 0))
                (local.set $a7 (v128.const f64x2 0 0))
                (block $kDone4
                  (loop $ks4
                    (br_if $kDone4 (i32.gt_s (i32.add (local.get $k) (i32.const 4)) (local.get $k1)))
                    (local.set $x0 (v128.load (local.get $xp)))
                    (local.set $x1 (v128.load offset=16 (local.get $xp)))
                    (local.set $wq (local.get $wp))
                    (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $x0) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $wq))))))
                    (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $x1) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $wq))))))
                    (local.set $wq (i32.add (local.get $wq) (local.get $wb)))
                    (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $x0) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $wq))))))
                    (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $x1) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $wq))))))
                    (local.set $wq (i32.add (local.get $wq) (local.get $wb)))
                    (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (local.get $x0) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $wq))))))
                    (local.set $a5 (f64x2.add (local.get $a5) (f64x2.mul (local.get $x1) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $wq))))))
                    (local.set $wq (i32.add (local.get $wq) (local.get $wb)))
                    (local.set $a6 (f64x2.add (local.get $a6) (f64x2.mul (local.get $x0) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $wq))))))
                    (local.set $a7 (f64x2.add (local.get $a7) (f64x2.mul (local.get $x1) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $wq))))))
                    (local.set $wp (i32.add (local.get $wp) (i32.const 16)))
                    (local.set $xp (i32.add (local.get $xp) (i32.const 32)))
                    (local.set $k (i32.add (local.get $k) (i32.const 4)))
                    (br $ks4)))
                (if (i32.lt_s (local.get $k) (local.get $k1))
                  (then
                    (local.set $x0 (v128.load (local.get $xp)))
                    (local.set $wq (local.get $wp))
                    (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $x0) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $wq))))))
                    (local.set $wq (i32.add (local.get $wq) (local.get $wb)))
                    (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $x0) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $wq))))))
                    (local.set $wq (i32.add (local.get $wq) (local.get $wb)))
                    (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (local.get $x0) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $wq))))))
                    (local.set $wq (i32.add (local.get $wq) (local.get $wb)))
                    (local.set $a6 (f64x2.add (local.get $a6) (f64x2.mul (local.get $x0) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $wq))))))))
                (v128.store (local.get $sp) (f64x2.add (local.get $a0) (local.get $a1)))
                (v128.store offset=16 (local.get $sp) (f64x2.add (local.get $a2) (local.get $a3)))
                (v128.store offset=32 (local.get $sp) (f64x2.add (local.get $a4) (local.get $a5)))
                (v128.store offset=48 (local.get $sp) (f64x2.add (local.get $a6) (local.get $a7)))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br $outs1)))
            (block $kDone1
              (loop $ks1
                (br_if $kDone1 (i32.gt_s (i32.add (local.get $k) (i32.const 4)) (local.get $k1)))
                (local.set $a0 (f64x2.add (local.get $a0)
                  (f64x2.mul (v128.load (local.get $xp)) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $wp))))))
                (local.set $a1 (f64x2.add (local.get $a1)
                  (f64x2.mul (v128.load offset=16 (local.get $xp)) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $wp))))))
                (local.set $wp (i32.add (local.get $wp) (i32.const 16)))
                (local.set $xp (i32.add (local.get $xp) (i32.const 32)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $ks1)))
            (if (i32.lt_s (local.get $k) (local.get $k1))
              (then
                (local.set $a0 (f64x2.add (local.get $a0)
                  (f64x2.mul (v128.load (local.get $xp)) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $wp))))))))
            (v128.store (local.get $sp) (f64x2.add (local.get $a0) (local.get $a1)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $outs1)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows)))
    ;; y[r, j] from its sum's two lanes: float64 (lane 0 + lane 1) + bias[j], added to y's value with $acc, rounded once.
    (local.set $sp (local.get $sums))
    (local.set $yp (local.get $y))
    (local.set $r (i32.const 0))
    (block $yDone
      (loop $ys
        (br_if $yDone (i32.ge_u (local.get $r) (local.get $R)))
        (local.set $j (i32.const 0))
        (block $jDone
          (loop $js
            (br_if $jDone (i32.ge_u (local.get $j) (local.get $N)))
            (local.set $a0 (v128.load (local.get $sp)))
            (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
            (if (local.get $bias)
              (then
                (local.set $s (f64.add (local.get $s)
                  (f64.promote_f32 (f32.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2)))))))))
            (if (local.get $acc)
              (then (local.set $s (f64.add (f64.promote_f32 (f32.load (local.get $yp))) (local.get $s)))))
            (f32.store (local.get $yp) (f32.demote_f64 (local.get $s)))
            (local.set $sp (i32.add (local.get $sp) (i32.const 16)))
            (local.set $yp (i32.add (local.get $yp) (i32.const 4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $js)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $ys))))

  ;; y = x · Wᵀ + bias in float32 arithmetic, four lanes at a time (inference only, matmulNT32 in WasmProducts.ts):
  ;; x: f32 [R, K4] (K4 = K rounded up to a multiple of 4, the padding zero); y: f32 [R, N]. Per weight row, `quads`
  ;; (i32 [N, 2]) holds the first column read (a multiple of 4) and the end of the last group of four: the row is
  ;; zero outside them. A row's last group may read up to three float32 past it (the next row, or the slack after W)
  ;; and meets zeros of x's padding. Four outputs at a time where their rows share a span: each group of x loaded
  ;; once for the four, their lanes summed (0 + 2) + (1 + 3) for the four at once. Other outputs one at a time, lanes
  ;; summed (0 + 1) + (2 + 3). Then the bias.
  (func (export "matmulNT32")
    (param $R i32) (param $N i32) (param $K i32) (param $x i32) (param $w i32) (param $bias i32) (param $y i32)
    (param $quads i32)
    (local $rs i32) (local $wb i32) (local $r i32) (local $j i32) (local $k i32) (local $k0 i32) (local $k1 i32)
    (local $span i64) (local $four i32) (local $wRow i32) (local $wp i32) (local $xp i32) (local $yp i32)
    (local $xv v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $rs (i32.shl (i32.and (i32.add (local.get $K) (i32.const 3)) (i32.const -4)) (i32.const 2)))
    (local.set $wb (i32.shl (local.get $K) (i32.const 2)))
    (block $outsDone
      (loop $outs
        (br_if $outsDone (i32.ge_u (local.get $j) (local.get $N)))
        (local.set $span (i64.load (i32.add (local.get $quads) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $k0 (i32.wrap_i64 (local.get $span)))
        (local.set $k1 (i32.wrap_i64 (i64.shr_u (local.get $span) (i64.const 32))))
        (local.set $wRow (i32.add (local.get $w)
          (i32.shl (i32.add (i32.mul (local.get $j) (local.get $K)) (local.get $k0)) (i32.const 2))))
        (local.set $four (i32.const 0))
        (if (i32.le_u (i32.add (local.get $j) (i32.const 4)) (local.get $N))
          (then
            (local.set $four (i32.and
              (i64.eq (local.get $span) (i64.load offset=8 (i32.add (local.get $quads) (i32.shl (local.get $j) (i32.const 3)))))
              (i32.and
                (i64.eq (local.get $span) (i64.load offset=16 (i32.add (local.get $quads) (i32.shl (local.get $j) (i32.const 3)))))
                (i64.eq (local.get $span) (i64.load offset=24 (i32.add (local.get $quads) (i32.shl (local.get $j) (i32.const 3))))))))))
        (local.set $r (i32.const 0))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $R)))
            (local.set $wp (local.get $wRow))
            (local.set $xp (i32.add (local.get $x)
              (i32.add (i32.mul (local.get $r) (local.get $rs)) (i32.shl (local.get $k0) (i32.const 2)))))
            (local.set $yp (i32.add (local.get $y)
              (i32.shl (i32.add (i32.mul (local.get $r) (local.get $N)) (local.get $j)) (i32.const 2))))
            (local.set $k (local.get $k0))
            (local.set $a0 (v128.const f32x4 0 0 0 0))
            (local.set $a1 (v128.const f32x4 0 0 0 0))
            (local.set $a2 (v128.const f32x4 0 0 0 0))
            (local.set $a3 (v128.const f32x4 0 0 0 0))
            (if (local.get $four)
              (then
                (block $kDone4
                  (loop $ks4
                    (br_if $kDone4 (i32.ge_s (local.get $k) (local.get $k1)))
                    (local.set $xv (v128.load (local.get $xp)))
                    (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $xv) (v128.load (local.get $wp)))))
                    (local.set $a1 (f32x4.add (local.get $a1)
                      (f32x4.mul (local.get $xv) (v128.load (i32.add (local.get $wp) (local.get $wb))))))
                    (local.set $a2 (f32x4.add (local.get $a2)
                      (f32x4.mul (local.get $xv) (v128.load (i32.add (local.get $wp) (i32.shl (local.get $wb) (i32.const 1)))))))
                    (local.set $a3 (f32x4.add (local.get $a3)
                      (f32x4.mul (local.get $xv) (v128.load (i32.add (local.get $wp) (i32.mul (local.get $wb) (i32.const 3)))))))
                    (local.set $wp (i32.add (local.get $wp) (i32.const 16)))
                    (local.set $xp (i32.add (local.get $xp) (i32.const 16)))
                    (local.set $k (i32.add (local.get $k) (i32.const 4)))
                    (br $ks4)))
                ;; The four outputs' lane sums side by side: (lanes 0 + 2) + (lanes 1 + 3) of each, then the biases.
                (local.set $a0 (f32x4.add
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a0) (local.get $a1))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a0) (local.get $a1))))
                (local.set $a2 (f32x4.add
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a2) (local.get $a3))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a2) (local.get $a3))))
                (local.set $a0 (f32x4.add
                  (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a0) (local.get $a2))
                  (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a0) (local.get $a2))))
                (if (local.get $bias)
                  (then (local.set $a0 (f32x4.add (local.get $a0)
                    (v128.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))))))
                (v128.store (local.get $yp) (local.get $a0)))
              (else
                ;; One output: two accumulators over alternate groups, added before the lanes are.
                (block $kDone2
                  (loop $ks2
                    (br_if $kDone2 (i32.gt_s (i32.add (local.get $k) (i32.const 8)) (local.get $k1)))
                    (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $xp)) (v128.load (local.get $wp)))))
                    (local.set $a1 (f32x4.add (local.get $a1)
                      (f32x4.mul (v128.load offset=16 (local.get $xp)) (v128.load offset=16 (local.get $wp)))))
                    (local.set $wp (i32.add (local.get $wp) (i32.const 32)))
                    (local.set $xp (i32.add (local.get $xp) (i32.const 32)))
                    (local.set $k (i32.add (local.get $k) (i32.const 8)))
                    (br $ks2)))
                (if (i32.lt_s (local.get $k) (local.get $k1))
                  (then
                    (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $xp)) (v128.load (local.get $wp)))))))
                (local.set $a0 (f32x4.add (local.get $a0) (local.get $a1)))
                (f32.store (local.get $yp) (call $total (local.get $a0) (local.get $bias) (local.get $j)))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rows)))
        (local.set $j (i32.add (local.get $j) (select (i32.const 4) (i32.const 1) (local.get $four))))
        (br $outs))))

  ;; (a[0] + a[1]) + (a[2] + a[3]) + bias[j] (bias 0: none), in float32.
  (func $total (param $a v128) (param $bias i32) (param $j i32) (result f32)
    (local $s f32)
    (local.set $s (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $a)) (f32x4.extract_lane 1 (local.get $a)))
      (f32.add (f32x4.extract_lane 2 (local.get $a)) (f32x4.extract_lane 3 (local.get $a)))))
    (if (result f32) (local.get $bias)
      (then (f32.add (local.get $s) (f32.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))))
      (else (local.get $s))))

  ;; dx[r, k] = (acc ? dx[r, k] : 0) + Σ_j d[r, j] · W[j, k]   d: f32 [R, N], W: f32 [N, K], dx: f32 [R, K]
  ;; (back-propagation through x · Wᵀ to x). The same operations in the same order as the JavaScript matmulNN, each
  ;; lane one column k: four weight rows at a time, ((g0·w0 + g1·w1) + g2·w2) + g3·w3 in float64 added to dx[r, k]
  ;; and rounded to float32; a group of four zero gradients skipped; the rows left one at a time. The same bits.
  (func (export "matmulNN")
    (param $R i32) (param $N i32) (param $K i32) (param $d i32) (param $w i32) (param $dx i32) (param $acc i32)
    (local $r i32) (local $j i32) (local $k i32) (local $row i32) (local $dp i32) (local $rowBytes i32)
    (local $g0 f64) (local $g1 f64) (local $g2 f64) (local $g3 f64)
    (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $w3 i32) (local $o i32) (local $s f64)
    (local.set $rowBytes (i32.shl (local.get $K) (i32.const 2)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $R)))
        (local.set $row (i32.add (local.get $dx) (i32.mul (local.get $r) (local.get $rowBytes))))
        (if (i32.eqz (local.get $acc)) (then (memory.fill (local.get $row) (i32.const 0) (local.get $rowBytes))))
        (local.set $dp (i32.add (local.get $d) (i32.shl (i32.mul (local.get $r) (local.get $N)) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $quadsDone
          (loop $quads
            (br_if $quadsDone (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $N)))
            (local.set $g0 (f64.promote_f32 (f32.load (local.get $dp))))
            (local.set $g1 (f64.promote_f32 (f32.load offset=4 (local.get $dp))))
            (local.set $g2 (f64.promote_f32 (f32.load offset=8 (local.get $dp))))
            (local.set $g3 (f64.promote_f32 (f32.load offset=12 (local.get $dp))))
            (if (i32.eqz (i32.and (i32.and (f64.eq (local.get $g0) (f64.const 0)) (f64.eq (local.get $g1) (f64.const 0)))
                                  (i32.and (f64.eq (local.get $g2) (f64.const 0)) (f64.eq (local.get $g3) (f64.const 0)))))
              (then
                (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $j) (local.get $rowBytes))))
                (local.set $w1 (i32.add (local.get $w0) (local.get $rowBytes)))
                (local.set $w2 (i32.add (local.get $w1) (local.get $rowBytes)))
                (local.set $w3 (i32.add (local.get $w2) (local.get $rowBytes)))
                (call $quad (local.get $K) (local.get $row) (local.get $w0) (local.get $w1) (local.get $w2) (local.get $w3)
                  (local.get $g0) (local.get $g1) (local.get $g2) (local.get $g3))))
            (local.set $dp (i32.add (local.get $dp) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $quads)))
        (block $singlesDone
          (loop $singles
            (br_if $singlesDone (i32.ge_u (local.get $j) (local.get $N)))
            (local.set $g0 (f64.promote_f32 (f32.load (local.get $dp))))
            (if (f64.ne (local.get $g0) (f64.const 0))
              (then
                (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $j) (local.get $rowBytes))))
                (local.set $k (i32.const 0))
                (block $kDone
                  (loop $ks
                    (br_if $kDone (i32.ge_u (local.get $k) (local.get $K)))
                    (local.set $o (i32.shl (local.get $k) (i32.const 2)))
                    (f32.store (i32.add (local.get $row) (local.get $o))
                      (f32.demote_f64 (f64.add
                        (f64.promote_f32 (f32.load (i32.add (local.get $row) (local.get $o))))
                        (f64.mul (local.get $g0) (f64.promote_f32 (f32.load (i32.add (local.get $w0) (local.get $o))))))))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $ks)))))
            (local.set $dp (i32.add (local.get $dp) (i32.const 4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $singles)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; row[k] = f32(row[k] + (((g0·w0[k] + g1·w1[k]) + g2·w2[k]) + g3·w3[k])) for k < K, two columns per step.
  (func $quad (param $K i32) (param $row i32) (param $w0 i32) (param $w1 i32) (param $w2 i32) (param $w3 i32)
    (param $g0 f64) (param $g1 f64) (param $g2 f64) (param $g3 f64)
    (local $k i32) (local $o i32) (local $s v128)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local.set $v0 (f64x2.splat (local.get $g0)))
    (local.set $v1 (f64x2.splat (local.get $g1)))
    (local.set $v2 (f64x2.splat (local.get $g2)))
    (local.set $v3 (f64x2.splat (local.get $g3)))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $k) (i32.const 2)) (local.get $K)))
        (local.set $o (i32.shl (local.get $k) (i32.const 2)))
        (local.set $s (f64x2.mul (local.get $v0) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $w0) (local.get $o))))))
        (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $v1) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $w1) (local.get $o)))))))
        (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $v2) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $w2) (local.get $o)))))))
        (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $v3) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $w3) (local.get $o)))))))
        (v128.store64_lane 0 (i32.add (local.get $row) (local.get $o))
          (f32x4.demote_f64x2_zero
            (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $row) (local.get $o)))) (local.get $s))))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $pairs)))
    (if (i32.lt_u (local.get $k) (local.get $K))
      (then
        (local.set $o (i32.shl (local.get $k) (i32.const 2)))
        (f32.store (i32.add (local.get $row) (local.get $o))
          (f32.demote_f64 (f64.add
            (f64.promote_f32 (f32.load (i32.add (local.get $row) (local.get $o))))
            (f64.add (f64.add (f64.add
              (f64.mul (local.get $g0) (f64.promote_f32 (f32.load (i32.add (local.get $w0) (local.get $o)))))
              (f64.mul (local.get $g1) (f64.promote_f32 (f32.load (i32.add (local.get $w1) (local.get $o))))))
              (f64.mul (local.get $g2) (f64.promote_f32 (f32.load (i32.add (local.get $w2) (local.get $o))))))
              (f64.mul (local.get $g3) (f64.promote_f32 (f32.load (i32.add (local.get $w3) (local.get $o))))))))))))
)

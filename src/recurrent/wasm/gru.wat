;; The GRU step's pointwise part for inference in WebAssembly (see WasmGru.ts), with exp, expm1 and tanh that give
;; the same float64 bits as V8's Math.exp, Math.expm1 and Math.tanh: V8 computes those with its port of fdlibm
;; (base::ieee754), and these follow the same algorithms operation for operation — the same constants, the same
;; argument reduction, the same polynomial in the same order, the same thresholds read from the high word — so every
;; rounding happens at the same place. Built into gruModule.ts by `npm run build:wasm`.
;;
;; $exp, $expm1 and $tanh are the scalar forms, fdlibm's branches as they are. The vector forms (expMany, tanhMany) take
;; two lanes at once without branching on their values: every lane goes through the general argument reduction (where
;; fdlibm skips it, t = 0 leaves the argument as it is; where it takes k = ±1 directly, the general formula gives the
;; same k by the same operations), the results of every case are computed and each lane's own is selected. A pair with
;; a lane outside what a vector form covers goes through the scalar form.
;;
;; Pointers are byte offsets.
(module
  (memory (export "memory") 1)

  ;; ln 2 in two parts (k · ln2Hi is exact for the k here), 1/ln 2, the polynomials' coefficients.
  (global $ln2Hi f64 (f64.const 0x1.62e42fee00000p-1))
  (global $ln2Lo f64 (f64.const 0x1.a39ef35793c76p-33))
  (global $invLn2 f64 (f64.const 0x1.71547652b82fep0))
  (global $P1 f64 (f64.const 0x1.555555555553ep-3))
  (global $P2 f64 (f64.const -0x1.6c16c16bebd93p-9))
  (global $P3 f64 (f64.const 0x1.1566aaf25de2cp-14))
  (global $P4 f64 (f64.const -0x1.bbd41c5d26bf1p-20))
  (global $P5 f64 (f64.const 0x1.6376972bea4d0p-25))
  (global $Q1 f64 (f64.const -0x1.11111111110f4p-5))
  (global $Q2 f64 (f64.const 0x1.a01a019fe5585p-10))
  (global $Q3 f64 (f64.const -0x1.4ce199eaadbb7p-14))
  (global $Q4 f64 (f64.const 0x1.0cfca86e65239p-18))
  (global $Q5 f64 (f64.const -0x1.afdb76e09c32dp-23))
  ;; Past these, exp overflows / underflows.
  (global $overflow f64 (f64.const 0x1.62e42fefa39efp9))
  (global $underflow f64 (f64.const -0x1.74910d52d3051p9))
  ;; V8's exp returns e for 1 from a special case (its general path would miss e's last bit).
  (global $e f64 (f64.const 0x1.5bf0a8b145769p1))

  ;; The high word of |x| (the word fdlibm compares with its thresholds).
  (func $highAbs (param $x f64) (result i32)
    (i32.and (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))) (i32.const 0x7fffffff)))

  ;; Whether x is NaN.
  (func $isNaN (param $x f64) (result i32)
    (f64.ne (local.get $x) (local.get $x)))

  ;; 2^k as a float64 from its exponent bits (k within the normal exponents).
  (func $pow2 (param $k i32) (result f64)
    (f64.reinterpret_i64 (i64.shl (i64.extend_i32_s (i32.add (local.get $k) (i32.const 1023))) (i64.const 52))))

  ;; Math.exp: fdlibm's exp.
  (func $exp (export "exp") (param $x f64) (result f64)
    (local $hx i32) (local $negative i32) (local $k i32) (local $hi f64) (local $lo f64) (local $t f64) (local $c f64)
    (local $y f64)
    (local.set $hx (call $highAbs (local.get $x)))
    (local.set $negative (i64.lt_s (i64.reinterpret_f64 (local.get $x)) (i64.const 0)))
    (if (i32.ge_u (local.get $hx) (i32.const 0x40862e42))
      (then
        (if (call $isNaN (local.get $x)) (then (return (f64.add (local.get $x) (local.get $x)))))
        (if (i32.ge_u (local.get $hx) (i32.const 0x7ff00000))
          (then (return (select (f64.const 0) (local.get $x) (local.get $negative)))))
        ;; fdlibm's huge · huge and 2^-1000 · 2^-1000.
        (if (f64.gt (local.get $x) (global.get $overflow)) (then (return (f64.const inf))))
        (if (f64.lt (local.get $x) (global.get $underflow)) (then (return (f64.const 0))))))
    (if (i32.gt_u (local.get $hx) (i32.const 0x3fd62e42))
      (then
        (if (i32.lt_u (local.get $hx) (i32.const 0x3ff0a2b2))
          (then
            (if (f64.eq (local.get $x) (f64.const 1)) (then (return (global.get $e))))
            (if (local.get $negative)
              (then
                (local.set $hi (f64.add (local.get $x) (global.get $ln2Hi)))
                (local.set $lo (f64.neg (global.get $ln2Lo)))
                (local.set $k (i32.const -1)))
              (else
                (local.set $hi (f64.sub (local.get $x) (global.get $ln2Hi)))
                (local.set $lo (global.get $ln2Lo))
                (local.set $k (i32.const 1)))))
          (else
            (local.set $k (i32.trunc_f64_s (f64.add (f64.mul (global.get $invLn2) (local.get $x))
              (select (f64.const -0.5) (f64.const 0.5) (local.get $negative)))))
            (local.set $t (f64.convert_i32_s (local.get $k)))
            (local.set $hi (f64.sub (local.get $x) (f64.mul (local.get $t) (global.get $ln2Hi))))
            (local.set $lo (f64.mul (local.get $t) (global.get $ln2Lo)))))
        (local.set $x (f64.sub (local.get $hi) (local.get $lo))))
      (else
        ;; |x| < 2^-28: 1 + x (fdlibm's huge + x > 1 always holds).
        (if (i32.lt_u (local.get $hx) (i32.const 0x3e300000)) (then (return (f64.add (f64.const 1) (local.get $x)))))))
    (local.set $t (f64.mul (local.get $x) (local.get $x)))
    (local.set $c (f64.sub (local.get $x)
      (f64.mul (local.get $t)
        (f64.add (global.get $P1) (f64.mul (local.get $t)
          (f64.add (global.get $P2) (f64.mul (local.get $t)
            (f64.add (global.get $P3) (f64.mul (local.get $t)
              (f64.add (global.get $P4) (f64.mul (local.get $t) (global.get $P5))))))))))))
    (if (i32.eqz (local.get $k))
      (then
        (return (f64.sub (f64.const 1)
          (f64.sub (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (local.get $c) (f64.const 2))) (local.get $x))))))
    (local.set $y (f64.sub (f64.const 1)
      (f64.sub
        (f64.sub (local.get $lo) (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (f64.const 2) (local.get $c))))
        (local.get $hi))))
    (if (i32.ge_s (local.get $k) (i32.const -1021))
      (then
        (if (i32.eq (local.get $k) (i32.const 1024))
          (then (return (f64.mul (f64.mul (local.get $y) (f64.const 2)) (f64.const 0x1p1023)))))
        (return (f64.mul (local.get $y) (call $pow2 (local.get $k))))))
    ;; Results below the normal range: scaled by 2^(k + 1000), then by 2^-1000 (one rounding, into the subnormals).
    (f64.mul (f64.mul (local.get $y) (call $pow2 (i32.add (local.get $k) (i32.const 1000)))) (f64.const 0x1p-1000)))

  ;; Math.expm1: fdlibm's expm1 (here for tanh).
  (func $expm1 (export "expm1") (param $x f64) (result f64)
    (local $hx i32) (local $negative i32) (local $k i32) (local $hi f64) (local $lo f64) (local $c f64) (local $t f64)
    (local $hfx f64) (local $hxs f64) (local $r1 f64) (local $e f64) (local $y f64)
    (local.set $hx (call $highAbs (local.get $x)))
    (local.set $negative (i64.lt_s (i64.reinterpret_f64 (local.get $x)) (i64.const 0)))
    ;; |x| ≥ 56 ln 2.
    (if (i32.ge_u (local.get $hx) (i32.const 0x4043687a))
      (then
        (if (i32.ge_u (local.get $hx) (i32.const 0x40862e42))
          (then
            (if (call $isNaN (local.get $x)) (then (return (f64.add (local.get $x) (local.get $x)))))
            (if (i32.ge_u (local.get $hx) (i32.const 0x7ff00000))
              (then (return (select (f64.const -1) (local.get $x) (local.get $negative)))))
            (if (f64.gt (local.get $x) (global.get $overflow)) (then (return (f64.const inf))))))
        (if (local.get $negative) (then (return (f64.const -1))))))
    (if (i32.gt_u (local.get $hx) (i32.const 0x3fd62e42))
      (then
        (if (i32.lt_u (local.get $hx) (i32.const 0x3ff0a2b2))
          (then
            (if (local.get $negative)
              (then
                (local.set $hi (f64.add (local.get $x) (global.get $ln2Hi)))
                (local.set $lo (f64.neg (global.get $ln2Lo)))
                (local.set $k (i32.const -1)))
              (else
                (local.set $hi (f64.sub (local.get $x) (global.get $ln2Hi)))
                (local.set $lo (global.get $ln2Lo))
                (local.set $k (i32.const 1)))))
          (else
            (local.set $k (i32.trunc_f64_s (f64.add (f64.mul (global.get $invLn2) (local.get $x))
              (select (f64.const -0.5) (f64.const 0.5) (local.get $negative)))))
            (local.set $t (f64.convert_i32_s (local.get $k)))
            (local.set $hi (f64.sub (local.get $x) (f64.mul (local.get $t) (global.get $ln2Hi))))
            (local.set $lo (f64.mul (local.get $t) (global.get $ln2Lo)))))
        (local.set $x (f64.sub (local.get $hi) (local.get $lo)))
        ;; What the rounding of hi − lo lost.
        (local.set $c (f64.sub (f64.sub (local.get $hi) (local.get $x)) (local.get $lo))))
      (else
        ;; |x| < 2^-54: x itself (fdlibm's x − ((huge + x) − (huge + x))).
        (if (i32.lt_u (local.get $hx) (i32.const 0x3c900000)) (then (return (local.get $x))))))
    (local.set $hfx (f64.mul (f64.const 0.5) (local.get $x)))
    (local.set $hxs (f64.mul (local.get $x) (local.get $hfx)))
    (local.set $r1 (f64.add (f64.const 1)
      (f64.mul (local.get $hxs)
        (f64.add (global.get $Q1) (f64.mul (local.get $hxs)
          (f64.add (global.get $Q2) (f64.mul (local.get $hxs)
            (f64.add (global.get $Q3) (f64.mul (local.get $hxs)
              (f64.add (global.get $Q4) (f64.mul (local.get $hxs) (global.get $Q5))))))))))))
    (local.set $t (f64.sub (f64.const 3) (f64.mul (local.get $r1) (local.get $hfx))))
    (local.set $e (f64.mul (local.get $hxs)
      (f64.div (f64.sub (local.get $r1) (local.get $t)) (f64.sub (f64.const 6) (f64.mul (local.get $x) (local.get $t))))))
    (if (i32.eqz (local.get $k))
      (then (return (f64.sub (local.get $x) (f64.sub (f64.mul (local.get $x) (local.get $e)) (local.get $hxs))))))
    (local.set $e (f64.sub (f64.sub (f64.mul (local.get $x) (f64.sub (local.get $e) (local.get $c))) (local.get $c))
      (local.get $hxs)))
    (if (i32.eq (local.get $k) (i32.const -1))
      (then (return (f64.sub (f64.mul (f64.const 0.5) (f64.sub (local.get $x) (local.get $e))) (f64.const 0.5)))))
    (if (i32.eq (local.get $k) (i32.const 1))
      (then
        (if (f64.lt (local.get $x) (f64.const -0.25))
          (then (return (f64.mul (f64.const -2) (f64.sub (local.get $e) (f64.add (local.get $x) (f64.const 0.5)))))))
        (return (f64.add (f64.const 1) (f64.mul (f64.const 2) (f64.sub (local.get $x) (local.get $e)))))))
    (if (i32.or (i32.le_s (local.get $k) (i32.const -2)) (i32.gt_s (local.get $k) (i32.const 56)))
      (then
        (local.set $y (f64.sub (f64.const 1) (f64.sub (local.get $e) (local.get $x))))
        (local.set $y (if (result f64) (i32.eq (local.get $k) (i32.const 1024))
          (then (f64.mul (f64.mul (local.get $y) (f64.const 2)) (f64.const 0x1p1023)))
          (else (f64.mul (local.get $y) (call $pow2 (local.get $k))))))
        (return (f64.sub (local.get $y) (f64.const 1)))))
    ;; 2 ≤ k ≤ 56: 2^k ((1 − 2^-k) − (e − x)), or 2^k ((x − (e + 2^-k)) + 1) from k = 20.
    (if (i32.lt_s (local.get $k) (i32.const 20))
      (then
        (return (f64.mul
          (f64.sub (f64.sub (f64.const 1) (call $pow2 (i32.sub (i32.const 0) (local.get $k)))) (f64.sub (local.get $e) (local.get $x)))
          (call $pow2 (local.get $k))))))
    (f64.mul
      (f64.add (f64.sub (local.get $x) (f64.add (local.get $e) (call $pow2 (i32.sub (i32.const 0) (local.get $k))))) (f64.const 1))
      (call $pow2 (local.get $k))))

  ;; Math.tanh: fdlibm's tanh.
  (func $tanh (export "tanh") (param $x f64) (result f64)
    (local $ix i32) (local $t f64) (local $z f64)
    (local.set $ix (call $highAbs (local.get $x)))
    ;; ±Infinity: 1/x + 1 = 1, or for a negative sign 1/x − 1 = −1; NaN: NaN.
    (if (i32.ge_u (local.get $ix) (i32.const 0x7ff00000))
      (then
        (return (if (result f64) (i64.lt_s (i64.reinterpret_f64 (local.get $x)) (i64.const 0))
          (then (f64.sub (f64.div (f64.const 1) (local.get $x)) (f64.const 1)))
          (else (f64.add (f64.div (f64.const 1) (local.get $x)) (f64.const 1)))))))
    (if (i32.ge_u (local.get $ix) (i32.const 0x40360000))
      ;; |x| ≥ 22: ±1 (fdlibm's 1 − tiny rounds to 1).
      (then (return (f64.copysign (f64.const 1) (local.get $x)))))
    (if (i32.lt_u (local.get $ix) (i32.const 0x3e300000)) (then (return (local.get $x))))
    (if (i32.ge_u (local.get $ix) (i32.const 0x3ff00000))
      (then
        (local.set $t (call $expm1 (f64.mul (f64.const 2) (f64.abs (local.get $x)))))
        (local.set $z (f64.sub (f64.const 1) (f64.div (f64.const 2) (f64.add (local.get $t) (f64.const 2))))))
      (else
        (local.set $t (call $expm1 (f64.mul (f64.const -2) (f64.abs (local.get $x)))))
        (local.set $z (f64.div (f64.neg (local.get $t)) (f64.add (local.get $t) (f64.const 2))))))
    (if (result f64) (i64.lt_s (i64.reinterpret_f64 (local.get $x)) (i64.const 0))
      (then (f64.neg (local.get $z)))
      (else (local.get $z))))

  ;; The vector forms below run in passes over blocks of up to 32 pairs, each pass keeping what the next needs in
  ;; `scratch` (80 bytes a pair): a pass's short dependent chains overlap from pair to pair, where one long chain per
  ;; pair (the whole function) leaves the processor waiting. Storing a float64 and loading it back changes nothing.

  ;; y[i] = exp(x[i]) for n float64 values (y may be x), two at a time. A pair with NaN, ±Infinity, |x| ≥ 512
  ;; (overflow, underflow, and k past what the exponent bits below take), |x| < 2^-28 or x = 1 in a lane, and an odd last
  ;; value, go through $exp.
  (func $expMany (export "expMany") (param $n i32) (param $x i32) (param $y i32) (param $scratch i32)
    (local $pairs i32) (local $p i32) (local $end i32) (local $from i32) (local $at i32) (local $s i32)
    (local $v v128) (local $hx v128) (local $t v128) (local $r v128) (local $rr v128) (local $c v128) (local $e v128)
    (local.set $pairs (i32.shr_u (local.get $n) (i32.const 1)))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u (local.get $from) (local.get $pairs)))
        (local.set $end (select (local.get $pairs) (i32.add (local.get $from) (i32.const 32))
          (i32.lt_u (local.get $pairs) (i32.add (local.get $from) (i32.const 32)))))
        ;; Pass 1: k as a float64 (t: 0 where |x| ≤ ½ ln 2 by the high word, else trunc(x/ln 2 ± ½), which is ±1
        ;; below 3/2 ln 2), x reduced to r, and c = r − r²·P(r²). Scratch: t, r, c.
        (local.set $p (local.get $from))
        (local.set $s (local.get $scratch))
        (block $done1
          (loop $pass1
            (br_if $done1 (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $v (v128.load (i32.add (local.get $x) (i32.shl (local.get $p) (i32.const 4)))))
            ;; The high words of |x|, in the low halves of the i64 lanes.
            (local.set $hx (v128.and (i64x2.shr_u (local.get $v) (i32.const 32)) (v128.const i64x2 0x7fffffff 0x7fffffff)))
            (local.set $t (v128.and
              (f64x2.trunc (f64x2.add (f64x2.mul (f64x2.splat (global.get $invLn2)) (local.get $v))
                (v128.or (v128.and (local.get $v) (v128.const i64x2 0x8000000000000000 0x8000000000000000))
                  (v128.const f64x2 0.5 0.5))))
              (i64x2.gt_s (local.get $hx) (v128.const i64x2 0x3fd62e42 0x3fd62e42))))
            (local.set $r (f64x2.sub
              (f64x2.sub (local.get $v) (f64x2.mul (local.get $t) (f64x2.splat (global.get $ln2Hi))))
              (f64x2.mul (local.get $t) (f64x2.splat (global.get $ln2Lo)))))
            (local.set $rr (f64x2.mul (local.get $r) (local.get $r)))
            (local.set $c (f64x2.sub (local.get $r)
              (f64x2.mul (local.get $rr)
                (f64x2.add (f64x2.splat (global.get $P1)) (f64x2.mul (local.get $rr)
                  (f64x2.add (f64x2.splat (global.get $P2)) (f64x2.mul (local.get $rr)
                    (f64x2.add (f64x2.splat (global.get $P3)) (f64x2.mul (local.get $rr)
                      (f64x2.add (f64x2.splat (global.get $P4)) (f64x2.mul (local.get $rr) (f64x2.splat (global.get $P5)))))))))))))
            (v128.store (local.get $s) (local.get $t))
            (v128.store offset=16 (local.get $s) (local.get $r))
            (v128.store offset=32 (local.get $s) (local.get $c))
            (local.set $s (i32.add (local.get $s) (i32.const 80)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $pass1)))
        ;; Pass 2: fdlibm's k ≠ 0 formula, times 2^k, with hi and lo made again as in pass 1. Where k = 0 (lo = 0,
        ;; hi = r = x) it is its k = 0 formula 1 − (x·c/(c − 2) − x): c − 2 = −(2 − c) and 0 − q = −q exactly (q ≠ 0 for
        ;; |x| ≥ 2^-28), and 2^0 = 1. k's bits are the low bits of t + 1.5·2^52 (exactly: t is an integer below 2^31
        ;; in magnitude).
        (local.set $p (local.get $from))
        (local.set $s (local.get $scratch))
        (block $done2
          (loop $pass2
            (br_if $done2 (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $at (i32.shl (local.get $p) (i32.const 4)))
            (local.set $v (v128.load (i32.add (local.get $x) (local.get $at))))
            (local.set $hx (v128.and (i64x2.shr_u (local.get $v) (i32.const 32)) (v128.const i64x2 0x7fffffff 0x7fffffff)))
            (if (v128.any_true (v128.or (v128.or
                (i64x2.ge_s (local.get $hx) (v128.const i64x2 0x40800000 0x40800000))
                (i64x2.lt_s (local.get $hx) (v128.const i64x2 0x3e300000 0x3e300000)))
                (f64x2.eq (local.get $v) (v128.const f64x2 1 1))))
              (then
                (local.set $e (f64x2.replace_lane 1
                  (f64x2.splat (call $exp (f64x2.extract_lane 0 (local.get $v))))
                  (call $exp (f64x2.extract_lane 1 (local.get $v))))))
              (else
                (local.set $t (v128.load (local.get $s)))
                (local.set $r (v128.load offset=16 (local.get $s)))
                (local.set $c (v128.load offset=32 (local.get $s)))
                (local.set $e (f64x2.mul
                  (f64x2.sub (v128.const f64x2 1 1)
                    (f64x2.sub
                      (f64x2.sub (f64x2.mul (local.get $t) (f64x2.splat (global.get $ln2Lo)))
                        (f64x2.div (f64x2.mul (local.get $r) (local.get $c)) (f64x2.sub (v128.const f64x2 2 2) (local.get $c))))
                      (f64x2.sub (local.get $v) (f64x2.mul (local.get $t) (f64x2.splat (global.get $ln2Hi))))))
                  (i64x2.add (i64x2.shl (f64x2.add (local.get $t) (v128.const f64x2 0x1.8p52 0x1.8p52)) (i32.const 52))
                    (v128.const i64x2 0x3ff0000000000000 0x3ff0000000000000))))))
            (v128.store (i32.add (local.get $y) (local.get $at)) (local.get $e))
            (local.set $s (i32.add (local.get $s) (i32.const 80)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $pass2)))
        (local.set $from (local.get $end))
        (br $blocks)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $at (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 3)))
        (f64.store (i32.add (local.get $y) (local.get $at)) (call $exp (f64.load (i32.add (local.get $x) (local.get $at))))))))

  ;; y[i] = tanh(x[i]) for n float64 values (y may be x), two at a time. A pair with NaN, ±Infinity or |x| < 2^-28 in a
  ;; lane and an odd last value go through $tanh. Lanes with |x| ≥ 22 go through the passes with garbage (no
  ;; instruction here traps) and take ±1 at the end.
  ;; tanh(x) = −m/(m + 2) with m = expm1(−2|x|) where |x| < 1, else 1 − 2/(m + 2) with m = expm1(2|x|), then −z for
  ;; negative x. The expm1 arguments a are in (−2, −2^-27] or [2, 44), where expm1's k is 0, −1, −2, −3 or 3 … 63: the
  ;; vector expm1 here covers only those (no k = 1, no a ≤ −56 ln 2, no k = 1024).
  (func $tanhMany (export "tanhMany") (param $n i32) (param $x i32) (param $y i32) (param $scratch i32)
    (local $pairs i32) (local $p i32) (local $end i32) (local $from i32) (local $at i32) (local $s i32)
    (local $v v128) (local $hx v128) (local $big v128) (local $a v128) (local $t v128) (local $k v128) (local $hi v128)
    (local $lo v128) (local $r v128) (local $c v128) (local $hfx v128) (local $hxs v128) (local $r1 v128) (local $u v128)
    (local $e v128) (local $twopk v128) (local $twomk v128) (local $m v128) (local $q v128) (local $z v128)
    (local.set $pairs (i32.shr_u (local.get $n) (i32.const 1)))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u (local.get $from) (local.get $pairs)))
        (local.set $end (select (local.get $pairs) (i32.add (local.get $from) (i32.const 32))
          (i32.lt_u (local.get $pairs) (i32.add (local.get $from) (i32.const 32)))))
        ;; Pass 1: a = ±2|x|, its k as a float64 (t, as in expMany), a reduced to r with c what the rounding of hi − lo
        ;; lost, hxs = r · ½r. Scratch: t, r, c, hxs.
        (local.set $p (local.get $from))
        (local.set $s (local.get $scratch))
        (block $done1
          (loop $pass1
            (br_if $done1 (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $v (v128.load (i32.add (local.get $x) (i32.shl (local.get $p) (i32.const 4)))))
            (local.set $hx (v128.and (i64x2.shr_u (local.get $v) (i32.const 32)) (v128.const i64x2 0x7fffffff 0x7fffffff)))
            (local.set $a (f64x2.mul (f64x2.abs (local.get $v))
              (v128.bitselect (v128.const f64x2 2 2) (v128.const f64x2 -2 -2)
                (i64x2.ge_s (local.get $hx) (v128.const i64x2 0x3ff00000 0x3ff00000)))))
            (local.set $t (v128.and
              (f64x2.trunc (f64x2.add (f64x2.mul (f64x2.splat (global.get $invLn2)) (local.get $a))
                (v128.or (v128.and (local.get $a) (v128.const i64x2 0x8000000000000000 0x8000000000000000))
                  (v128.const f64x2 0.5 0.5))))
              (i64x2.gt_s
                (v128.and (i64x2.shr_u (local.get $a) (i32.const 32)) (v128.const i64x2 0x7fffffff 0x7fffffff))
                (v128.const i64x2 0x3fd62e42 0x3fd62e42))))
            (local.set $hi (f64x2.sub (local.get $a) (f64x2.mul (local.get $t) (f64x2.splat (global.get $ln2Hi)))))
            (local.set $lo (f64x2.mul (local.get $t) (f64x2.splat (global.get $ln2Lo))))
            (local.set $r (f64x2.sub (local.get $hi) (local.get $lo)))
            (v128.store (local.get $s) (local.get $t))
            (v128.store offset=16 (local.get $s) (local.get $r))
            (v128.store offset=32 (local.get $s) (f64x2.sub (f64x2.sub (local.get $hi) (local.get $r)) (local.get $lo)))
            (v128.store offset=48 (local.get $s) (f64x2.mul (local.get $r) (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $r))))
            (local.set $s (i32.add (local.get $s) (i32.const 80)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $pass1)))
        ;; Pass 2: the rational part, e = hxs·((r1 − u)/(6 − r·u)), r1 = 1 + hxs·Q(hxs), u = 3 − r1·hfx. Scratch: e.
        (local.set $p (local.get $from))
        (local.set $s (local.get $scratch))
        (block $done2
          (loop $pass2
            (br_if $done2 (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $r (v128.load offset=16 (local.get $s)))
            (local.set $hxs (v128.load offset=48 (local.get $s)))
            (local.set $hfx (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $r)))
            (local.set $r1 (f64x2.add (v128.const f64x2 1 1)
              (f64x2.mul (local.get $hxs)
                (f64x2.add (f64x2.splat (global.get $Q1)) (f64x2.mul (local.get $hxs)
                  (f64x2.add (f64x2.splat (global.get $Q2)) (f64x2.mul (local.get $hxs)
                    (f64x2.add (f64x2.splat (global.get $Q3)) (f64x2.mul (local.get $hxs)
                      (f64x2.add (f64x2.splat (global.get $Q4)) (f64x2.mul (local.get $hxs) (f64x2.splat (global.get $Q5)))))))))))))
            (local.set $u (f64x2.sub (v128.const f64x2 3 3) (f64x2.mul (local.get $r1) (local.get $hfx))))
            (v128.store offset=64 (local.get $s) (f64x2.mul (local.get $hxs)
              (f64x2.div (f64x2.sub (local.get $r1) (local.get $u))
                (f64x2.sub (v128.const f64x2 6 6) (f64x2.mul (local.get $r) (local.get $u))))))
            (local.set $s (i32.add (local.get $s) (i32.const 80)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $pass2)))
        ;; Pass 3: m = expm1(a), fdlibm's formula for the lane's k, each computed and the lane's selected. Scratch: m
        ;; (over e).
        (local.set $p (local.get $from))
        (local.set $s (local.get $scratch))
        (block $done3
          (loop $pass3
            (br_if $done3 (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $r (v128.load offset=16 (local.get $s)))
            (local.set $c (v128.load offset=32 (local.get $s)))
            (local.set $hxs (v128.load offset=48 (local.get $s)))
            (local.set $e (v128.load offset=64 (local.get $s)))
            ;; k as i64 lanes: the low bits of t + 1.5·2^52 (exact), less those of 1.5·2^52.
            (local.set $k (i64x2.sub (f64x2.add (v128.load (local.get $s)) (v128.const f64x2 0x1.8p52 0x1.8p52))
              (v128.const i64x2 0x4338000000000000 0x4338000000000000)))
            ;; k = 0: r − (r·e − hxs).
            (local.set $m (f64x2.sub (local.get $r) (f64x2.sub (f64x2.mul (local.get $r) (local.get $e)) (local.get $hxs))))
            (local.set $e (f64x2.sub
              (f64x2.sub (f64x2.mul (local.get $r) (f64x2.sub (local.get $e) (local.get $c))) (local.get $c))
              (local.get $hxs)))
            (local.set $twopk (i64x2.add (i64x2.shl (local.get $k) (i32.const 52))
              (v128.const i64x2 0x3ff0000000000000 0x3ff0000000000000)))
            (local.set $twomk (i64x2.sub (v128.const i64x2 0x3ff0000000000000 0x3ff0000000000000)
              (i64x2.shl (local.get $k) (i32.const 52))))
            ;; k = −1: ½ (r − e) − ½.
            (local.set $m (v128.bitselect
              (f64x2.sub (f64x2.mul (v128.const f64x2 0.5 0.5) (f64x2.sub (local.get $r) (local.get $e))) (v128.const f64x2 0.5 0.5))
              (local.get $m)
              (i64x2.eq (local.get $k) (v128.const i64x2 -1 -1))))
            ;; k ≤ −2 or k > 56: 2^k (1 − (e − r)) − 1.
            (local.set $m (v128.bitselect
              (f64x2.sub
                (f64x2.mul (f64x2.sub (v128.const f64x2 1 1) (f64x2.sub (local.get $e) (local.get $r))) (local.get $twopk))
                (v128.const f64x2 1 1))
              (local.get $m)
              (v128.or (i64x2.lt_s (local.get $k) (v128.const i64x2 -1 -1))
                (i64x2.gt_s (local.get $k) (v128.const i64x2 56 56)))))
            ;; 2 ≤ k < 20: 2^k ((1 − 2^-k) − (e − r)).
            (local.set $m (v128.bitselect
              (f64x2.mul
                (f64x2.sub (f64x2.sub (v128.const f64x2 1 1) (local.get $twomk)) (f64x2.sub (local.get $e) (local.get $r)))
                (local.get $twopk))
              (local.get $m)
              (v128.and (i64x2.gt_s (local.get $k) (v128.const i64x2 1 1))
                (i64x2.lt_s (local.get $k) (v128.const i64x2 20 20)))))
            ;; 20 ≤ k ≤ 56: 2^k ((r − (e + 2^-k)) + 1).
            (local.set $m (v128.bitselect
              (f64x2.mul
                (f64x2.add (f64x2.sub (local.get $r) (f64x2.add (local.get $e) (local.get $twomk))) (v128.const f64x2 1 1))
                (local.get $twopk))
              (local.get $m)
              (v128.and (i64x2.gt_s (local.get $k) (v128.const i64x2 19 19))
                (i64x2.lt_s (local.get $k) (v128.const i64x2 57 57)))))
            (v128.store offset=64 (local.get $s) (local.get $m))
            (local.set $s (i32.add (local.get $s) (i32.const 80)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $pass3)))
        ;; Pass 4: tanh from m: |x| ≥ 1: 1 − 2/(m + 2), else −m/(m + 2); |x| ≥ 22: 1; then −z for negative x (a sign
        ;; flip, as fdlibm's −z).
        (local.set $p (local.get $from))
        (local.set $s (local.get $scratch))
        (block $done4
          (loop $pass4
            (br_if $done4 (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $at (i32.shl (local.get $p) (i32.const 4)))
            (local.set $v (v128.load (i32.add (local.get $x) (local.get $at))))
            (local.set $hx (v128.and (i64x2.shr_u (local.get $v) (i32.const 32)) (v128.const i64x2 0x7fffffff 0x7fffffff)))
            (if (v128.any_true (v128.or
                (i64x2.ge_s (local.get $hx) (v128.const i64x2 0x7ff00000 0x7ff00000))
                (i64x2.lt_s (local.get $hx) (v128.const i64x2 0x3e300000 0x3e300000))))
              (then
                (local.set $z (f64x2.replace_lane 1
                  (f64x2.splat (call $tanh (f64x2.extract_lane 0 (local.get $v))))
                  (call $tanh (f64x2.extract_lane 1 (local.get $v))))))
              (else
                (local.set $big (i64x2.ge_s (local.get $hx) (v128.const i64x2 0x3ff00000 0x3ff00000)))
                (local.set $m (v128.load offset=64 (local.get $s)))
                (local.set $q (f64x2.div
                  (v128.bitselect (v128.const f64x2 2 2) (f64x2.neg (local.get $m)) (local.get $big))
                  (f64x2.add (local.get $m) (v128.const f64x2 2 2))))
                (local.set $z (v128.bitselect (f64x2.sub (v128.const f64x2 1 1) (local.get $q)) (local.get $q) (local.get $big)))
                (local.set $z (v128.bitselect (v128.const f64x2 1 1) (local.get $z)
                  (i64x2.ge_s (local.get $hx) (v128.const i64x2 0x40360000 0x40360000))))
                (local.set $z (v128.xor (local.get $z)
                  (v128.and (local.get $v) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))))
            (v128.store (i32.add (local.get $y) (local.get $at)) (local.get $z))
            (local.set $s (i32.add (local.get $s) (i32.const 80)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $pass4)))
        (local.set $from (local.get $end))
        (br $blocks)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $at (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 3)))
        (f64.store (i32.add (local.get $y) (local.get $at)) (call $tanh (f64.load (i32.add (local.get $x) (local.get $at))))))))

  ;; One GRU step for B lanes of H units, as gru.ts's forward (without its cache), in the same float64 operations:
  ;;   r = 1/(1 + exp(−(gi_r + gh_r))), z = 1/(1 + exp(−(gi_z + gh_z))), n = tanh(gi_n + r·gh_n),
  ;;   hOut = f32((1 − z)·n + z·hPrev).
  ;; gi, gh: f32 [B, 3H]; hPrev, hOut: f32 [B, H]; scratch: f64 [3H], then the 2560 bytes of expMany and tanhMany
  ;; (16-byte aligned). A lane goes in passes over all its units (−(gi + gh) of r and z, their exps, n's argument, its
  ;; tanh, the new state), as the vector forms do, for the same reason.
  (func (export "gruForward") (param $B i32) (param $H i32) (param $gi i32) (param $gh i32) (param $hPrev i32)
    (param $hOut i32) (param $scratch i32)
    (local $b i32) (local $j i32) (local $g i32) (local $hBytes i32) (local $nArg i32) (local $passes i32)
    (local $r v128) (local $z v128)
    (local $rs f64) (local $zs f64)
    (local.set $hBytes (i32.shl (local.get $H) (i32.const 2)))
    ;; scratch: exp(−(gi + gh)) of r and z [2H], then n's argument, then n [H].
    (local.set $nArg (i32.add (local.get $scratch) (i32.shl (local.get $H) (i32.const 4))))
    (local.set $passes (i32.add (local.get $nArg) (i32.shl (local.get $H) (i32.const 3))))
    (block $lanesDone
      (loop $lanes
        (br_if $lanesDone (i32.ge_u (local.get $b) (local.get $B)))
        ;; −(gi + gh) for the 2H values of r and z (an even count).
        (local.set $j (i32.const 0))
        (block $negDone
          (loop $neg
            (br_if $negDone (i32.ge_u (local.get $j) (i32.shl (local.get $H) (i32.const 1))))
            (v128.store (i32.add (local.get $scratch) (i32.shl (local.get $j) (i32.const 3)))
              (f64x2.neg (f64x2.add
                (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $gi) (i32.shl (local.get $j) (i32.const 2)))))
                (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $gh) (i32.shl (local.get $j) (i32.const 2))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $neg)))
        (call $expMany (i32.shl (local.get $H) (i32.const 1)) (local.get $scratch) (local.get $scratch) (local.get $passes))
        ;; n's argument gi_n + r·gh_n.
        (local.set $g (i32.shl (local.get $hBytes) (i32.const 1)))
        (local.set $j (i32.const 0))
        (block $argDone
          (loop $arg
            (br_if $argDone (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $H)))
            (local.set $r (f64x2.div (v128.const f64x2 1 1) (f64x2.add (v128.const f64x2 1 1)
              (v128.load (i32.add (local.get $scratch) (i32.shl (local.get $j) (i32.const 3)))))))
            (v128.store (i32.add (local.get $nArg) (i32.shl (local.get $j) (i32.const 3)))
              (f64x2.add
                (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (i32.add (local.get $gi) (local.get $g)) (i32.shl (local.get $j) (i32.const 2)))))
                (f64x2.mul (local.get $r)
                  (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (i32.add (local.get $gh) (local.get $g)) (i32.shl (local.get $j) (i32.const 2))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $arg)))
        (if (i32.lt_u (local.get $j) (local.get $H))
          (then
            (local.set $rs (f64.div (f64.const 1) (f64.add (f64.const 1)
              (f64.load (i32.add (local.get $scratch) (i32.shl (local.get $j) (i32.const 3)))))))
            (f64.store (i32.add (local.get $nArg) (i32.shl (local.get $j) (i32.const 3)))
              (f64.add
                (f64.promote_f32 (f32.load (i32.add (i32.add (local.get $gi) (local.get $g)) (i32.shl (local.get $j) (i32.const 2)))))
                (f64.mul (local.get $rs)
                  (f64.promote_f32 (f32.load (i32.add (i32.add (local.get $gh) (local.get $g)) (i32.shl (local.get $j) (i32.const 2))))))))))
        (call $tanhMany (local.get $H) (local.get $nArg) (local.get $nArg) (local.get $passes))
        ;; The new state (1 − z)·n + z·hPrev, z = 1/(1 + exp(...)) from the second H values.
        (local.set $j (i32.const 0))
        (block $stateDone
          (loop $state
            (br_if $stateDone (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $H)))
            (local.set $z (f64x2.div (v128.const f64x2 1 1) (f64x2.add (v128.const f64x2 1 1)
              (v128.load (i32.add (i32.add (local.get $scratch) (i32.shl (local.get $H) (i32.const 3))) (i32.shl (local.get $j) (i32.const 3)))))))
            (v128.store64_lane 0 (i32.add (local.get $hOut) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.demote_f64x2_zero (f64x2.add
                (f64x2.mul (f64x2.sub (v128.const f64x2 1 1) (local.get $z))
                  (v128.load (i32.add (local.get $nArg) (i32.shl (local.get $j) (i32.const 3)))))
                (f64x2.mul (local.get $z)
                  (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $hPrev) (i32.shl (local.get $j) (i32.const 2)))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $state)))
        (if (i32.lt_u (local.get $j) (local.get $H))
          (then
            (local.set $zs (f64.div (f64.const 1) (f64.add (f64.const 1)
              (f64.load (i32.add (i32.add (local.get $scratch) (i32.shl (local.get $H) (i32.const 3))) (i32.shl (local.get $j) (i32.const 3)))))))
            (f32.store (i32.add (local.get $hOut) (i32.shl (local.get $j) (i32.const 2)))
              (f32.demote_f64 (f64.add
                (f64.mul (f64.sub (f64.const 1) (local.get $zs))
                  (f64.load (i32.add (local.get $nArg) (i32.shl (local.get $j) (i32.const 3)))))
                (f64.mul (local.get $zs)
                  (f64.promote_f32 (f32.load (i32.add (local.get $hPrev) (i32.shl (local.get $j) (i32.const 2)))))))))))
        ;; The next lane.
        (local.set $gi (i32.add (local.get $gi) (i32.mul (local.get $hBytes) (i32.const 3))))
        (local.set $gh (i32.add (local.get $gh) (i32.mul (local.get $hBytes) (i32.const 3))))
        (local.set $hPrev (i32.add (local.get $hPrev) (local.get $hBytes)))
        (local.set $hOut (i32.add (local.get $hOut) (local.get $hBytes)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $lanes))))
)

;; The feature extractor's passes over a frame's bytes, in WebAssembly SIMD (framewise's own kernels; see
;; FrameKernels.ts). Built into frameKernelsModule.ts by `npm run build:wasm`.
;;
;; Each gives exactly the results of the JavaScript it replaces: integer work, and float64 arithmetic made of the same
;; operations in the same order (SIMD only where each lane is one pixel's own arithmetic, or one sum's own: every sum
;; over pixels is added in pixel order). Pointers are byte offsets into the one memory, laid out by FrameRepeat.ts and
;; PictureKernel.ts (the analysis pictures lie in it: Picture.ts, PICTURE_LAYOUT).
(module
  (memory (export "memory") 1)

  ;; (Helpers of the per-pixel loops are written out in them: a call there costs more than its work.)

  ;; The largest of the 16 bytes.
  (func $maxLane (param $v v128) (result i32)
    (local.set $v (i8x16.max_u (local.get $v) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 0 0 0 0 0 0 0 (local.get $v) (local.get $v))))
    (local.set $v (i8x16.max_u (local.get $v) (i8x16.shuffle 4 5 6 7 0 0 0 0 0 0 0 0 0 0 0 0 (local.get $v) (local.get $v))))
    (local.set $v (i8x16.max_u (local.get $v) (i8x16.shuffle 2 3 0 0 0 0 0 0 0 0 0 0 0 0 0 0 (local.get $v) (local.get $v))))
    (local.set $v (i8x16.max_u (local.get $v) (i8x16.shuffle 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 (local.get $v) (local.get $v))))
    (i8x16.extract_lane_u 0 (local.get $v)))

  ;; Exact repeat of `cur` against `prev` (w x h Y bytes, then `chroma` U and V bytes):
  ;;   out[0] the largest byte difference, out[1] how many bytes are equal, out[2] how many differ by at most 2,
  ;;   out[3] how many cells of the Y grid have no byte changed (i32 each).
  ;; The grid: Y column x is in grid column colCell[x], Y row y in grid row rowCell[y] (u8 each, rows in order);
  ;; `cols` columns, `cells` cells; `acc` (w bytes + 16) and `changed` (cells bytes) are scratch.
  (func (export "repeat")
    (param $cur i32) (param $prev i32) (param $w i32) (param $h i32) (param $chroma i32)
    (param $colCell i32) (param $rowCell i32) (param $cols i32) (param $cells i32)
    (param $acc i32) (param $changed i32) (param $out i32)
    (local $vmax v128) (local $two v128) (local $ad v128) (local $va v128) (local $vb v128)
    (local $max i32) (local $zeros i32) (local $small i32) (local $a i32)
    (local $y i32) (local $x i32) (local $i i32) (local $end i32) (local $row i32) (local $vecEnd i32)
    (local $static i32)
    (local.set $two (i8x16.splat (i32.const 2)))
    ;; No cell changed yet.
    (local.set $i (i32.const 0))
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.ge_u (local.get $i) (local.get $cells)))
        (i32.store8 (i32.add (local.get $changed) (local.get $i)) (i32.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $clear)))
    (local.set $vecEnd (i32.and (local.get $w) (i32.const -16)))
    (local.set $y (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $h)))
        (local.set $row (i32.load8_u (i32.add (local.get $rowCell) (local.get $y))))
        ;; A new grid row: its column-wise OR of differences starts from 0.
        (if (i32.or (i32.eqz (local.get $y))
                    (i32.ne (local.get $row) (i32.load8_u (i32.add (local.get $rowCell) (i32.sub (local.get $y) (i32.const 1))))))
          (then
            (local.set $x (i32.const 0))
            (block $zeroed
              (loop $zero
                (br_if $zeroed (i32.ge_u (local.get $x) (local.get $w)))
                (v128.store (i32.add (local.get $acc) (local.get $x)) (v128.const i32x4 0 0 0 0))
                (local.set $x (i32.add (local.get $x) (i32.const 16)))
                (br $zero)))))
        (local.set $i (i32.mul (local.get $y) (local.get $w)))
        (local.set $x (i32.const 0))
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $x) (local.get $vecEnd)))
            (local.set $va (v128.load (i32.add (local.get $cur) (local.get $i))))
            (local.set $vb (v128.load (i32.add (local.get $prev) (local.get $i))))
            (local.set $ad (i8x16.sub (i8x16.max_u (local.get $va) (local.get $vb)) (i8x16.min_u (local.get $va) (local.get $vb))))
            (local.set $vmax (i8x16.max_u (local.get $vmax) (local.get $ad)))
            (local.set $zeros (i32.add (local.get $zeros)
              (i32.popcnt (i8x16.bitmask (i8x16.eq (local.get $ad) (v128.const i32x4 0 0 0 0))))))
            (local.set $small (i32.add (local.get $small)
              (i32.popcnt (i8x16.bitmask (i8x16.le_u (local.get $ad) (local.get $two))))))
            (v128.store (i32.add (local.get $acc) (local.get $x))
              (v128.or (v128.load (i32.add (local.get $acc) (local.get $x))) (local.get $ad)))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $vec)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $x) (local.get $w)))
            (local.set $a (i32.sub (i32.load8_u (i32.add (local.get $cur) (local.get $i)))
                                   (i32.load8_u (i32.add (local.get $prev) (local.get $i)))))
            (if (i32.lt_s (local.get $a) (i32.const 0)) (then (local.set $a (i32.sub (i32.const 0) (local.get $a)))))
            (if (i32.gt_u (local.get $a) (local.get $max)) (then (local.set $max (local.get $a))))
            (local.set $zeros (i32.add (local.get $zeros) (i32.eqz (local.get $a))))
            (local.set $small (i32.add (local.get $small) (i32.le_u (local.get $a) (i32.const 2))))
            (i32.store8 (i32.add (local.get $acc) (local.get $x))
              (i32.or (i32.load8_u (i32.add (local.get $acc) (local.get $x))) (local.get $a)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $tail)))
        ;; The grid row's last Y row: fold its columns into the cells.
        (if (i32.or (i32.eq (i32.add (local.get $y) (i32.const 1)) (local.get $h))
                    (i32.ne (local.get $row) (i32.load8_u (i32.add (local.get $rowCell) (i32.add (local.get $y) (i32.const 1))))))
          (then
            (local.set $row (i32.add (local.get $changed) (i32.mul (local.get $row) (local.get $cols))))
            (local.set $x (i32.const 0))
            (block $foldDone
              (loop $fold
                (br_if $foldDone (i32.ge_u (local.get $x) (local.get $w)))
                (local.set $a (i32.add (local.get $row) (i32.load8_u (i32.add (local.get $colCell) (local.get $x)))))
                (i32.store8 (local.get $a)
                  (i32.or (i32.load8_u (local.get $a)) (i32.load8_u (i32.add (local.get $acc) (local.get $x)))))
                (local.set $x (i32.add (local.get $x) (i32.const 1)))
                (br $fold)))))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows)))
    ;; U and V: the counts and the largest difference only.
    (local.set $i (i32.mul (local.get $w) (local.get $h)))
    (local.set $end (i32.add (local.get $i) (local.get $chroma)))
    (block $cvecDone
      (loop $cvec
        (br_if $cvecDone (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $end)))
        (local.set $va (v128.load (i32.add (local.get $cur) (local.get $i))))
        (local.set $vb (v128.load (i32.add (local.get $prev) (local.get $i))))
        (local.set $ad (i8x16.sub (i8x16.max_u (local.get $va) (local.get $vb)) (i8x16.min_u (local.get $va) (local.get $vb))))
        (local.set $vmax (i8x16.max_u (local.get $vmax) (local.get $ad)))
        (local.set $zeros (i32.add (local.get $zeros)
          (i32.popcnt (i8x16.bitmask (i8x16.eq (local.get $ad) (v128.const i32x4 0 0 0 0))))))
        (local.set $small (i32.add (local.get $small)
          (i32.popcnt (i8x16.bitmask (i8x16.le_u (local.get $ad) (local.get $two))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $cvec)))
    (block $ctailDone
      (loop $ctail
        (br_if $ctailDone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $a (i32.sub (i32.load8_u (i32.add (local.get $cur) (local.get $i)))
                               (i32.load8_u (i32.add (local.get $prev) (local.get $i)))))
        (if (i32.lt_s (local.get $a) (i32.const 0)) (then (local.set $a (i32.sub (i32.const 0) (local.get $a)))))
        (if (i32.gt_u (local.get $a) (local.get $max)) (then (local.set $max (local.get $a))))
        (local.set $zeros (i32.add (local.get $zeros) (i32.eqz (local.get $a))))
        (local.set $small (i32.add (local.get $small) (i32.le_u (local.get $a) (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $ctail)))
    (local.set $a (call $maxLane (local.get $vmax)))
    (if (i32.gt_u (local.get $a) (local.get $max)) (then (local.set $max (local.get $a))))
    (local.set $i (i32.const 0))
    (block $countDone
      (loop $count
        (br_if $countDone (i32.ge_u (local.get $i) (local.get $cells)))
        (local.set $static (i32.add (local.get $static)
          (i32.eqz (i32.load8_u (i32.add (local.get $changed) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $count)))
    (i32.store (local.get $out) (local.get $max))
    (i32.store offset=4 (local.get $out) (local.get $zeros))
    (i32.store offset=8 (local.get $out) (local.get $small))
    (i32.store offset=12 (local.get $out) (local.get $static)))

  ;; The analysis picture of a 128x72 yuv420p frame (PictureAnalyser.analyse for the spec's size):
  ;;   luma f32 [36 * 64]: ((2x2 sum of Y) · 0.25 − 16) / 219; counts i32 [64]: histogram bins; g4 f32 [16] and
  ;;   g16 f32 [144]: running float32 sums of each grid cell (the caller divides); edge, dil u8 [2304] (16 bytes of
  ;;   slack before and after each, and after tmp); small f32 [24 * 38]: the padded motion thumbnail;
  ;;   out: f64 sum of l, f64 sum of l², f64 sum of clipped saturation, i32 near-black, near-white and edge counts.
  (func (export "picture")
    (param $data i32) (param $luma i32) (param $counts i32) (param $g4 i32) (param $g16 i32)
    (param $edge i32) (param $dil i32) (param $tmp i32) (param $small i32) (param $out i32)
    (local $y i32) (local $c4 i32) (local $c16 i32) (local $half i32) (local $p i32) (local $cx i32)
    (local $row4 i32) (local $row16 i32) (local $a4 f32) (local $a16 f32)
    (local $yAt i32) (local $uAt i32)
    (local $s v128) (local $l v128) (local $ll v128) (local $sat v128) (local $ui v128) (local $vi v128)
    (local $uf v128) (local $vf v128) (local $bin v128) (local $l0 f64) (local $l1 f64) (local $at i32)
    (local $sum f64) (local $sumSq f64) (local $satSum f64) (local $black i32) (local $white i32)
    (local $x i32) (local $below i32) (local $e v128) (local $edges i32) (local $q i32) (local $end i32)
    (local $d f64) (local $sy i32) (local $sx i32)
    ;; Sums and grids start from zero.
    (local.set $at (i32.const 0))
    (block $z1 (loop $zl1
      (br_if $z1 (i32.ge_u (local.get $at) (i32.const 64)))
      (i32.store (i32.add (local.get $counts) (i32.shl (local.get $at) (i32.const 2))) (i32.const 0))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (br $zl1)))
    (local.set $at (i32.const 0))
    (block $z2 (loop $zl2
      (br_if $z2 (i32.ge_u (local.get $at) (i32.const 144)))
      (f32.store (i32.add (local.get $g16) (i32.shl (local.get $at) (i32.const 2))) (f32.const 0))
      (if (i32.lt_u (local.get $at) (i32.const 16))
        (then (f32.store (i32.add (local.get $g4) (i32.shl (local.get $at) (i32.const 2))) (f32.const 0))))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (br $zl2)))

    ;; Luma, histogram, grids and statistics, row by row. First the integer work, eight pixels at a time, into
    ;; scratch at `tmp` (free until the dilation): the 2x2 sums s of Y (i16 [64] at tmp), U and V less 128 (i16 [64]
    ;; at tmp+128 and tmp+256) and histogram bins (u8 [64] at tmp+384). l = (s · 0.25 − 16) / 219 rises with s, so
    ;; its thresholds are thresholds on s: l < 0.1 ⇔ s < 152, l > 0.9 ⇔ s > 852, and l · 4 reaches 1, 2, 3 at
    ;; s = 283, 502, 721 (where l is exactly 0.25, 0.5, 0.75). Then the float work, a pixel pair at a time: 4x4 cells
    ;; along the row, 16x9 cells in each.
    (local.set $y (i32.const 0))
    (local.set $p (i32.const 0))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $y) (i32.const 36)))
      (local.set $x (i32.const 0))
      (block $eightsDone (loop $eights
        (br_if $eightsDone (i32.ge_u (local.get $x) (i32.const 64)))
        (local.set $yAt (i32.add (local.get $data) (i32.add (i32.shl (local.get $y) (i32.const 8)) (i32.shl (local.get $x) (i32.const 1)))))
        (local.set $s (i16x8.add
          (i16x8.extadd_pairwise_i8x16_u (v128.load (local.get $yAt)))
          (i16x8.extadd_pairwise_i8x16_u (v128.load offset=128 (local.get $yAt)))))
        (local.set $at (i32.add (local.get $tmp) (i32.shl (local.get $x) (i32.const 1))))
        (v128.store (local.get $at) (local.get $s))
        (local.set $black (i32.add (local.get $black)
          (i32.popcnt (i16x8.bitmask (i16x8.lt_s (local.get $s) (v128.const i16x8 152 152 152 152 152 152 152 152))))))
        (local.set $white (i32.add (local.get $white)
          (i32.popcnt (i16x8.bitmask (i16x8.gt_s (local.get $s) (v128.const i16x8 852 852 852 852 852 852 852 852))))))
        (local.set $uAt (i32.add (local.get $data) (i32.add (i32.const 9216) (i32.add (i32.shl (local.get $y) (i32.const 6)) (local.get $x)))))
        (local.set $ui (i16x8.sub (i16x8.extend_low_i8x16_u (v128.load64_zero (local.get $uAt)))
          (v128.const i16x8 128 128 128 128 128 128 128 128)))
        (local.set $vi (i16x8.sub (i16x8.extend_low_i8x16_u (v128.load64_zero offset=2304 (local.get $uAt)))
          (v128.const i16x8 128 128 128 128 128 128 128 128)))
        (v128.store offset=128 (local.get $at) (local.get $ui))
        (v128.store offset=256 (local.get $at) (local.get $vi))
        ;; Bin: luma quarter (0-3) · 16 + U level · 4 + V level, levels split at -24, 0, 24 (a lane's level is how
        ;; many of the three it reaches: 0 − each all-ones comparison).
        (local.set $bin (i16x8.add (i16x8.add
          (i16x8.shl (i16x8.sub (i16x8.sub (i16x8.sub (v128.const i16x8 0 0 0 0 0 0 0 0)
            (i16x8.gt_s (local.get $s) (v128.const i16x8 282 282 282 282 282 282 282 282)))
            (i16x8.gt_s (local.get $s) (v128.const i16x8 501 501 501 501 501 501 501 501)))
            (i16x8.gt_s (local.get $s) (v128.const i16x8 720 720 720 720 720 720 720 720))) (i32.const 4))
          (i16x8.shl (i16x8.sub (i16x8.sub (i16x8.sub (v128.const i16x8 0 0 0 0 0 0 0 0)
            (i16x8.ge_s (local.get $ui) (v128.const i16x8 -24 -24 -24 -24 -24 -24 -24 -24)))
            (i16x8.ge_s (local.get $ui) (v128.const i16x8 0 0 0 0 0 0 0 0)))
            (i16x8.ge_s (local.get $ui) (v128.const i16x8 24 24 24 24 24 24 24 24))) (i32.const 2)))
          (i16x8.sub (i16x8.sub (i16x8.sub (v128.const i16x8 0 0 0 0 0 0 0 0)
            (i16x8.ge_s (local.get $vi) (v128.const i16x8 -24 -24 -24 -24 -24 -24 -24 -24)))
            (i16x8.ge_s (local.get $vi) (v128.const i16x8 0 0 0 0 0 0 0 0)))
            (i16x8.ge_s (local.get $vi) (v128.const i16x8 24 24 24 24 24 24 24 24)))))
        (v128.store64_lane 0 (i32.add (i32.add (local.get $tmp) (i32.const 384)) (local.get $x))
          (i8x16.narrow_i16x8_u (local.get $bin) (local.get $bin)))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (br $eights)))

      (local.set $row4 (i32.mul (i32.div_u (local.get $y) (i32.const 9)) (i32.const 4)))
      (local.set $row16 (i32.mul (i32.shr_u (local.get $y) (i32.const 2)) (i32.const 16)))
      (local.set $c4 (i32.const 0))
      (block $c4Done (loop $c4s
        (br_if $c4Done (i32.ge_u (local.get $c4) (i32.const 4)))
        (local.set $a4 (f32.load (i32.add (local.get $g4) (i32.shl (i32.add (local.get $row4) (local.get $c4)) (i32.const 2)))))
        (local.set $c16 (i32.shl (local.get $c4) (i32.const 2)))
        (block $c16Done (loop $c16s
          (br_if $c16Done (i32.ge_u (local.get $c16) (i32.shl (i32.add (local.get $c4) (i32.const 1)) (i32.const 2))))
          (local.set $a16 (f32.load (i32.add (local.get $g16) (i32.shl (i32.add (local.get $row16) (local.get $c16)) (i32.const 2)))))
          (local.set $half (i32.const 0))
          (block $pairsDone (loop $pairs
            (br_if $pairsDone (i32.ge_u (local.get $half) (i32.const 2)))
            (local.set $cx (i32.and (local.get $p) (i32.const 63)))
            (local.set $at (i32.add (local.get $tmp) (i32.shl (local.get $cx) (i32.const 1))))
            ;; Pixels cx and cx+1 (lanes 0 and 1), as float64.
            (local.set $l (f64x2.div
              (f64x2.sub (f64x2.mul
                (f64x2.convert_low_i32x4_u (i32x4.extend_low_i16x8_u (v128.load32_zero (local.get $at))))
                (v128.const f64x2 0.25 0.25)) (v128.const f64x2 16 16))
              (v128.const f64x2 219 219)))
            (v128.store64_lane 0 (i32.add (local.get $luma) (i32.shl (local.get $p) (i32.const 2)))
              (f32x4.demote_f64x2_zero (local.get $l)))
            (local.set $uf (f64x2.convert_low_i32x4_s (i32x4.extend_low_i16x8_s (v128.load32_zero offset=128 (local.get $at)))))
            (local.set $vf (f64x2.convert_low_i32x4_s (i32x4.extend_low_i16x8_s (v128.load32_zero offset=256 (local.get $at)))))
            (local.set $sat (f64x2.pmin (v128.const f64x2 1 1)
              (f64x2.div (f64x2.sqrt (f64x2.add (f64x2.mul (local.get $uf) (local.get $uf)) (f64x2.mul (local.get $vf) (local.get $vf))))
                (v128.const f64x2 112 112))))
            (local.set $ll (f64x2.mul (local.get $l) (local.get $l)))
            ;; In pixel order: lane 0, then lane 1.
            (local.set $l0 (f64x2.extract_lane 0 (local.get $l)))
            (local.set $l1 (f64x2.extract_lane 1 (local.get $l)))
            (local.set $sum (f64.add (f64.add (local.get $sum) (local.get $l0)) (local.get $l1)))
            (local.set $sumSq (f64.add (f64.add (local.get $sumSq) (f64x2.extract_lane 0 (local.get $ll))) (f64x2.extract_lane 1 (local.get $ll))))
            (local.set $satSum (f64.add (f64.add (local.get $satSum) (f64x2.extract_lane 0 (local.get $sat))) (f64x2.extract_lane 1 (local.get $sat))))
            (local.set $a4 (f32.demote_f64 (f64.add (f64.promote_f32 (local.get $a4)) (local.get $l0))))
            (local.set $a4 (f32.demote_f64 (f64.add (f64.promote_f32 (local.get $a4)) (local.get $l1))))
            (local.set $a16 (f32.demote_f64 (f64.add (f64.promote_f32 (local.get $a16)) (local.get $l0))))
            (local.set $a16 (f32.demote_f64 (f64.add (f64.promote_f32 (local.get $a16)) (local.get $l1))))
            (local.set $at (i32.add (local.get $tmp) (i32.add (i32.const 384) (local.get $cx))))
            (local.set $q (i32.add (local.get $counts) (i32.shl (i32.load8_u (local.get $at)) (i32.const 2))))
            (i32.store (local.get $q) (i32.add (i32.load (local.get $q)) (i32.const 1)))
            (local.set $q (i32.add (local.get $counts) (i32.shl (i32.load8_u offset=1 (local.get $at)) (i32.const 2))))
            (i32.store (local.get $q) (i32.add (i32.load (local.get $q)) (i32.const 1)))
            (local.set $p (i32.add (local.get $p) (i32.const 2)))
            (local.set $half (i32.add (local.get $half) (i32.const 1)))
            (br $pairs)))
          (f32.store (i32.add (local.get $g16) (i32.shl (i32.add (local.get $row16) (local.get $c16)) (i32.const 2))) (local.get $a16))
          (local.set $c16 (i32.add (local.get $c16) (i32.const 1)))
          (br $c16s)))
        (f32.store (i32.add (local.get $g4) (i32.shl (i32.add (local.get $row4) (local.get $c4)) (i32.const 2))) (local.get $a4))
        (local.set $c4 (i32.add (local.get $c4) (i32.const 1)))
        (br $c4s)))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br $rows)))

    ;; Edges: |right − l| + |below − l| > 0.1 on the float32 luma (no right neighbour in the last column, no
    ;; pixel below in the last row: those terms are 0). Pixel pairs for x < 62, then x = 62 and x = 63 alone.
    (local.set $y (i32.const 0))
    (block $erowsDone (loop $erows
      (br_if $erowsDone (i32.ge_u (local.get $y) (i32.const 36)))
      (local.set $below (select (i32.const 256) (i32.const 0) (i32.lt_u (local.get $y) (i32.const 35))))
      (local.set $p (i32.shl (local.get $y) (i32.const 6)))
      (local.set $x (i32.const 0))
      (block $epairsDone (loop $epairs
        (br_if $epairsDone (i32.ge_u (local.get $x) (i32.const 62)))
        (local.set $at (i32.add (local.get $luma) (i32.shl (local.get $p) (i32.const 2))))
        (local.set $l (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $at))))
        (local.set $e (f64x2.gt
          (f64x2.add
            (f64x2.abs (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero offset=4 (local.get $at))) (local.get $l)))
            (f64x2.abs (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $at) (local.get $below)))) (local.get $l))))
          (v128.const f64x2 0.1 0.1)))
        (local.set $at (i64x2.bitmask (local.get $e)))
        (i32.store8 (i32.add (local.get $edge) (local.get $p)) (i32.and (local.get $at) (i32.const 1)))
        (i32.store8 offset=1 (i32.add (local.get $edge) (local.get $p)) (i32.shr_u (local.get $at) (i32.const 1)))
        (local.set $edges (i32.add (local.get $edges) (i32.popcnt (local.get $at))))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (local.set $x (i32.add (local.get $x) (i32.const 2)))
        (br $epairs)))
      (local.set $at (i32.add (local.get $luma) (i32.shl (local.get $p) (i32.const 2))))
      (local.set $d (f64.promote_f32 (f32.load (local.get $at))))
      (local.set $q (f64.gt
        (f64.add
          (f64.abs (f64.sub (f64.promote_f32 (f32.load offset=4 (local.get $at))) (local.get $d)))
          (f64.abs (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $at) (local.get $below)))) (local.get $d))))
        (f64.const 0.1)))
      (i32.store8 (i32.add (local.get $edge) (local.get $p)) (local.get $q))
      (local.set $edges (i32.add (local.get $edges) (local.get $q)))
      (local.set $at (i32.add (local.get $at) (i32.const 4)))
      (local.set $q (f64.gt
        (f64.abs (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $at) (local.get $below))))
                          (f64.promote_f32 (f32.load (local.get $at)))))
        (f64.const 0.1)))
      (i32.store8 offset=1 (i32.add (local.get $edge) (local.get $p)) (local.get $q))
      (local.set $edges (i32.add (local.get $edges) (local.get $q)))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br $erows)))

    ;; Dilation, across (the row's ends have one neighbour) then down (the first and last rows have one).
    (local.set $p (i32.const 0))
    (block $acrossDone (loop $across
      (br_if $acrossDone (i32.ge_u (local.get $p) (i32.const 2304)))
      (v128.store (i32.add (local.get $tmp) (local.get $p)) (v128.or (v128.or
        (v128.load (i32.add (local.get $edge) (i32.sub (local.get $p) (i32.const 1))))
        (v128.load (i32.add (local.get $edge) (local.get $p))))
        (v128.load (i32.add (local.get $edge) (i32.add (local.get $p) (i32.const 1))))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $across)))
    (local.set $p (i32.const 0))
    (block $endsDone (loop $ends
      (br_if $endsDone (i32.ge_u (local.get $p) (i32.const 2304)))
      (local.set $at (i32.add (local.get $edge) (local.get $p)))
      (i32.store8 (i32.add (local.get $tmp) (local.get $p))
        (i32.or (i32.load8_u (local.get $at)) (i32.load8_u offset=1 (local.get $at))))
      (i32.store8 offset=63 (i32.add (local.get $tmp) (local.get $p))
        (i32.or (i32.load8_u offset=62 (local.get $at)) (i32.load8_u offset=63 (local.get $at))))
      (local.set $p (i32.add (local.get $p) (i32.const 64)))
      (br $ends)))
    (local.set $p (i32.const 0))
    (block $downDone (loop $down
      (br_if $downDone (i32.ge_u (local.get $p) (i32.const 2304)))
      (local.set $at (i32.add (local.get $tmp) (local.get $p)))
      (local.set $e (v128.load (local.get $at)))
      (if (i32.ge_u (local.get $p) (i32.const 64))
        (then (local.set $e (v128.or (local.get $e) (v128.load (i32.sub (local.get $at) (i32.const 64)))))))
      (if (i32.lt_u (local.get $p) (i32.const 2240))
        (then (local.set $e (v128.or (local.get $e) (v128.load offset=64 (local.get $at))))))
      (v128.store (i32.add (local.get $dil) (local.get $p)) (local.get $e))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $down)))

    ;; The motion thumbnail: 2x2 means of the float32 luma, the border replicated 3 pixels out.
    (local.set $y (i32.const 0))
    (block $myDone (loop $my
      (br_if $myDone (i32.ge_u (local.get $y) (i32.const 24)))
      ;; Source row and column clamped to the picture (the replicated border).
      (local.set $sy (i32.sub (local.get $y) (i32.const 3)))
      (if (i32.lt_s (local.get $sy) (i32.const 0)) (then (local.set $sy (i32.const 0))))
      (if (i32.gt_s (local.get $sy) (i32.const 17)) (then (local.set $sy (i32.const 17))))
      (local.set $sy (i32.shl (local.get $sy) (i32.const 1)))
      (local.set $x (i32.const 0))
      (block $mxDone (loop $mx
        (br_if $mxDone (i32.ge_u (local.get $x) (i32.const 38)))
        (local.set $sx (i32.sub (local.get $x) (i32.const 3)))
        (if (i32.lt_s (local.get $sx) (i32.const 0)) (then (local.set $sx (i32.const 0))))
        (if (i32.gt_s (local.get $sx) (i32.const 31)) (then (local.set $sx (i32.const 31))))
        (local.set $sx (i32.shl (local.get $sx) (i32.const 1)))
        (local.set $at (i32.add (local.get $luma) (i32.shl (i32.add (i32.shl (local.get $sy) (i32.const 6)) (local.get $sx)) (i32.const 2))))
        (f32.store
          (i32.add (local.get $small) (i32.shl (i32.add (i32.mul (local.get $y) (i32.const 38)) (local.get $x)) (i32.const 2)))
          (f32.demote_f64 (f64.mul
            (f64.add (f64.add (f64.add
              (f64.promote_f32 (f32.load (local.get $at)))
              (f64.promote_f32 (f32.load offset=4 (local.get $at))))
              (f64.promote_f32 (f32.load offset=256 (local.get $at))))
              (f64.promote_f32 (f32.load offset=260 (local.get $at))))
            (f64.const 0.25))))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $mx)))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br $my)))

    (f64.store (local.get $out) (local.get $sum))
    (f64.store offset=8 (local.get $out) (local.get $sumSq))
    (f64.store offset=16 (local.get $out) (local.get $satSum))
    (i32.store offset=24 (local.get $out) (local.get $black))
    (i32.store offset=28 (local.get $out) (local.get $white))
    (i32.store offset=32 (local.get $out) (local.get $edges)))

  ;; The current picture's thumbnail against t-1, t-2 and t-4 (PictureDifferences.compute): luma f32 [2304] of each,
  ;; the edge and dilated-edge maps (u8 [2304]) of the current one and of t-1. grid: f64 [16] sums of |l − l1| per
  ;; 4x4 cell; out: f64 sums of |l − l1|, |l − l2|, |l − l4|, l·l1, l·l4, then i32 counts of edges entering and
  ;; exiting. Each sum adds its pixels in row-major order, lane 0 before lane 1.
  (func (export "differences")
    (param $l i32) (param $l1 i32) (param $l2 i32) (param $l4 i32)
    (param $e i32) (param $dil i32) (param $e1 i32) (param $dil1 i32) (param $grid i32) (param $out i32)
    (local $y i32) (local $c i32) (local $k i32) (local $at i32) (local $cellAt i32)
    (local $cur v128) (local $a v128) (local $d1 v128) (local $d2 v128) (local $d4 v128) (local $x1v v128) (local $x4v v128)
    (local $v4 v128) (local $cell f64)
    (local $mad1 f64) (local $mad2 f64) (local $mad4 f64) (local $x1 f64) (local $x4 f64)
    (local $entering i32) (local $exiting i32)
    (local.set $k (i32.const 0))
    (block $zeroed (loop $zero
      (br_if $zeroed (i32.ge_u (local.get $k) (i32.const 16)))
      (f64.store (i32.add (local.get $grid) (i32.shl (local.get $k) (i32.const 3))) (f64.const 0))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $zero)))
    (local.set $y (i32.const 0))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $y) (i32.const 36)))
      (local.set $c (i32.const 0))
      (block $cellsDone (loop $cells
        (br_if $cellsDone (i32.ge_u (local.get $c) (i32.const 4)))
        (local.set $cellAt (i32.add (local.get $grid)
          (i32.shl (i32.add (i32.mul (i32.div_u (local.get $y) (i32.const 9)) (i32.const 4)) (local.get $c)) (i32.const 3))))
        (local.set $cell (f64.load (local.get $cellAt)))
        ;; Byte offset of the cell's first pixel on this row, in a float32 picture.
        (local.set $at (i32.shl (i32.add (i32.shl (local.get $y) (i32.const 6)) (i32.shl (local.get $c) (i32.const 4))) (i32.const 2)))
        (local.set $k (i32.const 0))
        (block $pairsDone (loop $pairs
          (br_if $pairsDone (i32.ge_u (local.get $k) (i32.const 8)))
          (local.set $cur (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $l) (local.get $at)))))
          (local.set $a (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $l1) (local.get $at)))))
          (local.set $v4 (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $l4) (local.get $at)))))
          (local.set $d1 (f64x2.abs (f64x2.sub (local.get $cur) (local.get $a))))
          (local.set $d2 (f64x2.abs (f64x2.sub (local.get $cur)
            (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $l2) (local.get $at)))))))
          (local.set $d4 (f64x2.abs (f64x2.sub (local.get $cur) (local.get $v4))))
          (local.set $x1v (f64x2.mul (local.get $cur) (local.get $a)))
          (local.set $x4v (f64x2.mul (local.get $cur) (local.get $v4)))
          (local.set $mad1 (f64.add (f64.add (local.get $mad1) (f64x2.extract_lane 0 (local.get $d1))) (f64x2.extract_lane 1 (local.get $d1))))
          (local.set $cell (f64.add (f64.add (local.get $cell) (f64x2.extract_lane 0 (local.get $d1))) (f64x2.extract_lane 1 (local.get $d1))))
          (local.set $mad2 (f64.add (f64.add (local.get $mad2) (f64x2.extract_lane 0 (local.get $d2))) (f64x2.extract_lane 1 (local.get $d2))))
          (local.set $mad4 (f64.add (f64.add (local.get $mad4) (f64x2.extract_lane 0 (local.get $d4))) (f64x2.extract_lane 1 (local.get $d4))))
          (local.set $x1 (f64.add (f64.add (local.get $x1) (f64x2.extract_lane 0 (local.get $x1v))) (f64x2.extract_lane 1 (local.get $x1v))))
          (local.set $x4 (f64.add (f64.add (local.get $x4) (f64x2.extract_lane 0 (local.get $x4v))) (f64x2.extract_lane 1 (local.get $x4v))))
          (local.set $at (i32.add (local.get $at) (i32.const 8)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $pairs)))
        (f64.store (local.get $cellAt) (local.get $cell))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $cells)))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br $rows)))
    ;; Edges (bytes 0 or 1): entering = edge now and no edge near it at t-1; exiting the other way round.
    (local.set $k (i32.const 0))
    (block $edgesDone (loop $edges
      (br_if $edgesDone (i32.ge_u (local.get $k) (i32.const 2304)))
      (local.set $entering (i32.add (local.get $entering) (i32.popcnt (i8x16.bitmask (i8x16.ne
        (v128.andnot (v128.load (i32.add (local.get $e) (local.get $k))) (v128.load (i32.add (local.get $dil1) (local.get $k))))
        (v128.const i32x4 0 0 0 0))))))
      (local.set $exiting (i32.add (local.get $exiting) (i32.popcnt (i8x16.bitmask (i8x16.ne
        (v128.andnot (v128.load (i32.add (local.get $e1) (local.get $k))) (v128.load (i32.add (local.get $dil) (local.get $k))))
        (v128.const i32x4 0 0 0 0))))))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br $edges)))
    (f64.store (local.get $out) (local.get $mad1))
    (f64.store offset=8 (local.get $out) (local.get $mad2))
    (f64.store offset=16 (local.get $out) (local.get $mad4))
    (f64.store offset=24 (local.get $out) (local.get $x1))
    (f64.store offset=32 (local.get $out) (local.get $x4))
    (i32.store offset=40 (local.get $out) (local.get $entering))
    (i32.store offset=44 (local.get $out) (local.get $exiting)))

;; The global-shift search (globalShift.ts, findGlobalShift) over two pictures' 16x9 grids and 64x36 thumbnails.
  ;; A shift's sum adds |cur − prev| over its overlap in row-major order, each term the float64 difference of two
  ;; float32 values, as the JavaScript adds them. Two shifts are summed at once in the lanes of an f64x2, each lane its
  ;; own shift's terms in its own order. A sum that has gone past its stop may stop early: it only grows, so it has
  ;; lost whether it stops there or not. (The helpers are called once per shift, not per pixel.)

  ;; Shift (x, y) clamped to ±rx, ±ry, over pictures w x h (float32), every 2^sh-th pixel of every 2^sh-th row: the
  ;; shift; the byte offsets of its overlap's first pixel in cur and in prev (cur(x', y') against prev(x' − x, y' − y));
  ;; its rows and its columns, ⌈(h − |y|) / 2^sh⌉ and ⌈(w − |x|) / 2^sh⌉.
  (func $place (param $x i32) (param $y i32) (param $rx i32) (param $ry i32) (param $w i32) (param $h i32) (param $sh i32)
    (result i32 i32 i32 i32 i32 i32)
    (local $ax i32) (local $ay i32)
    (local.set $x (select (local.get $rx) (local.get $x) (i32.gt_s (local.get $x) (local.get $rx))))
    (local.set $x (select (i32.sub (i32.const 0) (local.get $rx)) (local.get $x) (i32.lt_s (local.get $x) (i32.sub (i32.const 0) (local.get $rx)))))
    (local.set $y (select (local.get $ry) (local.get $y) (i32.gt_s (local.get $y) (local.get $ry))))
    (local.set $y (select (i32.sub (i32.const 0) (local.get $ry)) (local.get $y) (i32.lt_s (local.get $y) (i32.sub (i32.const 0) (local.get $ry)))))
    (local.set $ax (select (local.get $x) (i32.sub (i32.const 0) (local.get $x)) (i32.ge_s (local.get $x) (i32.const 0))))
    (local.set $ay (select (local.get $y) (i32.sub (i32.const 0) (local.get $y)) (i32.ge_s (local.get $y) (i32.const 0))))
    (local.get $x)
    (local.get $y)
    ;; max(0, v) = (v + |v|) / 2; max(0, −v) = (|v| − v) / 2.
    (i32.shl (i32.add (i32.mul (i32.shr_u (i32.add (local.get $y) (local.get $ay)) (i32.const 1)) (local.get $w))
      (i32.shr_u (i32.add (local.get $x) (local.get $ax)) (i32.const 1))) (i32.const 2))
    (i32.shl (i32.add (i32.mul (i32.shr_u (i32.sub (local.get $ay) (local.get $y)) (i32.const 1)) (local.get $w))
      (i32.shr_u (i32.sub (local.get $ax) (local.get $x)) (i32.const 1))) (i32.const 2))
    (i32.shr_u (i32.sub (i32.add (i32.sub (local.get $h) (local.get $ay)) (i32.shl (i32.const 1) (local.get $sh))) (i32.const 1))
      (local.get $sh))
    (i32.shr_u (i32.sub (i32.add (i32.sub (local.get $w) (local.get $ax)) (i32.shl (i32.const 1) (local.get $sh))) (i32.const 1))
      (local.get $sh)))

  ;; s plus the terms of `rows` rows of `cols` pixels (rows rowBytes apart, pixels colBytes) of |cur − prev|, row by
  ;; row while s is not past `stop`.
  (func $sumRows
    (param $cur i32) (param $prev i32) (param $rows i32) (param $cols i32) (param $rowBytes i32) (param $colBytes i32)
    (param $s f64) (param $stop f64) (result f64)
    (local $a i32) (local $b i32) (local $end i32)
    (block $done (loop $row
      (br_if $done (i32.or (i32.eqz (local.get $rows)) (f64.gt (local.get $s) (local.get $stop))))
      (local.set $a (local.get $cur))
      (local.set $b (local.get $prev))
      (local.set $end (i32.add (local.get $cur) (i32.mul (local.get $cols) (local.get $colBytes))))
      (block $rowDone (loop $px
        (br_if $rowDone (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $s (f64.add (local.get $s)
          (f64.abs (f64.sub (f64.promote_f32 (f32.load (local.get $a))) (f64.promote_f32 (f32.load (local.get $b)))))))
        (local.set $a (i32.add (local.get $a) (local.get $colBytes)))
        (local.set $b (i32.add (local.get $b) (local.get $colBytes)))
        (br $px)))
      (local.set $cur (i32.add (local.get $cur) (local.get $rowBytes)))
      (local.set $prev (i32.add (local.get $prev) (local.get $rowBytes)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $row)))
    (local.get $s))

  ;; The sums of shifts A (lane 0) and B (lane 1), each as $sumRows makes it from 0, at once: the rows of both side
  ;; by side while both overlaps have one (the longer row's last pixels in its lane alone), then the taller overlap's
  ;; last rows alone. Stops when both lanes are past their stops.
  (func $pairSums
    (param $curA i32) (param $prevA i32) (param $rowsA i32) (param $colsA i32)
    (param $curB i32) (param $prevB i32) (param $rowsB i32) (param $colsB i32)
    (param $rowBytes i32) (param $colBytes i32) (param $stops v128) (result v128)
    (local $rows i32) (local $cols i32) (local $a i32) (local $pa i32) (local $b i32) (local $pb i32) (local $end i32)
    (local $acc v128)
    (local.set $rows (select (local.get $rowsA) (local.get $rowsB) (i32.lt_u (local.get $rowsA) (local.get $rowsB))))
    (local.set $cols (select (local.get $colsA) (local.get $colsB) (i32.lt_u (local.get $colsA) (local.get $colsB))))
    (local.set $rowsA (i32.sub (local.get $rowsA) (local.get $rows)))
    (local.set $rowsB (i32.sub (local.get $rowsB) (local.get $rows)))
    (block $both (loop $row
      (br_if $both (i32.eqz (local.get $rows)))
      (local.set $a (local.get $curA))
      (local.set $pa (local.get $prevA))
      (local.set $b (local.get $curB))
      (local.set $pb (local.get $prevB))
      (local.set $end (i32.add (local.get $curA) (i32.mul (local.get $cols) (local.get $colBytes))))
      (block $pxDone (loop $px
        (br_if $pxDone (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $acc (f64x2.add (local.get $acc) (f64x2.abs (f64x2.sub
          (f64x2.promote_low_f32x4 (v128.load32_lane 1 (local.get $b) (v128.load32_zero (local.get $a))))
          (f64x2.promote_low_f32x4 (v128.load32_lane 1 (local.get $pb) (v128.load32_zero (local.get $pa))))))))
        (local.set $a (i32.add (local.get $a) (local.get $colBytes)))
        (local.set $pa (i32.add (local.get $pa) (local.get $colBytes)))
        (local.set $b (i32.add (local.get $b) (local.get $colBytes)))
        (local.set $pb (i32.add (local.get $pb) (local.get $colBytes)))
        (br $px)))
      (if (i32.gt_u (local.get $colsA) (local.get $cols))
        (then (local.set $acc (f64x2.replace_lane 0 (local.get $acc)
          (call $sumRows (local.get $a) (local.get $pa) (i32.const 1) (i32.sub (local.get $colsA) (local.get $cols))
            (i32.const 0) (local.get $colBytes) (f64x2.extract_lane 0 (local.get $acc)) (f64.const inf))))))
      (if (i32.gt_u (local.get $colsB) (local.get $cols))
        (then (local.set $acc (f64x2.replace_lane 1 (local.get $acc)
          (call $sumRows (local.get $b) (local.get $pb) (i32.const 1) (i32.sub (local.get $colsB) (local.get $cols))
            (i32.const 0) (local.get $colBytes) (f64x2.extract_lane 1 (local.get $acc)) (f64.const inf))))))
      (if (i64x2.all_true (f64x2.gt (local.get $acc) (local.get $stops))) (then (return (local.get $acc))))
      (local.set $curA (i32.add (local.get $curA) (local.get $rowBytes)))
      (local.set $prevA (i32.add (local.get $prevA) (local.get $rowBytes)))
      (local.set $curB (i32.add (local.get $curB) (local.get $rowBytes)))
      (local.set $prevB (i32.add (local.get $prevB) (local.get $rowBytes)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $row)))
    (if (local.get $rowsA)
      (then (local.set $acc (f64x2.replace_lane 0 (local.get $acc)
        (call $sumRows (local.get $curA) (local.get $prevA) (local.get $rowsA) (local.get $colsA) (local.get $rowBytes)
          (local.get $colBytes) (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 0 (local.get $stops)))))))
    (if (local.get $rowsB)
      (then (local.set $acc (f64x2.replace_lane 1 (local.get $acc)
        (call $sumRows (local.get $curB) (local.get $prevB) (local.get $rowsB) (local.get $colsB) (local.get $rowBytes)
          (local.get $colBytes) (f64x2.extract_lane 1 (local.get $acc)) (f64x2.extract_lane 1 (local.get $stops)))))))
    (local.get $acc))

  ;; A shift's sum of n terms weighed against the best so far (the search's state at st: f64 best mean, then i32 x,
  ;; y, rank and tie key of the best shift), as the JavaScript does: past the stop best · n · (1 + 1e-9) it has lost;
  ;; otherwise the smaller mean wins, then the smaller key (|y|, plus |x| with `reach`), then the smaller rank.
  (func $consider (param $st i32) (param $sum f64) (param $n i32) (param $x i32) (param $y i32) (param $rank i32) (param $reach i32)
    (local $best f64) (local $mean f64) (local $key i32) (local $bestKey i32)
    (local.set $best (f64.load (local.get $st)))
    (if (f64.gt (local.get $sum)
          (f64.mul (f64.mul (local.get $best) (f64.convert_i32_u (local.get $n))) (f64.add (f64.const 1) (f64.const 1e-9))))
      (then (return)))
    (local.set $mean (f64.div (local.get $sum) (f64.convert_i32_u (local.get $n))))
    (local.set $key (i32.add
      (select (local.get $y) (i32.sub (i32.const 0) (local.get $y)) (i32.ge_s (local.get $y) (i32.const 0)))
      (select (select (local.get $x) (i32.sub (i32.const 0) (local.get $x)) (i32.ge_s (local.get $x) (i32.const 0)))
        (i32.const 0) (local.get $reach))))
    (local.set $bestKey (i32.load offset=20 (local.get $st)))
    (if (i32.or (f64.lt (local.get $mean) (local.get $best))
          (i32.and (f64.eq (local.get $mean) (local.get $best))
            (i32.or (i32.lt_u (local.get $key) (local.get $bestKey))
              (i32.and (i32.eq (local.get $key) (local.get $bestKey))
                (i32.lt_s (local.get $rank) (i32.load offset=16 (local.get $st)))))))
      (then
        (f64.store (local.get $st) (local.get $mean))
        (i32.store offset=8 (local.get $st) (local.get $x))
        (i32.store offset=12 (local.get $st) (local.get $y))
        (i32.store offset=16 (local.get $st) (local.get $rank))
        (i32.store offset=20 (local.get $st) (local.get $key)))))

  ;; One search, into the state at st: the `count` shifts of the table at `shifts` (i32 x, y, rank each, in the order
  ;; tried), each (bx + x, by + y) clamped to ±rx, ±ry, over pictures w x h every 2^sh-th pixel; `reach` as for
  ;; $consider. Two shifts at a time: the second's sum is made with the stop of before the first, which is no tighter
  ;; (the first pair's: none), and weighed after the first against the stop of then, so the same shift wins as
  ;; trying them one at a time.
  (func $search
    (param $cur i32) (param $prev i32) (param $w i32) (param $h i32) (param $sh i32)
    (param $shifts i32) (param $count i32) (param $bx i32) (param $by i32) (param $rx i32) (param $ry i32)
    (param $reach i32) (param $st i32)
    (local $k i32) (local $at i32) (local $rowBytes i32) (local $colBytes i32) (local $room f64) (local $best f64)
    (local $xa i32) (local $ya i32) (local $curA i32) (local $prevA i32) (local $rowsA i32) (local $colsA i32)
    (local $xb i32) (local $yb i32) (local $curB i32) (local $prevB i32) (local $rowsB i32) (local $colsB i32)
    (local $sums v128)
    (local.set $rowBytes (i32.shl (local.get $w) (i32.add (local.get $sh) (i32.const 2))))
    (local.set $colBytes (i32.shl (i32.const 4) (local.get $sh)))
    (local.set $room (f64.add (f64.const 1) (f64.const 1e-9)))
    (f64.store (local.get $st) (f64.const inf))
    (i64.store offset=8 (local.get $st) (i64.const 0))
    (i64.store offset=16 (local.get $st) (i64.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
      (local.set $at (i32.add (local.get $shifts) (i32.mul (local.get $k) (i32.const 12))))
      (call $place (i32.add (local.get $bx) (i32.load (local.get $at))) (i32.add (local.get $by) (i32.load offset=4 (local.get $at)))
        (local.get $rx) (local.get $ry) (local.get $w) (local.get $h) (local.get $sh))
      (local.set $colsA) (local.set $rowsA) (local.set $prevA) (local.set $curA) (local.set $ya) (local.set $xa)
      (local.set $best (f64.load (local.get $st)))
      (if (i32.eq (i32.add (local.get $k) (i32.const 1)) (local.get $count))
        (then
          (call $consider (local.get $st)
            (call $sumRows (i32.add (local.get $cur) (local.get $curA)) (i32.add (local.get $prev) (local.get $prevA))
              (local.get $rowsA) (local.get $colsA) (local.get $rowBytes) (local.get $colBytes) (f64.const 0)
              (f64.mul (f64.mul (local.get $best) (f64.convert_i32_u (i32.mul (local.get $rowsA) (local.get $colsA)))) (local.get $room)))
            (i32.mul (local.get $rowsA) (local.get $colsA)) (local.get $xa) (local.get $ya) (i32.load offset=8 (local.get $at)) (local.get $reach))
          (local.set $k (i32.add (local.get $k) (i32.const 1))))
        (else
          (call $place (i32.add (local.get $bx) (i32.load offset=12 (local.get $at))) (i32.add (local.get $by) (i32.load offset=16 (local.get $at)))
            (local.get $rx) (local.get $ry) (local.get $w) (local.get $h) (local.get $sh))
          (local.set $colsB) (local.set $rowsB) (local.set $prevB) (local.set $curB) (local.set $yb) (local.set $xb)
          (local.set $sums (call $pairSums
            (i32.add (local.get $cur) (local.get $curA)) (i32.add (local.get $prev) (local.get $prevA)) (local.get $rowsA) (local.get $colsA)
            (i32.add (local.get $cur) (local.get $curB)) (i32.add (local.get $prev) (local.get $prevB)) (local.get $rowsB) (local.get $colsB)
            (local.get $rowBytes) (local.get $colBytes)
            (f64x2.mul (f64x2.mul (f64x2.splat (local.get $best))
              (f64x2.convert_low_i32x4_u (i32x4.replace_lane 1 (i32x4.splat (i32.mul (local.get $rowsA) (local.get $colsA)))
                (i32.mul (local.get $rowsB) (local.get $colsB)))))
              (f64x2.splat (local.get $room)))))
          (call $consider (local.get $st) (f64x2.extract_lane 0 (local.get $sums)) (i32.mul (local.get $rowsA) (local.get $colsA))
            (local.get $xa) (local.get $ya) (i32.load offset=8 (local.get $at)) (local.get $reach))
          (call $consider (local.get $st) (f64x2.extract_lane 1 (local.get $sums)) (i32.mul (local.get $rowsB) (local.get $colsB))
            (local.get $xb) (local.get $yb) (i32.load offset=20 (local.get $at)) (local.get $reach))
          (local.set $k (i32.add (local.get $k) (i32.const 2)))))
      (br $next))))

  ;; What shift (dx, dy) leaves over every pixel of the 64x36 thumbnails' overlap: f64 mean |cur − prev| at out+24
  ;; and f64 share of pixels above 0.1 at out+32. Pixel pairs: the differences side by side, added lane 0 then lane 1.
  (func $residual (param $cur i32) (param $prev i32) (param $dx i32) (param $dy i32) (param $out i32)
    (local $rows i32) (local $cols i32) (local $n i32) (local $a i32) (local $b i32) (local $pairsEnd i32)
    (local $s f64) (local $bad i32) (local $d v128) (local $e f64)
    (call $place (local.get $dx) (local.get $dy) (i32.const 64) (i32.const 36) (i32.const 64) (i32.const 36) (i32.const 0))
    ;; (The overlap's offsets in $a and $b for a moment.)
    (local.set $cols) (local.set $rows) (local.set $b) (local.set $a) (drop) (drop)
    (local.set $cur (i32.add (local.get $cur) (local.get $a)))
    (local.set $prev (i32.add (local.get $prev) (local.get $b)))
    (local.set $n (i32.mul (local.get $rows) (local.get $cols)))
    (block $done (loop $row
      (br_if $done (i32.eqz (local.get $rows)))
      (local.set $a (local.get $cur))
      (local.set $b (local.get $prev))
      (local.set $pairsEnd (i32.add (local.get $cur) (i32.shl (i32.and (local.get $cols) (i32.const -2)) (i32.const 2))))
      (block $pairsDone (loop $pairs
        (br_if $pairsDone (i32.ge_u (local.get $a) (local.get $pairsEnd)))
        (local.set $d (f64x2.abs (f64x2.sub
          (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $a)))
          (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $b))))))
        (local.set $s (f64.add (f64.add (local.get $s) (f64x2.extract_lane 0 (local.get $d))) (f64x2.extract_lane 1 (local.get $d))))
        (local.set $bad (i32.add (local.get $bad)
          (i32.popcnt (i64x2.bitmask (f64x2.gt (local.get $d) (v128.const f64x2 0.1 0.1))))))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (br $pairs)))
      (if (i32.and (local.get $cols) (i32.const 1))
        (then
          (local.set $e (f64.abs (f64.sub (f64.promote_f32 (f32.load (local.get $a))) (f64.promote_f32 (f32.load (local.get $b))))))
          (local.set $s (f64.add (local.get $s) (local.get $e)))
          (local.set $bad (i32.add (local.get $bad) (f64.gt (local.get $e) (f64.const 0.1))))))
      (local.set $cur (i32.add (local.get $cur) (i32.const 256)))
      (local.set $prev (i32.add (local.get $prev) (i32.const 256)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $row)))
    (f64.store offset=24 (local.get $out) (f64.div (local.get $s) (f64.convert_i32_u (local.get $n))))
    (f64.store offset=32 (local.get $out) (f64.div (f64.convert_i32_u (local.get $bad)) (f64.convert_i32_u (local.get $n)))))

  ;; The global shift of the picture (luma f32 [36 * 64], g16 f32 [9 * 16]) against the one before (luma1, g16_1):
  ;; the cell search on the grids (cells of 4x4 pixels, reach ±rx/4, ±ry/4 cells: the table at cellShifts), then the
  ;; pixel search around its shift times 4 (every other pixel, within ±rx, ±ry: the table at fineShifts), then what
  ;; the shift leaves. out: the search's state (f64 best mean; i32 x, y, rank, key: x and y are the shift found),
  ;; then f64 mean |difference| and f64 share above 0.1 over the overlap.
  (func (export "globalShift")
    (param $luma i32) (param $luma1 i32) (param $g16 i32) (param $g16_1 i32)
    (param $cellShifts i32) (param $cellCount i32) (param $fineShifts i32) (param $fineCount i32)
    (param $rx i32) (param $ry i32) (param $out i32)
    (call $search (local.get $g16) (local.get $g16_1) (i32.const 16) (i32.const 9) (i32.const 0)
      (local.get $cellShifts) (local.get $cellCount) (i32.const 0) (i32.const 0)
      (i32.div_u (local.get $rx) (i32.const 4)) (i32.div_u (local.get $ry) (i32.const 4)) (i32.const 0) (local.get $out))
    (call $search (local.get $luma) (local.get $luma1) (i32.const 64) (i32.const 36) (i32.const 1)
      (local.get $fineShifts) (local.get $fineCount)
      (i32.mul (i32.load offset=8 (local.get $out)) (i32.const 4)) (i32.mul (i32.load offset=12 (local.get $out)) (i32.const 4))
      (local.get $rx) (local.get $ry) (i32.const 1) (local.get $out))
    (call $residual (local.get $luma) (local.get $luma1)
      (i32.load offset=8 (local.get $out)) (i32.load offset=12 (local.get $out)) (local.get $out)))

  ;; The block-motion search (blockShifts.ts, findBlockShifts) over two pictures' padded 32x18 motion thumbnails
  ;; (float32, rows of 38 = 152 bytes, 3 pixels of border each side): 4x3 blocks of 8x6 pixels, shifts within ±3. A
  ;; shift's sum adds |cur − prev| over its block in row-major order, each term the float64 difference of two float32
  ;; values, as the JavaScript adds them; lanes hold different sums, never parts of one. (Loops, not written out: V8
  ;; ran the written-out ones slower.)

  ;; Sums of two shifts of a block (lanes 0 and 1 of s) plus `rows` more of its rows (cur: the next row's first pixel;
  ;; a and b: its counterparts in prev), row by row while either lane is below `limit`: a sum that reaches it only
  ;; grows, and has lost.
  (func $blockRows (param $cur i32) (param $a i32) (param $b i32) (param $rows i32) (param $s v128) (param $limit f64)
    (result v128)
    (local $l v128) (local $x i32)
    (local.set $l (f64x2.splat (local.get $limit)))
    (block $done (loop $row
      (br_if $done (i32.or (i32.eqz (local.get $rows)) (i32.eqz (v128.any_true (f64x2.lt (local.get $s) (local.get $l))))))
      (local.set $x (i32.const 0))
      (loop $px
        (local.set $s (f64x2.add (local.get $s) (f64x2.abs (f64x2.sub
          (f64x2.promote_low_f32x4 (v128.load32_splat (i32.add (local.get $cur) (local.get $x))))
          (f64x2.promote_low_f32x4 (v128.load32_lane 1 (i32.add (local.get $b) (local.get $x))
            (v128.load32_zero (i32.add (local.get $a) (local.get $x)))))))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (br_if $px (i32.lt_u (local.get $x) (i32.const 32))))
      (local.set $cur (i32.add (local.get $cur) (i32.const 152)))
      (local.set $a (i32.add (local.get $a) (i32.const 152)))
      (local.set $b (i32.add (local.get $b) (i32.const 152)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $row)))
    (local.get $s))

  ;; Each block's best shift (dx, dy) within ±3 of the picture (small) against the one before (small1), by the sum of
  ;; |cur(x, y) − prev(x + dx, y + dy)| over the block: the i8 shifts into shiftX[12] and shiftY[12] (the picture's);
  ;; the f64 sums of the best shifts at out, of no shift at out+96; out+192 is scratch (56 f64). As in the JavaScript,
  ;; (0, 0) is the best to start from and the others are weighed in scan order (dy, then dx), a later one winning only
  ;; with a smaller sum, so ties go as they do there. The stops differ (a sum goes on while it is below the best of its
  ;; turn, or of the turn before; there, of before its group of four), which changes no winner: a sum stopped is at or
  ;; past the best of its turn already, and a sum below it is complete.
  (func (export "blockShifts") (param $small i32) (param $small1 i32) (param $shiftX i32) (param $shiftY i32) (param $out i32)
    (local $b i32) (local $cur i32) (local $prev i32) (local $p i32) (local $q i32) (local $x i32) (local $rows i32)
    (local $c v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $z v128)
    (local $best f64) (local $live i64) (local $k i32) (local $ka i32) (local $kb i32) (local $bk i32) (local $sa f64)
    (local $sb f64) (local $s f64)
    ;; No shift, for every block first: the four blocks of a block row at once (blocks 0 and 1 of the row in the lanes
    ;; of one f64x2, 2 and 3 in another), into out+96.
    (loop $blockRow
      (local.set $cur (i32.mul (i32.add (i32.mul (i32.shr_u (local.get $b) (i32.const 2)) (i32.const 228)) (i32.const 117))
        (i32.const 4)))
      (local.set $prev (i32.add (local.get $small1) (local.get $cur)))
      (local.set $cur (i32.add (local.get $small) (local.get $cur)))
      (local.set $a0 (v128.const i64x2 0 0))
      (local.set $a1 (v128.const i64x2 0 0))
      (local.set $rows (i32.const 6))
      (loop $row
        (local.set $x (i32.const 0))
        (loop $px
          (local.set $p (i32.add (local.get $cur) (local.get $x)))
          (local.set $q (i32.add (local.get $prev) (local.get $x)))
          (local.set $a0 (f64x2.add (local.get $a0) (f64x2.abs (f64x2.sub
            (f64x2.promote_low_f32x4 (v128.load32_lane offset=32 1 (local.get $p) (v128.load32_zero (local.get $p))))
            (f64x2.promote_low_f32x4 (v128.load32_lane offset=32 1 (local.get $q) (v128.load32_zero (local.get $q))))))))
          (local.set $a1 (f64x2.add (local.get $a1) (f64x2.abs (f64x2.sub
            (f64x2.promote_low_f32x4 (v128.load32_lane offset=96 1 (local.get $p) (v128.load32_zero offset=64 (local.get $p))))
            (f64x2.promote_low_f32x4 (v128.load32_lane offset=96 1 (local.get $q) (v128.load32_zero offset=64 (local.get $q))))))))
          (local.set $x (i32.add (local.get $x) (i32.const 4)))
          (br_if $px (i32.lt_u (local.get $x) (i32.const 32))))
        (local.set $cur (i32.add (local.get $cur) (i32.const 152)))
        (local.set $prev (i32.add (local.get $prev) (i32.const 152)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br_if $row (local.get $rows)))
      (v128.store offset=96 (i32.add (local.get $out) (i32.shl (local.get $b) (i32.const 3))) (local.get $a0))
      (v128.store offset=112 (i32.add (local.get $out) (i32.shl (local.get $b) (i32.const 3))) (local.get $a1))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (br_if $blockRow (i32.lt_u (local.get $b) (i32.const 12))))
    (local.set $b (i32.const 0))
    (loop $block
      ;; The block's first pixel: row 6 · by + 3, column 8 · bx + 3.
      (local.set $cur (i32.shl (i32.add
        (i32.mul (i32.add (i32.mul (i32.shr_u (local.get $b) (i32.const 2)) (i32.const 6)) (i32.const 3)) (i32.const 38))
        (i32.add (i32.shl (i32.and (local.get $b) (i32.const 3)) (i32.const 3)) (i32.const 3))) (i32.const 2)))
      (local.set $prev (i32.add (local.get $small1) (local.get $cur)))
      (local.set $cur (i32.add (local.get $small) (local.get $cur)))
      ;; The best so far, as lane k of the first rows below (k = 8 · (dy + 3) + dx + 3: 27 for no shift).
      (local.set $best (f64.load offset=96 (i32.add (local.get $out) (i32.shl (local.get $b) (i32.const 3)))))
      (local.set $bk (i32.const 27))
      ;; Nothing is below 0.
      (if (f64.lt (f64.const 0) (local.get $best))
        (then
          ;; The first row of every shift: per dy, lanes k for dx = −3 to 4 at out+192 + 8 · k (pairs of neighbours in
          ;; prev; dx = 4 is no shift searched). Bit k of $live: lane k is below no shift's sum (one that is not never
          ;; wins, whatever its other rows).
          (local.set $z (f64x2.splat (local.get $best)))
          (local.set $live (i64.const 0))
          (local.set $p (i32.sub (local.get $prev) (i32.const 468)))
          (local.set $q (i32.const 0))
          (loop $shiftRow
            (local.set $a0 (v128.const i64x2 0 0))
            (local.set $a1 (v128.const i64x2 0 0))
            (local.set $a2 (v128.const i64x2 0 0))
            (local.set $a3 (v128.const i64x2 0 0))
            (local.set $x (i32.const 0))
            (loop $px
              (local.set $c (f64x2.promote_low_f32x4 (v128.load32_splat (i32.add (local.get $cur) (local.get $x)))))
              (local.set $k (i32.add (local.get $p) (local.get $x)))
              (local.set $a0 (f64x2.add (local.get $a0) (f64x2.abs (f64x2.sub (local.get $c)
                (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $k)))))))
              (local.set $a1 (f64x2.add (local.get $a1) (f64x2.abs (f64x2.sub (local.get $c)
                (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $k)))))))
              (local.set $a2 (f64x2.add (local.get $a2) (f64x2.abs (f64x2.sub (local.get $c)
                (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $k)))))))
              (local.set $a3 (f64x2.add (local.get $a3) (f64x2.abs (f64x2.sub (local.get $c)
                (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $k)))))))
              (local.set $x (i32.add (local.get $x) (i32.const 4)))
              (br_if $px (i32.lt_u (local.get $x) (i32.const 32))))
            (local.set $k (i32.add (local.get $out) (local.get $q)))
            (v128.store offset=192 (local.get $k) (local.get $a0))
            (v128.store offset=208 (local.get $k) (local.get $a1))
            (v128.store offset=224 (local.get $k) (local.get $a2))
            (v128.store offset=240 (local.get $k) (local.get $a3))
            (local.set $live (i64.or (local.get $live) (i64.shl (i64.extend_i32_u (i32.or
              (i32.or (i64x2.bitmask (f64x2.lt (local.get $a0) (local.get $z)))
                (i32.shl (i64x2.bitmask (f64x2.lt (local.get $a1) (local.get $z))) (i32.const 2)))
              (i32.or (i32.shl (i64x2.bitmask (f64x2.lt (local.get $a2) (local.get $z))) (i32.const 4))
                (i32.shl (i64x2.bitmask (f64x2.lt (local.get $a3) (local.get $z))) (i32.const 6)))))
              (i64.extend_i32_u (i32.shr_u (local.get $q) (i32.const 3))))))
            (local.set $p (i32.add (local.get $p) (i32.const 152)))
            (local.set $q (i32.add (local.get $q) (i32.const 64)))
            (br_if $shiftRow (i32.lt_u (local.get $q) (i32.const 448))))
          ;; (Not the lanes of dx = 4, nor lane 27.)
          (local.set $live (i64.and (local.get $live) (i64.const 0x007f7f7f777f7f7f)))
          ;; Those left in scan order, two at a time: the next two still below the best. The second's rows go on while
          ;; either is below the best of before the first, no tighter than the best of its turn, and it is weighed after
          ;; the first, against the best of then. Prev's pixel of lane k, row 2: p + 152 · (k / 8) + 4 · (k mod 8).
          (local.set $p (i32.sub (local.get $prev) (i32.const 316)))
          (block $searched (loop $pair
            (block $foundA (loop $nextA
              (br_if $searched (i64.eqz (local.get $live)))
              (local.set $ka (i32.wrap_i64 (i64.ctz (local.get $live))))
              (local.set $live (i64.and (local.get $live) (i64.sub (local.get $live) (i64.const 1))))
              (local.set $sa (f64.load offset=192 (i32.add (local.get $out) (i32.shl (local.get $ka) (i32.const 3)))))
              (br_if $foundA (f64.lt (local.get $sa) (local.get $best)))
              (br $nextA)))
            ;; None left: the first again, in both lanes.
            (local.set $kb (local.get $ka))
            (local.set $sb (local.get $sa))
            (block $foundB (loop $nextB
              (br_if $foundB (i64.eqz (local.get $live)))
              (local.set $k (i32.wrap_i64 (i64.ctz (local.get $live))))
              (local.set $live (i64.and (local.get $live) (i64.sub (local.get $live) (i64.const 1))))
              (local.set $s (f64.load offset=192 (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3)))))
              (if (f64.lt (local.get $s) (local.get $best))
                (then
                  (local.set $kb (local.get $k))
                  (local.set $sb (local.get $s))
                  (br $foundB)))
              (br $nextB)))
            (local.set $c (call $blockRows (i32.add (local.get $cur) (i32.const 152))
              (i32.add (local.get $p) (i32.add (i32.mul (i32.shr_u (local.get $ka) (i32.const 3)) (i32.const 152))
                (i32.shl (i32.and (local.get $ka) (i32.const 7)) (i32.const 2))))
              (i32.add (local.get $p) (i32.add (i32.mul (i32.shr_u (local.get $kb) (i32.const 3)) (i32.const 152))
                (i32.shl (i32.and (local.get $kb) (i32.const 7)) (i32.const 2))))
              (i32.const 5) (f64x2.replace_lane 1 (f64x2.splat (local.get $sa)) (local.get $sb)) (local.get $best)))
            (local.set $sa (f64x2.extract_lane 0 (local.get $c)))
            (if (f64.lt (local.get $sa) (local.get $best))
              (then
                (local.set $best (local.get $sa))
                (local.set $bk (local.get $ka))))
            (local.set $sb (f64x2.extract_lane 1 (local.get $c)))
            (if (f64.lt (local.get $sb) (local.get $best))
              (then
                (local.set $best (local.get $sb))
                (local.set $bk (local.get $kb))))
            (br $pair)))))
      (f64.store (i32.add (local.get $out) (i32.shl (local.get $b) (i32.const 3))) (local.get $best))
      (i32.store8 (i32.add (local.get $shiftX) (local.get $b)) (i32.sub (i32.and (local.get $bk) (i32.const 7)) (i32.const 3)))
      (i32.store8 (i32.add (local.get $shiftY) (local.get $b)) (i32.sub (i32.shr_u (local.get $bk) (i32.const 3)) (i32.const 3)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br_if $block (i32.lt_u (local.get $b) (i32.const 12)))))
)

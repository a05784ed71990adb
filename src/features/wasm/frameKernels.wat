;; The feature extractor's passes over a frame's bytes, in WebAssembly SIMD (framewise's own kernels; see
;; FrameKernels.ts). Built into frameKernelsModule.ts by `npm run build:wasm`.
;;
;; Integer work only, so the results are exactly those of the JavaScript passes they replace (exactRepeat.ts).
;; Pointers are byte offsets into the one memory, laid out by FrameKernels.ts.
(module
  (memory (export "memory") 1)

  ;; |a - b| of each byte pair.
  (func $absDiff (param $a v128) (param $b v128) (result v128)
    (i8x16.sub (i8x16.max_u (local.get $a) (local.get $b)) (i8x16.min_u (local.get $a) (local.get $b))))

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
    (local $vmax v128) (local $two v128) (local $ad v128)
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
            (local.set $ad (call $absDiff
              (v128.load (i32.add (local.get $cur) (local.get $i)))
              (v128.load (i32.add (local.get $prev) (local.get $i)))))
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
        (local.set $ad (call $absDiff
          (v128.load (i32.add (local.get $cur) (local.get $i)))
          (v128.load (i32.add (local.get $prev) (local.get $i)))))
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
)

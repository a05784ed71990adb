/**
 * Train a model with labels of your own, then label a video with it.
 *
 *   npx tsx trainOwnModel.ts DATA_DIR my.safetensors new.mp4
 *
 * DATA_DIR holds videos with a truth file beside each one (NAME.mp4 + NAME.labels.json), for example
 *   {"labels": ["scene", "blank"], "default": "scene", "fps": 25, "frames": 100,
 *    "segments": [{"label": "blank", "start": 40, "end": 59}]}
 * (frame indices 0-based, `end` inclusive; uncovered frames take `default`). The labels are whatever your
 * truth files say. With fewer than five videos the last one is held out for validation.
 */
import { isUserError, labelSegments, trainModel } from 'framewise';

const [data, out, video] = process.argv.slice(2);
if (!data || !out || !video) {
  console.error('usage: trainOwnModel.ts DATA_DIR MODEL_OUT VIDEO');
  process.exit(2);
}

try {
  // A small network is plenty for a few labels and a few minutes of video.
  const { model, history } = await trainModel({
    data,
    out,
    hidden: 16,
    epochs: 25,
    onEpoch: (p) => console.log(`epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toFixed(3)}  validation macro-F1 ${p.valMacroF1.toFixed(2)}`),
  });
  console.log(`saved ${out}: labels ${model.meta.labels.join(', ')} after ${history.length} epochs`);

  // The trained model labels like the default one: pass it (or its path) as `model`.
  await labelSegments(video, { model }).forEach((s) => console.log(`${s.label} frames ${s.start}-${s.end}`));
} catch (err) {
  console.error(isUserError(err) ? err.message : err);
  process.exitCode = 1;
}

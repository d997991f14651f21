import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import {
  NANODET_CLASSES,
  NANODET_INPUT,
  decodeHead,
  nms,
  type Box,
  type HeadOutput,
} from './nanodet-decode.ts';

/** Where scripts/setup.sh puts the model (pinned by SHA-256 there). */
export const DEFAULT_MODEL_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../vendor/nanodet');

export interface PersonDetector {
  /** Person boxes in an RGB image of NANODET_INPUT² pixels (3 bytes a pixel), in its pixels. */
  detect(rgb: Uint8Array, threshold: number): Promise<Box[]>;
  close(): void;
}

let backendReady: Promise<void> | null = null;

/** tfjs on its WASM backend (SIMD, one thread): the same numbers on any x86-64 or arm64 CPU, no native build. */
function wasmBackend(): Promise<void> {
  backendReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(`${dist}/`);
    setThreadsCount(1);
    await tf.setBackend('wasm');
    await tf.ready();
  })();
  return backendReady;
}

/** Loads NanoDet from its two files (nothing fetched from a network). */
export async function loadNanoDet(dir = DEFAULT_MODEL_DIR): Promise<PersonDetector> {
  await wasmBackend();
  let json: { modelTopology: unknown; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  let bin: Buffer;
  try {
    json = JSON.parse(await readFile(join(dir, 'nanodet.json'), 'utf8'));
    bin = await readFile(join(dir, 'nanodet.bin'));
  } catch (err) {
    throw new Error(
      `the NanoDet model is missing in ${dir} (npm run setup fetches it): ${(err as Error).message}`,
    );
  }
  const weightSpecs = json.weightsManifest.flatMap((m) => m.weights);
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
  const model: GraphModel = await loadGraphModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs, weightData }),
  );
  const size = NANODET_INPUT;
  return {
    async detect(rgb, threshold) {
      if (rgb.length !== size * size * 3)
        throw new Error(`expected ${size}x${size} RGB, got ${rgb.length} bytes`);
      const input = tf.tidy(() =>
        tf.expandDims(
          tf.transpose(
            tf.div(tf.cast(tf.tensor3d(rgb, [size, size, 3], 'int32'), 'float32'), 255),
            [2, 0, 1],
          ),
          0,
        ),
      );
      const outputs = model.execute(input) as tf.Tensor[];
      input.dispose();
      try {
        const heads = new Map<number, Partial<HeadOutput>>();
        for (const t of outputs) {
          const cells = t.shape[1]!;
          const h = heads.get(cells) ?? { cells };
          const data = (await t.data()) as Float32Array;
          if (t.shape[2] === NANODET_CLASSES) h.scores = data;
          else h.boxes = data;
          heads.set(cells, h);
        }
        const boxes: Box[] = [];
        for (const h of heads.values())
          if (h.scores && h.boxes) decodeHead(h as HeadOutput, threshold, boxes);
        return nms(boxes);
      } finally {
        for (const t of outputs) t.dispose();
      }
    },
    close() {
      model.dispose();
    },
  };
}

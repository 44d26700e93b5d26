// What a rendered frame shows, for the browser tests and the desktop smoke test: a minimal PNG
// decoder over node:zlib (8-bit, non-interlaced: what Chromium's screenshots and stb_image_write
// produce; no npm packages) and the statistics of a rectangle with the floors it must clear to
// count as showing an image rather than one flat colour. Also a command line for the desktop:
//   node tests/pixels.mjs SHOT.png STATUS.json [REGION...]   (REGION: a widget name, or PREFIX*)
// It checks the whole image and each region's widget rectangle from the app's status JSON.
import fs from 'node:fs';
import zlib from 'node:zlib';
import {fileURLToPath} from 'node:url';

// A region failed its floor; anything else thrown here is a bug or a bad file.
export class PixelCheckError extends Error {}

const CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4};  // colour type -> samples per pixel (no palettes)

function paeth(a, b, c) {
  const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

// {width, height, rgba} of a PNG file's bytes.
export function decodePng(bytes) {
  if (bytes.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let width = 0, height = 0, depth = 0, type = 0, interlace = 0;
  const idat = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at), kind = bytes.toString('latin1', at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (kind === 'IHDR') {
      [width, height, depth, type, interlace] = [body.readUInt32BE(0), body.readUInt32BE(4), body[8], body[9], body[12]];
    } else if (kind === 'IDAT') {
      idat.push(body);
    } else if (kind === 'IEND') {
      break;
    }
    at += 12 + length;
  }
  const channels = CHANNELS[type];
  if (depth !== 8 || !channels || interlace !== 0) {
    throw new Error(`unsupported PNG: bit depth ${depth}, colour type ${type}, interlace ${interlace}`);
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error('PNG image data is truncated');
  const rows = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)], src = y * (stride + 1) + 1, dst = y * stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? rows[dst + i - channels] : 0, b = y > 0 ? rows[dst - stride + i] : 0;
      const c = i >= channels && y > 0 ? rows[dst - stride + i - channels] : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`bad PNG row filter ${filter}`);
      rows[dst + i] = raw[src + i] + predictor;  // wraps mod 256: Buffer stores bytes
    }
  }
  if (channels === 4) return {width, height, rgba: new Uint8Array(rows.buffer, rows.byteOffset, rows.length)};
  const rgba = new Uint8Array(width * height * 4), grey = channels <= 2;
  for (let p = 0, s = 0; p < rgba.length; p += 4, s += channels) {
    rgba[p] = rows[s];
    rgba[p + 1] = rows[grey ? s : s + 1];
    rgba[p + 2] = rows[grey ? s : s + 2];
    rgba[p + 3] = channels % 2 === 0 ? rows[s + channels - 1] : 255;
  }
  return {width, height, rgba};
}

// A rectangle [x, y, w, h] (canvas pixels, as the app reports widgets) cut to whole pixels
// `inset` in from each side (an outline or anti-aliased edge is not the image) and to the image.
function pixelsOf(img, rect, inset) {
  const x0 = Math.max(0, Math.ceil(rect[0]) + inset), y0 = Math.max(0, Math.ceil(rect[1]) + inset);
  const x1 = Math.min(img.width, Math.floor(rect[0] + rect[2]) - inset);
  const y1 = Math.min(img.height, Math.floor(rect[1] + rect[3]) - inset);
  return {x0, y0, x1, y1, count: Math.max(0, x1 - x0) * Math.max(0, y1 - y0)};
}

const luma = (d, i) => 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];

// Standard deviation of the luma (0..255) and the number of distinct RGB colours in a rectangle.
export function regionStats(img, rect, inset = 2) {
  const r = pixelsOf(img, rect, inset);
  let sum = 0, sum2 = 0;
  const colours = new Set();
  for (let y = r.y0; y < r.y1; y++) {
    for (let x = r.x0; x < r.x1; x++) {
      const i = (y * img.width + x) * 4, v = luma(img.rgba, i);
      sum += v, sum2 += v * v;
      colours.add((img.rgba[i] << 16) | (img.rgba[i + 1] << 8) | img.rgba[i + 2]);
    }
  }
  const mean = r.count ? sum / r.count : 0;
  return {pixels: r.count, mean: +mean.toFixed(2), std: +Math.sqrt(Math.max(0, (r.count ? sum2 / r.count : 0) - mean * mean)).toFixed(2),
          distinct: colours.size};
}

// Mean absolute luma difference between two equally sized rectangles of two images.
export function regionDifference(a, rectA, b, rectB, inset = 2) {
  const ra = pixelsOf(a, rectA, inset), rb = pixelsOf(b, rectB, inset);
  const w = Math.min(ra.x1 - ra.x0, rb.x1 - rb.x0), h = Math.min(ra.y1 - ra.y0, rb.y1 - rb.y0);
  let sum = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      sum += Math.abs(luma(a.rgba, ((ra.y0 + y) * a.width + ra.x0 + x) * 4) - luma(b.rgba, ((rb.y0 + y) * b.width + rb.x0 + x) * 4));
    }
  }
  return w > 0 && h > 0 ? +(sum / (w * h)).toFixed(2) : 0;
}

// Floors, against what the working app measured (luma std on 0..255; flat: std 0, 1 colour):
// - image: one image the colormap pass drew (a digit, a reconstruction, the pad, a heat map).
//   Lowest measured: std 40.2 (browser_draw's code heat map; reconstructions 50-96), and 4
//   colours (the pad with a drawn 1: black, white and two edge greys).
// - plot: what ImGui drew (the code's bars, the latent map). Measured: bars std 57.8 in 2
//   colours, latent map std 31.0 in 350.
// - whole: the 1280x800 frame. Measured, app_desktop_smoke: std 50.8, 1319 colours; with every
//   image black still 38.5 (text and plots remain), so the images are checked one by one.
// - different: mean |luma difference| between the reconstructions of a drawn 1 and a drawn 0.
//   Measured: 41.7 (browser_draw).
export const FLOORS = {
  image: {std: 20, distinct: 3},
  plot: {std: 15, distinct: 2},
  whole: {std: 20, distinct: 64},
  different: 15,
};

// Stats of one named rectangle; throws PixelCheckError below the floor.
export function checkRegion(img, name, rect, floor = FLOORS.image, inset = 2) {
  const s = regionStats(img, rect, inset);
  if (s.pixels === 0) throw new Error(`${name}: the rectangle ${JSON.stringify(rect)} holds no pixels of the image`);
  if (s.std < floor.std || s.distinct < floor.distinct) {
    throw new PixelCheckError(`${name} ${JSON.stringify(rect)} looks flat: luma std ${s.std} (floor ${floor.std}), ` +
                              `${s.distinct} colours (floor ${floor.distinct}), mean luma ${s.mean}`);
  }
  return s;
}

// The images of two drawings must differ; throws PixelCheckError when they do not.
export function checkDifferent(name, a, rectA, b, rectB, floor = FLOORS.different) {
  const d = regionDifference(a, rectA, b, rectB);
  if (d < floor) throw new PixelCheckError(`${name}: mean luma difference ${d} (floor ${floor})`);
  return d;
}

// Widget names from the status, with PREFIX* standing for every widget that starts with PREFIX.
export function expandRegions(widgets, names) {
  return names.flatMap((n) => {
    const found = n.endsWith('*') ? Object.keys(widgets).filter((k) => k.startsWith(n.slice(0, -1))).sort() : [n];
    if (!found.length || !found.every((k) => widgets[k])) throw new Error(`no widget ${n} in the status`);
    return found;
  });
}

// The command line: one line per check, exit 1 if a check fails (2: bad arguments or files).
function main(argv) {
  if (argv.length < 2) {
    console.error('usage: node tests/pixels.mjs SHOT.png STATUS.json [REGION...]');
    return 2;
  }
  let img, widgets;
  try {
    img = decodePng(fs.readFileSync(argv[0]));
    // The status is the last JSON line of what the app printed (aelab-app --print-status).
    const line = fs.readFileSync(argv[1], 'utf8').split('\n').filter((l) => l.startsWith('{')).pop();
    widgets = JSON.parse(line || '{}').widgets || {};
  } catch (e) {
    console.error(`pixels: ${e.message}`);
    return 2;
  }
  const checks = [['whole', [0, 0, img.width, img.height], FLOORS.whole, 0]];
  try {
    for (const name of expandRegions(widgets, argv.slice(2))) checks.push([name, widgets[name], FLOORS.image, 2]);
  } catch (e) {
    console.error(`pixels: ${e.message}`);
    return 2;
  }
  let failed = 0;
  for (const [name, rect, floor, inset] of checks) {
    try {
      const s = checkRegion(img, name, rect, floor, inset);
      console.log(`pixels: ok ${name} ${JSON.stringify(rect)}: luma std ${s.std}, ${s.distinct} colours`);
    } catch (e) {
      if (!(e instanceof PixelCheckError)) throw e;
      console.log(`pixels: FAIL ${e.message}`);
      failed += 1;
    }
  }
  return failed ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));

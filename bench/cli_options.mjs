// The bench scripts' command lines: `--name value` pairs over a table of defaults. A value takes
// its default's type (numbers stay numbers); an unknown name or a missing value prints the usage
// and exits 2.
export function parseOptions(script, defaults, argv = process.argv.slice(2)) {
  const opts = {...defaults};
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, '');
    if (!(k in defaults) || i + 1 >= argv.length) {
      console.error(`usage: node ${script} [--${Object.keys(defaults).join(' V] [--')} V]`);
      process.exit(2);
    }
    opts[k] = typeof defaults[k] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
  }
  return opts;
}

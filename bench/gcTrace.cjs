// Preloaded into the endpoint bench's servers (NODE_OPTIONS=--require): V8 prints one line per
// garbage collection with `allocated=<bytes since the last one>`, which the bench sums into
// bytes allocated per request. Set at run time because NODE_OPTIONS refuses V8 trace flags.
require('node:v8').setFlagsFromString('--trace-gc-nvp');

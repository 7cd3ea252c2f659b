using System.Runtime.CompilerServices;

// Kernels park vectors in stack tiles that they fully write before reading; zeroing those tiles on every call would
// be pure overhead on the per-sample path.
[module: SkipLocalsInit]

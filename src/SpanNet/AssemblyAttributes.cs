using System.Diagnostics;
using System.Runtime.CompilerServices;

// Kernels park vectors in stack tiles that they fully write before reading; zeroing those tiles on every call would
// be pure overhead on the per-sample path.
[module: SkipLocalsInit]

// What a Release build emits anyway, stated so that a compilation without optimisation (Stryker compiles its mutants
// so) still lets the JIT optimise: the SIMD kernels are orders of magnitude slower unoptimised, which turns mutation
// runs into timeouts. Debug builds of this assembly are JIT-optimised too; step through the tests' references instead.
[assembly: Debuggable(DebuggableAttribute.DebuggingModes.IgnoreSymbolStoreSequencePoints)]

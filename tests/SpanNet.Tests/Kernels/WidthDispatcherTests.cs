using System;
using System.Threading;
using SpanNet.Kernels.Simd;
using Xunit;

namespace SpanNet.Tests.Kernels;

public class WidthDispatcherTests
{
    [Fact]
    public void Current_is_the_widest_width_unless_forced_and_a_forced_width_is_restored()
    {
        Assert.Equal(WidthDispatcher.Widest, WidthDispatcher.Current);
        using (WidthDispatcher.Force(SimdWidth.Scalar))
        {
            Assert.Equal(SimdWidth.Scalar, WidthDispatcher.Current);
            using (WidthDispatcher.Force(WidthDispatcher.Widest))
            {
                Assert.Equal(WidthDispatcher.Widest, WidthDispatcher.Current);
            }

            Assert.Equal(SimdWidth.Scalar, WidthDispatcher.Current);
        }

        Assert.Equal(WidthDispatcher.Widest, WidthDispatcher.Current);
    }

    [Fact]
    public void A_forced_width_applies_to_the_forcing_thread_only()
    {
        SimdWidth seenElsewhere = default;
        using (WidthDispatcher.Force(SimdWidth.Scalar))
        {
            var other = new Thread(() => seenElsewhere = WidthDispatcher.Current);
            other.Start();
            other.Join();
        }

        Assert.Equal(WidthDispatcher.Widest, seenElsewhere);
    }

    [Fact]
    public void The_widest_width_matches_what_the_runtime_accelerates()
    {
        SimdWidth expected = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? SimdWidth.Vector512
            : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? SimdWidth.Vector256
            : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? SimdWidth.Vector128
            : SimdWidth.Scalar;
        Assert.Equal(expected, WidthDispatcher.Widest);
    }

    [Fact]
    public void Widths_the_CPU_lacks_cannot_be_forced()
    {
        Assert.True(WidthDispatcher.IsAvailable(SimdWidth.Scalar));
        Assert.False(WidthDispatcher.IsAvailable((SimdWidth)64));
        if (WidthDispatcher.Widest != SimdWidth.Vector512)
        {
            Assert.False(WidthDispatcher.IsAvailable(SimdWidth.Vector512));
            Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => WidthDispatcher.Force(SimdWidth.Vector512).Dispose()).ParamName);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => WidthDispatcher.Force((SimdWidth)64).Dispose());
    }
}

// Seedable random numbers (torch.manual_seed / torch.Generator): xoshiro256** with Box-Muller normals.
namespace Mnist.Scripting;

/// <summary>A reproducible random source. <c>Tensor.ManualSeed(42)</c> reseeds the default one.</summary>
public sealed class Generator
{
    ulong s0, s1, s2, s3;

    public Generator(long seed) => ManualSeed(seed);

    /// <summary>The generator used by Rand, Randn, RandPerm and Linear's initialisation.</summary>
    public static Generator Default { get; } = new(Environment.TickCount64);

    /// <summary>Restarts the sequence from <paramref name="seed"/>.</summary>
    public Generator ManualSeed(long seed)
    {
        ulong z = (ulong)seed;
        s0 = SplitMix(ref z); s1 = SplitMix(ref z); s2 = SplitMix(ref z); s3 = SplitMix(ref z);
        return this;
    }

    /// <summary>Where the sequence is now (torch.Generator.get_state()): hand it to <see cref="SetState"/> to draw the same numbers again.</summary>
    public ulong[] GetState() => [s0, s1, s2, s3];

    /// <summary>Continues from a state <see cref="GetState"/> returned (torch.Generator.set_state()).</summary>
    public Generator SetState(ulong[] state)
    {
        if (state is not { Length: 4 } || state.All(w => w == 0))
            throw new ArgumentException("Generator.SetState: expected the 4 words GetState() returns, not all zero");
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3]);
        return this;
    }

    static ulong SplitMix(ref ulong z)
    {
        z += 0x9E3779B97F4A7C15;
        ulong x = z;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(s1 * 5, 7) * 9, t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public long NextInt64(long n) => (long)(NextUInt64() % (ulong)n);

    /// <summary>Standard normal by Box-Muller (both values of each pair are used).</summary>
    public void FillNormal(Span<double> dst)
    {
        for (int i = 0; i < dst.Length; i += 2)
        {
            double u1 = 1.0 - NextDouble(), u2 = NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1)), th = 2.0 * Math.PI * u2;
            dst[i] = r * Math.Cos(th);
            if (i + 1 < dst.Length) dst[i + 1] = r * Math.Sin(th);
        }
    }

    /// <summary>A random permutation of 0..n-1 (Fisher-Yates).</summary>
    public long[] Permutation(int n)
    {
        var p = new long[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)(NextUInt64() % (ulong)(i + 1));
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}

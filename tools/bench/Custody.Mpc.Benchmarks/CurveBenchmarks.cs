using BenchmarkDotNet.Attributes;
using Custody.Mpc.Curve;

namespace Custody.Mpc.Benchmarks;

/// <summary>secp256k1 point operations of libs/mpc (its own field and point arithmetic).</summary>
public class CurveBenchmarks
{
    private readonly Scalar _a = Scalar.Random(MpcRandom.Secure);
    private readonly Scalar _b = Scalar.Random(MpcRandom.Secure);
    private readonly Point _p = Point.MulBase(Scalar.Random(MpcRandom.Secure));
    private readonly byte[] _encoded = Point.MulBase(Scalar.Random(MpcRandom.Secure)).Encode();

    [Benchmark(Description = "k*G (fixed-base table)")]
    public Point MulBase() => Point.MulBase(_a);

    [Benchmark(Description = "k*P (variable base)")]
    public Point MulVariable() => _p * _a;

    [Benchmark(Description = "a*P + b*Q")]
    public Point SumOfProducts() => Point.SumOfProducts(_p, _a, Point.Generator, _b);

    [Benchmark(Description = "P + Q")]
    public Point Add() => _p + Point.Generator;

    [Benchmark(Description = "decode compressed")]
    public Point Decode() => Point.Decode(_encoded);
}

using System.Diagnostics;
using Custody.Mpc.Curve;

namespace Custody.Mpc.Benchmarks;

/// <summary>Process CPU time per secp256k1 operation, averaged after a warm-up (robust on a loaded machine).</summary>
internal static class CurveCpuReport
{
    private const int Iterations = 2_000;

    private static void FieldReport(TextWriter output)
    {
        var x = Point.MulBase(Scalar.One).Affine.X;
        var y = Point.MulBase(Scalar.One).Affine.Y;
        const int n = 1_000_000;
        for (var round = 0; round < 2; round++)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < n; i++)
            {
                x *= y;
            }
            var mul = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalNanoseconds / n;
            before = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < n; i++)
            {
                x += y;
            }
            var add = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalNanoseconds / n;
            before = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < 10_000; i++)
            {
                x = x.Invert();
            }
            var inv = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalNanoseconds / 10_000;
            output.WriteLine($"field: mul {mul:F1} ns, add {add:F1} ns, invert {inv:F0} ns ({x.L0 & 1})");
        }
    }

    public static void Run(TextWriter output)
    {
        var benchmarks = new CurveBenchmarks();
        (string Name, Func<Point> Operation)[] operations =
        [
            ("k*G (fixed-base table)", benchmarks.MulBase),
            ("k*P (variable base)", benchmarks.MulVariable),
            ("a*P + b*G", benchmarks.SumOfProducts),
            ("P + Q (affine result)", benchmarks.Add),
            ("decode compressed point", benchmarks.Decode),
        ];
        FieldReport(output);
        foreach (var (name, operation) in operations)
        {
            for (var i = 0; i < Iterations / 10; i++)
            {
                _ = operation();
            }
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < Iterations; i++)
            {
                _ = operation();
            }
            var micros = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / Iterations;
            output.WriteLine($"{name}: {micros:F1} us CPU");
        }
    }
}

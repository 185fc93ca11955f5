using BenchmarkDotNet.Running;
using Custody.Mpc.Benchmarks;

// Runs the libs/mpc benchmarks:
//   dotnet run -c Release --project tools/bench/Custody.Mpc.Benchmarks -- --filter '*' --job short --inProcess
// or, on a shared loaded machine where wall-clock figures mean little, process CPU time per operation:
//   dotnet run -c Release --project tools/bench/Custody.Mpc.Benchmarks -- cpu
// and for the secp256k1 point operations alone:
//   dotnet run -c Release --project tools/bench/Custody.Mpc.Benchmarks -- curve
if (args is ["curve", ..])
{
    CurveCpuReport.Run(Console.Out);
    return;
}
if (args is ["cpu", ..])
{
    CpuTimeReport.Run(Console.Out);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(RvoleBenchmarks).Assembly).Run(args);

using BenchmarkDotNet.Running;

// Runs the libs/mpc benchmarks, e.g.
//   dotnet run -c Release --project bench/Custody.Mpc.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Custody.Mpc.Benchmarks.RvoleBenchmarks).Assembly).Run(args);

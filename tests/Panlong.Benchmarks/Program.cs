using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Panlong.Benchmarks.WorkflowBenchmarks).Assembly).Run(args);

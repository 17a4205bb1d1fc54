using BenchmarkDotNet.Running;
using Panlong.Benchmarks;

// The `measure-*` commands (import, map, board, generator, audit, grabs, city, export, circuits, supermarket, patrol, interactive, telemetry, tokens) are load scripts timed with a stopwatch (one run is seconds long);
// everything else goes to BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    "measure-import" => await ImportMeasurement.RunAsync(),
    "measure-map" => await MapMeasurement.RunAsync(args.Skip(1).FirstOrDefault() ?? throw new ArgumentException("measure-map <portal url>")),
    "measure-generator" => await GeneratorMeasurement.RunAsync(int.Parse(args.Skip(1).FirstOrDefault() ?? "3000", System.Globalization.CultureInfo.InvariantCulture),
        args.Skip(2).FirstOrDefault() is { } now ? DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture) : null),
    "measure-board" => await BoardMeasurement.RunAsync(args.Skip(1).FirstOrDefault() ?? throw new ArgumentException("measure-board <portal url> [board portal url]"), args.Skip(2).FirstOrDefault()),
    "measure-patrol-live" => await PatrolLiveMeasurement.RunAsync(args.Skip(1).FirstOrDefault() ?? throw new ArgumentException("measure-patrol-live <portal url> [viewer portal url]"), args.Skip(2).FirstOrDefault()),
    "measure-audit" => await AuditChainMeasurement.RunAsync(args.Skip(1).FirstOrDefault() ?? "Sqlite"),
    "measure-grabs" => await GrabMeasurement.RunAsync(args.Skip(1).FirstOrDefault() ?? "Sqlite"),
    "measure-city" => await CityMeasurement.RunAsync(args.Skip(1).FirstOrDefault() ?? throw new ArgumentException("measure-city <database> <privacy key>"),
        args.Skip(2).FirstOrDefault() ?? throw new ArgumentException("measure-city <database> <privacy key>"), args.Skip(3).FirstOrDefault()),
    "measure-export" => await ExportMeasurement.RunAsync([.. args.Skip(1)]),
    "measure-circuits" => await CircuitMeasurement.RunAsync([.. args.Skip(1)]),
    "measure-supermarket" => await SupermarketMeasurement.RunAsync([.. args.Skip(1)]),
    "measure-patrol" => await PatrolMeasurement.RunAsync([.. args.Skip(1)]),
    "measure-telemetry" => await TelemetryMeasurement.RunAsync(),
    "measure-tokens" => await TokenMeasurement.RunAsync([.. args.Skip(1)]),
    "measure-open311" => await Open311Measurement.RunAsync([.. args.Skip(1)]),
    "measure-interactive" when args.Length >= 3 => await InteractiveMeasurement.RunAsync(args[1], args[2], args[3..]),
    "measure-interactive" => throw new ArgumentException("measure-interactive <portal url> <user> <paths…>"),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(WorkflowBenchmarks).Assembly).Run(args);
    return 0;
}

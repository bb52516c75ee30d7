using System.Globalization;
using MemDsl.Perf;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "embed":
        return EmbeddingBenchmark.Run(args[1..]);
    default:
        Console.WriteLine("usage: dotnet run -c Release --project tests/MemDsl.Perf -- embed [--sentences N] [--threads 1,2] [--batches 1,16,64] [--max-batch N]");
        return command == "help" ? 0 : 1;
}

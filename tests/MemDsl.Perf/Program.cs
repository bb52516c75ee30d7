using System.Globalization;
using MemDsl.Perf;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "embed":
        return EmbeddingBenchmark.Run(args[1..]);
    case "kernels":
        return KernelBenchmark.Run(args[1..]);
    case "compile-cycles":
        return CompileCyclesBenchmark.Run(args[1..]);
    case "kernel-variants":
        return KernelVariants.Run(args[1..]);
    case "context":
        return ContextBenchmark.Run(args[1..]);
    default:
        Console.WriteLine("usage: dotnet run -c Release --project tests/MemDsl.Perf -- embed [--sentences N] [--threads 1,2] [--batches 1,16,64] [--max-batch N]");
        Console.WriteLine("       dotnet run -c Release --project tests/MemDsl.Perf -- kernels [--sizes 100000,1000000] [--batches 1,64] [--threads 1,2] [--seconds 1] [--repeats 5] [--k 10] [--python /usr/bin/python3] [--ort none|auto|cpu|cuda]");
        Console.WriteLine("       (tests/MemDsl.Perf/bench-kernels.sh installs FAISS first)");
        Console.WriteLine("       dotnet run -c Release --project tests/MemDsl.Perf -- kernel-variants [--sizes 1000000] [--rounds 5]");
        Console.WriteLine("       dotnet run -c Release --project tests/MemDsl.Perf -- compile-cycles [--cycles 200] [--every 20] [--seed 1] [--baseline none] [--empty-node-cache]");
        Console.WriteLine("       dotnet run -c Release --project tests/MemDsl.Perf -- context [--sizes 10000,100000] [--k 10] [--seconds 1]");
        return command == "help" ? 0 : 1;
}

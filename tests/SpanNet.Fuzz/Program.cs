using System;
using System.IO;
using SharpFuzz;
using SpanNet.Fuzz;

// spannet-fuzz <target>             one input on standard input; under afl-fuzz, SharpFuzz's fork server feeds it
//                                   inputs in a loop, in a child process that a crash or a timeout may kill.
// spannet-fuzz seeds <target> <dir> writes the target's seed inputs to <dir>, for afl-fuzz -i.
if (args is [string name] && FuzzTargets.Find(name) is FuzzTarget target)
{
    Fuzzer.OutOfProcess.Run(target.Run);
    return 0;
}

if (args is ["seeds", string seedsOf, string folder] && FuzzTargets.Find(seedsOf) is FuzzTarget seeded)
{
    Directory.CreateDirectory(folder);
    byte[][] seeds = seeded.Seeds();
    for (int i = 0; i < seeds.Length; i++)
    {
        File.WriteAllBytes(Path.Combine(folder, $"seed-{i}"), seeds[i]);
    }

    Console.WriteLine($"{seeds.Length} seeds for {seeded.Name} in {folder}");
    return 0;
}

Console.Error.WriteLine("usage: SpanNet.Fuzz <target> < input        (afl-fuzz runs it this way)");
Console.Error.WriteLine("       SpanNet.Fuzz seeds <target> <folder>");
Console.Error.WriteLine("targets:");
foreach (FuzzTarget each in FuzzTargets.All)
{
    Console.Error.WriteLine($"  {each.Name,-11} {each.Summary}");
}

return 2;

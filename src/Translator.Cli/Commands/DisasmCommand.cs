using System.Text;
using Translator.Loading;

namespace Translator.Cli.Commands;

/// <summary><c>rvt disasm</c>: lists the executable sections of an ELF in objdump's layout.</summary>
public static class DisasmCommand
{
    /// <summary>Parses the arguments, prints the listing and returns rvt's exit code.</summary>
    public static int Run(ArgumentReader args)
    {
        string? path = null;
        while (args.HasMore)
        {
            string arg = args.Next();
            if (arg.StartsWith('-'))
                throw new UsageException($"disasm: unknown option '{arg}'");
            if (path != null)
                throw new UsageException($"disasm: unexpected argument '{arg}' (one ELF file at a time)");
            path = arg;
        }
        if (path == null)
            throw new UsageException("disasm: an ELF file is required");

        var image = ElfImage.Load(path);
        using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
        new Listing(image).Write(stdout);
        return 0;
    }
}

using System.Diagnostics;
using System.Runtime.InteropServices;
using Translator.Testing;

namespace Translator.SoftFloat.Tests.Oracle;

/// <summary>One test case for the oracle; layout matches request_t in fpu-oracle.c.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct OracleRequest
{
    public OracleOp Op;
    public uint Rm;
    public ulong A, B, C;
}

/// <summary>The oracle's answer; layout matches response_t in fpu-oracle.c.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct OracleResponse
{
    public ulong Result;
    public ulong Flags;
}

/// <summary>
/// Runs real RISC-V F/D instructions under qemu-riscv64 via guest/oracles/fpu-oracle.c, building the oracle
/// first when its binary is missing or older than its source.
/// </summary>
public static class FpuOracle
{
    private static readonly Lazy<string> BinaryPath = new(BuildIfStale, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Root { get; } = FindRoot();

    /// <summary>Runs every request through one oracle process.</summary>
    public static OracleResponse[] Run(OracleRequest[] requests)
    {
        var start = new ProcessStartInfo("qemu-riscv64", [BinaryPath.Value])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start qemu-riscv64");
        var responses = new OracleResponse[requests.Length];
        // Feed stdin on another thread: the oracle answers as it reads, so both pipes must keep moving.
        var writer = Task.Run(() =>
        {
            using var input = process.StandardInput.BaseStream;
            input.Write(MemoryMarshal.AsBytes(requests.AsSpan()));
        });
        var stderr = process.StandardError.ReadToEndAsync();
        Span<byte> output = MemoryMarshal.AsBytes(responses.AsSpan());
        var stdout = process.StandardOutput.BaseStream;
        int read = 0;
        while (read < output.Length)
        {
            int n = stdout.Read(output[read..]);
            if (n == 0)
                break;
            read += n;
        }
        writer.Wait();
        process.WaitForExit();
        if (read != output.Length || process.ExitCode != 0)
            throw new InvalidOperationException(
                $"fpu-oracle answered {read} of {output.Length} bytes, exit code {process.ExitCode}: {stderr.Result}");
        return responses;
    }

    private static string BuildIfStale()
    {
        string source = Path.Combine(Root, "guest", "oracles", "fpu-oracle.c");
        string outputDirectory = Path.Combine(Root, "guest", "build", "oracles");
        string binary = Path.Combine(outputDirectory, "fpu-oracle");
        if (File.Exists(binary) && File.GetLastWriteTimeUtc(binary) >= File.GetLastWriteTimeUtc(source))
            return binary;

        Directory.CreateDirectory(outputDirectory);
        // Build beside the target and rename, so a concurrent reader never sees a half-written binary.
        string temporary = $"{binary}.{Environment.ProcessId}.tmp";
        var start = new ProcessStartInfo("riscv64-linux-gnu-gcc", ["-O2", "-static", "-o", temporary, source])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var gcc = Process.Start(start) ?? throw new InvalidOperationException("cannot start riscv64-linux-gnu-gcc");
        string errors = gcc.StandardError.ReadToEnd();
        gcc.WaitForExit();
        if (gcc.ExitCode != 0)
            throw new InvalidOperationException("building fpu-oracle failed:\n" + errors);
        File.Move(temporary, binary, overwrite: true);
        return binary;
    }

    private static string FindRoot()
    {
        try
        {
            return RepoPaths.Root;
        }
        catch (TypeInitializationException)
        {
            // RepoPaths looks for a solution file by one name; fall back to this project's own landmark.
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "guest", "oracles", "fpu-oracle.c")))
                    return dir.FullName;
            }
            throw;
        }
    }
}

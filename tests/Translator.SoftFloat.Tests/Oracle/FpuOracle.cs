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

    public static string Root => RepoPaths.Root;

    private const int Attempts = 3;

    private static readonly TimeSpan OracleTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Ends the oracle process this class started, if it is still running.</summary>
    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Runs every request through one oracle process.</summary>
    /// <remarks>
    /// Process plumbing on a loaded machine has failed spuriously (a pipe write reporting a timeout), so a failed
    /// run is retried; the answers are only compared once a run has completed in full.
    /// </remarks>
    public static OracleResponse[] Run(OracleRequest[] requests)
    {
        var failures = new List<Exception>();
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            try
            {
                return RunOnce(requests);
            }
            catch (Exception failure) when (failure is IOException or InvalidOperationException or AggregateException)
            {
                failures.Add(failure);
            }
        }
        throw new AggregateException($"fpu-oracle failed {Attempts} times", failures);
    }

    private static OracleResponse[] RunOnce(OracleRequest[] requests)
    {
        var start = new ProcessStartInfo("qemu-riscv64", [BinaryPath.Value])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start qemu-riscv64");
        // A hung oracle must fail the test, not stall it: killing it closes stdout and ends the read below.
        using var watchdog = new Timer(_ => KillQuietly(process), null, OracleTimeout, Timeout.InfiniteTimeSpan);
        var responses = new OracleResponse[requests.Length];
        try
        {
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
        }
        finally
        {
            KillQuietly(process);
        }
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
}

using System.Collections.Concurrent;

namespace Translator.Devices;

/// <summary>
/// Console input from the host's stdin, read on a background thread so the guest never blocks:
/// key by key without echo from a terminal, byte by byte from a pipe or file.
/// </summary>
public sealed class StdinConsoleInput : IConsoleInput
{
    private readonly ConcurrentQueue<byte> _bytes = new();

    /// <summary>Starts reading stdin in the background.</summary>
    public StdinConsoleInput()
    {
        var thread = new Thread(Console.IsInputRedirected ? ReadStream : ReadKeys) { IsBackground = true, Name = "rvt stdin" };
        thread.Start();
    }

    /// <inheritdoc/>
    public bool TryRead(out byte value) => _bytes.TryDequeue(out value);

    private void ReadStream()
    {
        using var stdin = Console.OpenStandardInput();
        var buffer = new byte[4096];
        int n;
        while ((n = stdin.Read(buffer)) > 0)
            for (int i = 0; i < n; i++) _bytes.Enqueue(buffer[i]);
    }

    private void ReadKeys()
    {
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            char c = key.KeyChar == '\n' ? '\r' : key.KeyChar; // a terminal's Enter sends CR
            foreach (byte b in System.Text.Encoding.UTF8.GetBytes(c.ToString()))
                _bytes.Enqueue(b);
        }
    }
}

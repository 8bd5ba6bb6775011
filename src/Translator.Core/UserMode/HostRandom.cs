using System.Security.Cryptography;

namespace Translator.UserMode;

/// <summary>
/// The host's random bytes, for AT_RANDOM and getrandom: the kernel's /dev/urandom where there is one, because the
/// cryptography library would load and initialise OpenSSL first (milliseconds of start-up for 16 bytes).
/// </summary>
internal static class HostRandom
{
    public static void Fill(Span<byte> destination)
    {
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                using var device = File.OpenHandle("/dev/urandom");
                int done = 0;
                while (done < destination.Length)
                {
                    int read = RandomAccess.Read(device, destination[done..], 0);
                    if (read <= 0)
                        break;
                    done += read;
                }
                if (done == destination.Length)
                    return;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        RandomNumberGenerator.Fill(destination);
    }
}

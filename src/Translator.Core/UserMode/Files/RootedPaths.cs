using Translator.UserMode.Abi;

namespace Translator.UserMode.Files;

/// <summary>
/// Resolves guest paths to host paths inside one root directory. The guest sees the host's names, but every
/// path is resolved one component at a time, following symlinks itself, and any path that leaves the root
/// (by <c>..</c>, an absolute name or a symlink) fails with EACCES. Walking through the root's own ancestors on
/// the way in is allowed, and so is looking one of them up (stat, readlink, access), which programs that make a
/// path canonical do component by component (glibc's realpath, SQLite); opening, listing or changing one is not.
/// (A concurrent host process could still swap a component between the check and the use.)
/// </summary>
public sealed unsafe class RootedPaths
{
    // The limit Linux puts on symlinks followed while resolving one path.
    private const int MaxSymlinks = 40;
    private const int LinkBufferSize = 4096;

    /// <summary>Confines paths to <paramref name="root"/>, which must be an existing directory.</summary>
    public RootedPaths(string root)
    {
        if (Resolve("/", Path.GetFullPath(root), followFinal: true, confine: false, out string real) != 0 || !Directory.Exists(real))
            throw new DirectoryNotFoundException($"root directory '{root}' does not exist");
        Root = real;
    }

    /// <summary>The root directory, as a real (symlink-free) absolute path.</summary>
    public string Root { get; }

    /// <summary>Whether a real absolute path is the root or inside it.</summary>
    public bool IsInside(string path) => path == Root || path.StartsWith(Root == "/" ? "/" : Root + "/", StringComparison.Ordinal);

    /// <summary>
    /// Resolves <paramref name="path"/> relative to the directory <paramref name="baseDirectory"/> (a real path).
    /// Returns 0 and the host path, or a positive errno. The final component need not exist; it is followed when it
    /// is a symlink and <paramref name="followFinal"/> is set. With <paramref name="lookupOnly"/> (the caller only reads
    /// the file's metadata) the path may also end at an ancestor of the root.
    /// </summary>
    public int Resolve(string baseDirectory, string path, bool followFinal, out string hostPath, bool lookupOnly = false) =>
        Resolve(baseDirectory, path, followFinal, confine: true, out hostPath, lookupOnly);

    private int Resolve(string baseDirectory, string path, bool followFinal, bool confine, out string hostPath, bool lookupOnly = false)
    {
        hostPath = "";
        if (path.Length == 0)
            return Errno.ENOENT;
        var resolved = new List<string>();
        if (!path.StartsWith('/'))
            resolved.AddRange(Split(baseDirectory));
        var pending = new LinkedList<string>(Split(path));
        int links = 0;
        byte[] buffer = new byte[LinkBufferSize];
        while (pending.Count > 0)
        {
            string component = pending.First!.Value;
            pending.RemoveFirst();
            if (component == ".")
                continue;
            if (component == "..")
            {
                if (resolved.Count > 0)
                    resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            resolved.Add(component);
            string current = Join(resolved);
            if (confine && !IsInside(current) && !IsAncestorOfRoot(current))
                return Errno.EACCES;
            bool last = pending.All(c => c == ".");
            if (last && !followFinal)
                break;
            nint length;
            fixed (byte* p = HostCalls.Path(current))
            fixed (byte* b = buffer)
                length = HostCalls.readlink(p, b, buffer.Length);
            if (length >= 0)
            {
                if (++links > MaxSymlinks)
                    return Errno.ELOOP;
                resolved.RemoveAt(resolved.Count - 1);
                string target = System.Text.Encoding.UTF8.GetString(buffer, 0, (int)length);
                if (target.StartsWith('/'))
                    resolved.Clear();
                var targetComponents = Split(target);
                for (int i = targetComponents.Count - 1; i >= 0; i--)
                    pending.AddFirst(targetComponents[i]);
                continue;
            }
            int error = (int)-HostCalls.Error();
            if (error == Errno.EINVAL)
                continue; // exists and is not a symlink
            if (error == Errno.ENOENT && last)
                continue; // a name about to be created
            return error;
        }
        hostPath = Join(resolved);
        if (confine && !IsInside(hostPath) && !(lookupOnly && IsAncestorOfRoot(hostPath)))
            return Errno.EACCES;
        return 0;
    }

    private bool IsAncestorOfRoot(string path) => path == "/" || Root.StartsWith(path + "/", StringComparison.Ordinal);

    private static List<string> Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Join(List<string> components) => "/" + string.Join('/', components);
}

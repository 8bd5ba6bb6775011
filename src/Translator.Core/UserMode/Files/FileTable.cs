namespace Translator.UserMode.Files;

/// <summary>An open guest file descriptor: a private host descriptor and the host path it was opened by.</summary>
/// <param name="HostFd">The host descriptor; each guest descriptor owns its own (dup makes a new one).</param>
/// <param name="HostPath">The real host path, used for *at calls relative to a directory; empty for pipes and stdio.</param>
/// <param name="IsDirectory">Whether it is a directory.</param>
public sealed record OpenFile(int HostFd, string HostPath, bool IsDirectory)
{
    /// <summary>FD_CLOEXEC, kept for F_GETFD (rvt runs no exec).</summary>
    public bool CloseOnExec { get; set; }
}

/// <summary>The guest's descriptor table: the lowest free number is used, as on Linux.</summary>
public sealed class FileTable
{
    /// <summary>The most descriptors a guest may have open (RLIMIT_NOFILE's usual soft limit).</summary>
    public const int MaxDescriptors = 1024;

    private readonly List<OpenFile?> _slots = new();

    /// <summary>The open file at <paramref name="fd"/>, or null.</summary>
    public OpenFile? Get(long fd) => fd >= 0 && fd < _slots.Count ? _slots[(int)fd] : null;

    /// <summary>Places <paramref name="file"/> at the lowest free number not below <paramref name="minimum"/>; -1 if full.</summary>
    public int Add(OpenFile file, int minimum = 0)
    {
        for (int fd = minimum; fd < MaxDescriptors; fd++)
        {
            while (_slots.Count <= fd)
                _slots.Add(null);
            if (_slots[fd] == null)
            {
                _slots[fd] = file;
                return fd;
            }
        }
        return -1;
    }

    /// <summary>Places <paramref name="file"/> at <paramref name="fd"/>, returning what was there.</summary>
    public OpenFile? Replace(int fd, OpenFile file)
    {
        while (_slots.Count <= fd)
            _slots.Add(null);
        var old = _slots[fd];
        _slots[fd] = file;
        return old;
    }

    /// <summary>Closes every host descriptor (when the process ends).</summary>
    public void CloseAll()
    {
        for (int fd = 0; fd < _slots.Count; fd++)
        {
            if (_slots[fd] is { } file)
                HostCalls.close(file.HostFd);
            _slots[fd] = null;
        }
    }

    /// <summary>Removes and returns the file at <paramref name="fd"/>.</summary>
    public OpenFile? Remove(long fd)
    {
        var file = Get(fd);
        if (file != null)
            _slots[(int)fd] = null;
        return file;
    }
}

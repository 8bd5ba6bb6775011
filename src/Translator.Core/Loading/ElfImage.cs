using System.Buffers.Binary;
using System.Text;
using ELFSharp.ELF.Segments;

namespace Translator.Loading;

/// <summary>A loadable segment of an ELF file: where it goes and what it holds.</summary>
/// <param name="VirtualAddress">p_vaddr.</param>
/// <param name="PhysicalAddress">p_paddr, where system mode places it.</param>
/// <param name="MemorySize">p_memsz; the part beyond the file contents is zero.</param>
/// <param name="Contents">The file contents (p_filesz bytes).</param>
/// <param name="Flags">Read, write and execute permissions.</param>
public sealed record LoadSegment(ulong VirtualAddress, ulong PhysicalAddress, ulong MemorySize, byte[] Contents, SegmentFlags Flags);

/// <summary>A named address from the symbol table.</summary>
/// <param name="Name">The symbol's name.</param>
/// <param name="Address">Its value.</param>
/// <param name="Size">Its size in bytes (0 if unknown).</param>
/// <param name="IsFunction">Whether it is a function symbol.</param>
public sealed record ElfSymbol(string Name, ulong Address, ulong Size, bool IsFunction);

/// <summary>A section holding instructions, for the disassembler.</summary>
/// <param name="Name">The section name.</param>
/// <param name="Address">Its load address.</param>
/// <param name="Contents">Its bytes.</param>
public sealed record CodeSection(string Name, ulong Address, byte[] Contents);

/// <summary>
/// A validated 64-bit RISC-V ELF file. Every way a file can be unusable becomes a <see cref="GuestImageException"/>
/// with a one-line message. The header and program headers (what a loader needs) are read here at once; the
/// sections (symbols, code for the disassembler, <see cref="ElfSections"/>) only when first asked for, as a kernel's
/// loader never reads them and a large static program has thousands of symbols.
/// </summary>
public sealed class ElfImage
{
    private const ushort MachineRiscV = 243;

    private readonly Lazy<ElfSections.Contents> _sections;

    private ElfImage(string path, byte[] bytes, ulong entry, bool isExecutable, ProgramHeaders headers, IReadOnlyList<LoadSegment> segments,
        string? interpreter)
    {
        Path = path;
        Entry = entry;
        IsDynamicObject = !isExecutable;
        ProgramHeaders = headers;
        Segments = segments;
        Interpreter = interpreter;
        _sections = new(() => ElfSections.Read(path, bytes));
    }

    /// <summary>The file this image came from.</summary>
    public string Path { get; }

    /// <summary>The entry point address.</summary>
    public ulong Entry { get; }

    /// <summary>True for ET_DYN (position-independent) files.</summary>
    public bool IsDynamicObject { get; }

    /// <summary>The program header table (for the auxiliary vector).</summary>
    public ProgramHeaders ProgramHeaders { get; }

    /// <summary>The PT_LOAD segments.</summary>
    public IReadOnlyList<LoadSegment> Segments { get; }

    /// <summary>Symbols with a name and an address, sorted by address.</summary>
    /// <exception cref="GuestImageException">The section table is malformed.</exception>
    public IReadOnlyList<ElfSymbol> Symbols => _sections.Value.Symbols;

    /// <summary>Sections with the executable flag, in file order.</summary>
    /// <exception cref="GuestImageException">The section table is malformed.</exception>
    public IReadOnlyList<CodeSection> CodeSections => _sections.Value.Code;

    /// <summary>The PT_INTERP path of a dynamically linked program, or null.</summary>
    public string? Interpreter { get; }

    /// <summary>Finds a symbol by name.</summary>
    public ElfSymbol? FindSymbol(string name) => Symbols.FirstOrDefault(s => s.Name == name);

    /// <summary>Reads and validates an ELF file.</summary>
    /// <exception cref="GuestImageException">The file is missing, unreadable, not ELF, not 64-bit or not RISC-V.</exception>
    public static ElfImage Load(string path) => FromBytes(path, ReadFile(path));

    /// <summary>Validates an ELF file already read.</summary>
    internal static ElfImage FromBytes(string path, byte[] bytes)
    {
        CheckHeader(path, bytes);
        return FromProgramHeaders(path, bytes);
    }

    /// <summary>Reads a guest file whole, or says in one line why it cannot.</summary>
    internal static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new GuestImageException($"{path}: cannot read: {e.Message}");
        }
    }

    /// <summary>Whether <paramref name="bytes"/> start with the ELF magic number.</summary>
    internal static bool HasElfMagic(byte[] bytes) =>
        bytes.Length >= 4 && bytes[0] == 0x7F && bytes[1] == (byte)'E' && bytes[2] == (byte)'L' && bytes[3] == (byte)'F';

    // Checks the identification bytes ourselves so each wrong kind of file gets a precise message.
    private static void CheckHeader(string path, byte[] bytes)
    {
        if (!HasElfMagic(bytes))
            throw new GuestImageException($"{path}: not an ELF file");
        if (bytes.Length < 64)
            throw new GuestImageException($"{path}: truncated ELF file ({bytes.Length} bytes, header needs 64)");
        if (bytes[4] != 2)
            throw new GuestImageException($"{path}: not a 64-bit ELF file (ELF class {bytes[4]}); rvt runs RV64 programs");
        if (bytes[5] != 1)
            throw new GuestImageException($"{path}: not a little-endian ELF file");
        ushort machine = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(MachineOffset));
        if (machine != MachineRiscV)
            throw new GuestImageException($"{path}: not a RISC-V ELF file (e_machine {machine})");
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(TypeOffset));
        if (type is not (Executable or SharedObject))
            throw new GuestImageException($"{path}: not an executable ELF file (e_type {type})");
    }

    // ELF64 header fields (System V ABI), and e_type's values for programs.
    private const int TypeOffset = 16, MachineOffset = 18, EntryOffset = 24;
    private const ushort Executable = 2, SharedObject = 3;

    private static ElfImage FromProgramHeaders(string path, byte[] bytes)
    {
        var headers = ProgramHeaders.Read(path, bytes);
        var segments = new List<LoadSegment>();
        string? interpreter = null;
        foreach (var header in headers.Entries)
        {
            if (header.Type is not (ProgramHeaders.Load or ProgramHeaders.Interpreter))
                continue;
            if (header.Offset > (ulong)bytes.Length || header.FileSize > (ulong)bytes.Length - header.Offset)
                throw new GuestImageException($"{path}: truncated ELF file (segment at offset 0x{header.Offset:x} runs past the end)");
            byte[] contents = bytes.AsSpan((int)header.Offset, (int)header.FileSize).ToArray();
            if (header.Type == ProgramHeaders.Interpreter)
            {
                interpreter = Encoding.ASCII.GetString(contents).TrimEnd('\0');
                continue;
            }
            if (header.FileSize > header.MemorySize)
                throw new GuestImageException($"{path}: malformed ELF file (segment file size exceeds memory size)");
            segments.Add(new LoadSegment(header.VirtualAddress, header.PhysicalAddress, header.MemorySize, contents, header.Flags));
        }
        if (segments.Count == 0)
            throw new GuestImageException($"{path}: ELF file has no loadable segments");
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(TypeOffset));
        return new ElfImage(path, bytes, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(EntryOffset)), type == Executable, headers, segments, interpreter);
    }
}
